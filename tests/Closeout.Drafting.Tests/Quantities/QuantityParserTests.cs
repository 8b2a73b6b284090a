using System.Globalization;
using Closeout.Drafting.Quantities;

namespace Closeout.Drafting.Tests.Quantities;

public sealed class QuantityParserTests
{
    internal static string Describe(QuantityExpression q)
    {
        var value = q.Value is { } v ? decimal.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture) : "-";
        var text = $"{q.Kind} {value}{(q.Unit is null ? "" : " " + q.Unit)}";
        if (q.Each is { } each)
        {
            text += $" @{each.Value.ToString("0.####", CultureInfo.InvariantCulture)} {each.Unit}";
        }

        return text + (q.Approximate ? " ~" : "");
    }

    private static string Amounts(string text) =>
        string.Join(" | ", QuantityParser.FindAll(text).Where(q => q.Kind == QuantityKind.Amount).Select(Describe));

    [Theory]
    [InlineData("3", 3)]
    [InlineData("3.5", 3.5)]
    [InlineData("1,200", 1200)]
    [InlineData("one", 1)]
    [InlineData("seven", 7)]
    [InlineData("twenty", 20)]
    [InlineData("ninety", 90)]
    [InlineData("twenty-five", 25)]
    [InlineData("twenty five", 25)]
    [InlineData("a hundred", 100)]
    [InlineData("two hundred fifty", 250)]
    [InlineData("a hundred and twenty", 120)]
    [InlineData("a hundred twenty-five", 125)]
    [InlineData("one hundred and five", 105)]
    [InlineData("two hundred and fifty", 250)]
    [InlineData("a pair", 2)]
    [InlineData("a dozen", 12)]
    [InlineData("half a dozen", 6)]
    [InlineData("2 dozen", 24)]
    [InlineData("half a", 0.5)]
    [InlineData("one and a half", 1.5)]
    [InlineData("1 1/2", 1.5)]
    [InlineData("1-1/2", 1.5)]
    [InlineData("3 1/2", 3.5)]
    [InlineData("1/2", 0.5)]
    [InlineData("both", 2)]
    [InlineData("a", 1)]
    [InlineData("an", 1)]
    public void Number_words_and_digits_parse(string phrase, double expected)
    {
        Assert.True(NumberWords.TryParse(phrase, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("three bags")]
    [InlineData("bags")]
    [InlineData("")]
    public void Number_phrases_with_anything_left_over_do_not_parse(string phrase) =>
        Assert.False(NumberWords.TryParse(phrase, out _));

    [Theory]
    // counts
    [InlineData("2 new braided lines", "Amount 2")]
    [InlineData("swapped all five", "Amount 5")]
    [InlineData("Replaced both sillcocks", "Amount 2")]
    [InlineData("New angle stops x2", "Amount 2")]
    [InlineData("1g perennials x12 along the walk", "Amount 12")]
    [InlineData("(2) push fittings", "Amount 2")]
    [InlineData("qty 36 crimp fittings", "Amount 36")]
    [InlineData("qty: 4 elbows", "Amount 4")]
    [InlineData("fill valves on 2 of them", "Amount 2")]
    [InlineData("a dozen stakes", "Amount 12")]
    [InlineData("a pair of water flexes", "Amount 2")]
    [InlineData("twenty fittings", "Amount 20")]
    [InlineData("swapped 2 3/4 ball valves", "Amount 2")]
    [InlineData("3 running, not 4", "Amount 3 | Amount 4")]
    // lengths
    [InlineData("14' of 1/2 + 3 fittings", "Amount 14 foot | Amount 3")]
    [InlineData("Cabled 25' thru the wall", "Amount 25 foot")]
    [InlineData("pulled a hundred and twenty feet of 12/2", "Amount 120 foot")]
    [InlineData("2 tabs, half gal acid", "Amount 2 | Amount 0.5 gallon")]
    [InlineData("half yd of mulch", "Amount 0.5 yard")]
    [InlineData("6 ft + 2 ells", "Amount 6 foot | Amount 2")]
    [InlineData("120 lf of edging", "Amount 120 foot")]
    [InlineData("twenty feet of hose", "Amount 20 foot")]
    [InlineData("~40 ft of wire", "Amount 40 foot ~")]
    [InlineData("hit roots ~55'", "Amount 55 foot ~")]
    [InlineData("approx 6' of clay", "Amount 6 foot ~")]
    [InlineData("about 8ft off the fence", "Amount 8 foot ~")]
    [InlineData("6 ft 6 in of chain", "Amount 6.5 foot")]
    [InlineData("6' 6\" of chain", "Amount 6.5 foot")]
    [InlineData("40ish feet", "Amount 40 foot ~")]
    [InlineData("a belly 60-64'", "Amount 64 foot ~")]
    [InlineData("overlapped 6in.", "Amount 6 inch")]
    [InlineData("~2in of water", "Amount 2 inch ~")]
    // weights
    [InlineData("added 2 lbs 8 oz of R-22", "Amount 2.5 pound")]
    [InlineData("added 1 lb 4 oz R410", "Amount 1.25 pound")]
    [InlineData("Weighed in 5 lbs 12 oz 410A", "Amount 5.75 pound")]
    [InlineData("15 lbs of TTTF blend", "Amount 15 pound")]
    [InlineData("8 oz of dye", "Amount 8 ounce")]
    [InlineData("a 25# sack", "Amount 1 bag @25 pound")]
    [InlineData("10# of seed", "Amount 10 pound")]
    // volumes and bulk
    [InlineData("added 3 gal of chlorine", "Amount 3 gallon")]
    [InlineData("2 qts of oil", "Amount 2 quart")]
    [InlineData("2 yds topsoil", "Amount 2 yard")]
    [InlineData("about 3 yds of mulch", "Amount 3 yard ~")]
    [InlineData("3 cu yd of gravel", "Amount 3 cubic yard")]
    [InlineData("2 cubic yards", "Amount 2 cubic yard")]
    [InlineData("half a yard of bark", "Amount 0.5 yard")]
    [InlineData("a yard and a half of mulch", "Amount 1.5 yard")]
    [InlineData("one and a half yards", "Amount 1.5 yard")]
    [InlineData("only used 1/2 yd", "Amount 0.5 yard")]
    // areas, weights by the ton, bags, pallets
    [InlineData("Fabric down 450 sf", "Amount 450 square foot")]
    [InlineData("weed barrier 220 sq ft", "Amount 220 square foot")]
    [InlineData("350sf, pinned", "Amount 350 square foot")]
    [InlineData("1,200 square feet", "Amount 1200 square foot")]
    [InlineData("3 sq yd", "Amount 3 square yard")]
    [InlineData("3 ton rose rock", "Amount 3 ton")]
    [InlineData("only took 3 1/2 ton", "Amount 3.5 ton")]
    [InlineData("had about half a ton left", "Amount 0.5 ton ~")]
    [InlineData("2 bags RTF fescue", "Amount 2 bag")]
    [InlineData("11 bags debris", "Amount 11 bag")]
    [InlineData("2 pallets @ 450 sf ea", "Amount 2 pallet @450 square foot")]
    [InlineData("1 bag (50#)", "Amount 1 bag @50 pound")]
    [InlineData("one 50# bag 29-0-4", "Amount 1 bag @50 pound")]
    [InlineData("two 5 gal buckets", "Amount 2 bucket @5 gallon")]
    [InlineData("3 rolls", "Amount 3 roll")]
    [InlineData("4 boxes of screws", "Amount 4 box")]
    [InlineData("3 ea", "Amount 3 each")]
    // time
    [InlineData("2.5 hrs", "Amount 2.5 hour")]
    [InlineData("1 hr 20 min", "Amount 1.3333 hour")]
    [InlineData("45 min", "Amount 45 minute")]
    [InlineData("took about an hour", "Amount 1 hour ~")]
    [InlineData("an hour and a half", "Amount 1.5 hour")]
    [InlineData("half an hour", "Amount 0.5 hour")]
    [InlineData("2 hours and 15 minutes", "Amount 2.25 hour")]
    public void Amounts_are_found_with_unit_value_and_approximation(string text, string expected) =>
        Assert.Equal(expected, Amounts(text));

    [Theory]
    [InlineData("1/2 PEX", "Size 0.5")]
    [InlineData("in 3/4 copper", "Size 0.75")]
    [InlineData("1/2 in copper", "Size 0.5 inch")]
    [InlineData("new 2in PVC", "Size 2 inch")]
    [InlineData("new 1-1/2 trap kit", "Size 1.5")]
    [InlineData("a new 1/4 turn stop", "Size 0.25")]
    [InlineData("1\" zone valve", "Size 1 inch")]
    [InlineData("12in frost free", "Size 12 inch")]
    [InlineData("4in media filter", "Size 4 inch")]
    [InlineData("10 mfd blower cap", "Size 10 mfd")]
    [InlineData("new 1/3 hp sub pump", "Size 0.3333 hp")]
    [InlineData("1.5hp pump", "Size 1.5 hp")]
    [InlineData("set new 50 gal gas unit", "Size 50 gallon")]
    [InlineData("Old 40g tank", "Size 40 gallon")]
    [InlineData("the 15g maple", "Size 15 gallon")]
    [InlineData("Added a 2 gal expansion tank", "Size 2 gallon")]
    [InlineData("18/7 wire", "Size -")]
    [InlineData("Changed filter 16x25x1", "Size 16")]
    [InlineData("Opened 12x12", "Size 12")]
    [InlineData("a new #5 dwarf korean", "Size 5 gallon")]
    [InlineData("Navien 199k", "Size 199 k")]
    [InlineData("3-valve bypass", "Size 3")]
    [InlineData("50# bag", "Size 50 pound")]
    [InlineData("a 45/5 cap", "Size -")]
    public void Sizes_are_not_amounts(string text, string expected)
    {
        var found = QuantityParser.FindAll(text);
        Assert.Contains(expected, found.Select(Describe));
        Assert.DoesNotContain(found, q => q.Kind == QuantityKind.Amount);
    }

    [Theory]
    [InlineData("R410")]
    [InlineData("R-22")]
    [InlineData("120F at kitchen tap")]
    [InlineData("reading 85 psi")]
    [InlineData("regen 2am")]
    [InlineData("set it to odd days 4:30am")]
    [InlineData("Q-311")]
    [InlineData("job #3003")]
    [InlineData("WO #12")]
    [InlineData("Split 19 deg")]
    [InlineData("12.8 ohms")]
    [InlineData("9 yrs old")]
    [InlineData("about 70% gone")]
    [InlineData("TC only putting out 8 mV")]
    [InlineData("Day 2: tie-ins")]
    [InlineData("up to 2nd floor")]
    [InlineData("cabled this line 10/12")]
    [InlineData("the cap we put in 6/30")]
    [InlineData("Moen 1222 cart")]
    [InlineData("humidifier pad (Aprilaire 35)")]
    [InlineData("Febco 825Y")]
    [InlineData("Static 105")]
    [InlineData("set to 65")]
    [InlineData("Amps 4.2")]
    [InlineData("inducer pulling -1.1")]
    [InlineData("closes at -1.4 in wc")]
    [InlineData("Inspector came at 2")]
    [InlineData("rd 2 fert")]
    [InlineData("Girls stall 2 was rocking")]
    [InlineData("Z4 side yard")]
    [InlineData("ran z1-5")]
    [InlineData("Furnace tries 3x then locks out")]
    [InlineData("water 3x a day")]
    [InlineData("mowed at 3.5")]
    [InlineData("24-0-6 slow release")]
    [InlineData("26VAC at the transformer")]
    [InlineData("drawing 1.9A on a 1.4 FLA")]
    [InlineData("Dual cap tested 28 / 3.1")]
    [InlineData("1gph emitters")]
    [InlineData("call 811 before digging")]
    [InlineData("Rachio 8z")]
    [InlineData("pulled vac to 350 microns")]
    [InlineData("Set hardness 14 gpg")]
    public void Readings_references_and_codes_are_not_amounts(string text) =>
        Assert.DoesNotContain(QuantityParser.FindAll(text), q => q.Kind == QuantityKind.Amount);

    [Theory]
    [InlineData("added some R-22")]
    [InlineData("added some 22 from my cylinder")]
    [InlineData("replaced a few noz")]
    [InlineData("a couple scrap pcs left")]
    [InlineData("couple mushroom rings")]
    [InlineData("a handful of staples")]
    [InlineData("Spread the rest of the mulch")]
    [InlineData("a couple hundred feet of wire")]
    [InlineData("several spots on the return bends")]
    [InlineData("a bit of sealant")]
    [InlineData("lots of grease")]
    [InlineData("a few wheelbarrows of topsoil")]
    [InlineData("a ton of bindweed")]
    public void Vague_amounts_give_no_quantity(string text)
    {
        Assert.True(QuantityParser.IsVague(text));
        Assert.DoesNotContain(QuantityParser.FindAll(text), q => q.Kind == QuantityKind.Amount);
    }

    [Fact]
    public void Vague_amount_keeps_its_unit_but_no_value()
    {
        var q = Assert.Single(QuantityParser.FindAll("a couple hundred feet"));
        Assert.Equal(QuantityKind.Vague, q.Kind);
        Assert.Null(q.Value);
        Assert.Equal(Units.Foot, q.Unit);
    }

    [Theory]
    [InlineData("2 in the box")]
    [InlineData("replaced the flapper")]
    [InlineData("the old one cracked")]
    [InlineData("around both islands")]
    public void Plain_words_are_not_quantities_with_units(string text) =>
        Assert.DoesNotContain(QuantityParser.FindAll(text), q => q.HasUnit || q.Approximate);

    [Fact]
    public void Spans_locate_the_expression_in_the_text()
    {
        const string text = "Laid the KBG, 2 pallets @ 450 sf ea, went thru both.";
        var q = QuantityParser.FindAll(text)[0];
        Assert.Equal("2 pallets @ 450 sf ea", text.Substring(q.Start, q.Length));
        Assert.Equal(q.Text, text[q.Start..q.End]);
    }

    [Fact]
    public void Five_number_fives_are_five_plants_of_five_gallons()
    {
        var found = QuantityParser.FindAll("Planted five #5s");
        Assert.Equal(["Amount 5", "Size 5 gallon"], found.Select(Describe));
    }

    [Fact]
    public void A_count_before_a_measure_counts_things_of_that_size()
    {
        var found = QuantityParser.FindAll("the 12 one gals in thru X cuts");
        Assert.Equal(["Amount 12", "Size 1 gallon"], found.Select(Describe));
    }

    [Fact]
    public void Every_number_of_a_real_note_is_classified()
    {
        const string note = "Day 2: tie-ins at fixtures. Final count: 120' of 3/4, 185' of 1/2, qty 36 crimp fittings, "
            + "2 ball valves on the trunk. Pressure test 100 psi 30 min held.";
        Assert.Equal(
            ["Reference 2", "Amount 120 foot", "Size 0.75", "Amount 185 foot", "Size 0.5", "Amount 36", "Amount 2",
             "Reading 100 psi", "Amount 30 minute"],
            QuantityParser.FindAll(note).Select(Describe));
    }
}
