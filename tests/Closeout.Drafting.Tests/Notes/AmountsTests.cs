using Closeout.Drafting.Extraction;

namespace Closeout.Drafting.Tests.Notes;

public sealed class AmountsTests
{
    [Theory]
    [InlineData("spliced in 4' of new poly w/ 2 couplings", "4 foot|2 each")]
    [InlineData("added 1 lb 12 oz 410A", "1.75 pound")]
    [InlineData("New flappers (3)", "3 each")]
    [InlineData("New angle stops x2", "2 each")]
    [InlineData("qty 36 crimp fittings", "36 each")]
    [InlineData("2 pallets @ 450 sf ea", "900 square foot")]
    [InlineData("only took 3 1/2 ton", "3.5 ton")]
    [InlineData("Dual cap tested 28 / 3.1 on a 45/5", "")]
    [InlineData("Replaced 50g gas in back utility room", "")]
    [InlineData("4 ells = 17", "4 each|17 each")]
    [InlineData("fill valves on 2 of them", "2 each")]
    [InlineData("Installed a new 420 cartridge", "")]
    [InlineData("added one and a half gallons", "1.5 gallon")]
    public void Finds_amounts_with_their_units(string text, string expected)
    {
        var found = string.Join('|', Amounts.Find(text).Select(a => $"{a.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {a.Unit}"));
        Assert.Equal(expected, found);
    }
}
