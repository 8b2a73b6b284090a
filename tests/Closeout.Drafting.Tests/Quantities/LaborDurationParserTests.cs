using System.Globalization;
using Closeout.Drafting.Quantities;

namespace Closeout.Drafting.Tests.Quantities;

public sealed class LaborDurationParserTests
{
    private static string Describe(string text) =>
        string.Join(" | ", LaborDurationParser.FindAll(text).Select(d =>
            $"{d.Who} {decimal.Round(d.Hours, 4).ToString("0.####", CultureInfo.InvariantCulture)}{(d.Approximate ? " ~" : "")}"));

    [Theory]
    [InlineData("2.5 hrs.", "author 2.5")]
    [InlineData("No leaks, pan dried out. 1.5 hrs incl draining.", "author 1.5")]
    [InlineData("Supply line swapped for braided too. 45 min.", "author 0.75")]
    [InlineData("2 new braided lines. 1 hr 20 min.", "author 1.3333")]
    [InlineData("No leaks. Took about an hour. Hauled old unit.", "author 1 ~")]
    [InlineData("New tank, straps. 3.5 hrs me, Jo 3 hrs.", "author 3.5 | Jo 3")]
    [InlineData("Recommended one. 2 hrs w/ helper.", "author 2 | helper 2")]
    [InlineData("14' of 1/2 + 3 fittings.  2.5 hrs w/ Sam.", "author 2.5 | Sam 2.5")]
    [InlineData("showed her the spacing. 3 hrs, Rosa + Lee", "Rosa 3 | Lee 3")]
    [InlineData("Ran all 8 from the app, good. 1.5 hr w/ Kai.", "author 1.5 | Kai 1.5")]
    [InlineData("an hour and a half", "author 1.5")]
    [InlineData("Labor: 2 hrs", "author 2")]
    [InlineData("about 3 hrs total", "author 3 ~")]
    [InlineData("Rosa + Lee 3 hrs", "Rosa 3 | Lee 3")]
    [InlineData("me + Jo 2.5 hrs", "author 2.5 | Jo 2.5")]
    [InlineData("2h w/ apprentice", "author 2 | apprentice 2")]
    [InlineData("3 hrs w/ Sam + Lee", "author 3 | Sam 3 | Lee 3")]
    [InlineData("Replaced the valve (2 hrs)", "author 2")]
    [InlineData("2 hrs w/ my helper", "author 2 | helper 2")]
    [InlineData("2 hrs crew", "crew 2")]
    public void Stated_labor_is_found_per_person(string text, string expected) =>
        Assert.Equal(expected, Describe(text));

    [Theory]
    [InlineData("ran it 20 min")]
    [InlineData("Ran 20 min, all good.")]
    [InlineData("Dry after 20 min.")]
    [InlineData("Split 19 deg after 15 min.")]
    [InlineData("Ran hot water 10 min, draining good.")]
    [InlineData("Clock set to M-W-F 5am, 15 min sprays / 30 min rotors.")]
    [InlineData("water every couple wks")]
    [InlineData("back Monday")]
    [InlineData("Drained/refilled, full temp in about an hour.")]
    [InlineData("Pressure test 100 psi 30 min held.")]
    [InlineData("bumped that zone +5 min on her controller.")]
    [InlineData("told Mrs L water 3x a day ~10 min for 2 wks then back off")]
    [InlineData("Flushed 15 min")]
    [InlineData("Soaked 30 min.")]
    [InlineData("Cycled 10 min")]
    [InlineData("took 2 hrs to drain")]
    [InlineData("Waited 30 min for the inspector")]
    [InlineData("Ran z2 15 min, no bubbling.")]
    [InlineData("Cycled z4 a few times + ran it 10 min, bone dry.")]
    [InlineData("Ran + Tested 20 min")]
    [InlineData("Held 15 min")]
    [InlineData("left at 11:50 to pick up pavers")]
    [InlineData("back in 2 days")]
    public void Other_durations_are_not_labor(string text) =>
        Assert.Empty(LaborDurationParser.FindAll(text));

    [Fact]
    public void The_span_is_the_duration()
    {
        const string text = "Hauled old unit. 2.5 hrs w/ Sam.";
        var d = LaborDurationParser.FindAll(text)[0];
        Assert.Equal("2.5 hrs", text.Substring(d.Start, d.Length));
        Assert.Equal(LaborWorkerKind.Author, d.Kind);
    }
}
