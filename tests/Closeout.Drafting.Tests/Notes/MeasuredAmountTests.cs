using Closeout.Drafting.Engine;
using static Closeout.Drafting.Tests.Support.Cleaning;

namespace Closeout.Drafting.Tests.Notes;

/// <summary>
/// Amounts of materials sold by measure, read the way a careful person reads them, in a trade (commercial cleaning)
/// that neither evaluation set has: one amount in two units, halves, number words, vague amounts.
/// </summary>
public sealed class MeasuredAmountTests
{
    private static readonly DraftEngine Engine = Support.Cleaning.Engine();

    [Theory]
    // One amount written in two units is one amount, whatever joins them.
    [InlineData("Stripped the lobby, 1 gal + 1 qt of stripper.", "CL-STRIP 1.25")]
    [InlineData("Lobby: 2 gal & 2 qt of floor finish, two coats.", "CL-FINISH 2.5")]
    [InlineData("used 2 lbs and 8 oz of spill absorbent on the loading dock", "CL-ABSORB 2.5")]
    // "half gal" is half a gallon; "half a gallon" in quarts is two.
    [InlineData("Stripped the hall, half gal stripper.", "CL-STRIP 0.5")]
    [InlineData("sealed the shower grout, half a gallon of grout sealer", "CL-SEALER 2")]
    // Number words with their article.
    [InlineData("spread a hundred and twenty pounds of absorbent over the spill", "CL-ABSORB 120")]
    // Two measured materials joined by "+" stay two.
    [InlineData("Stripped + refinished: 3 gal stripper + 2 gal finish.", "CL-STRIP 3, CL-FINISH 2")]
    public void Measured_amounts_are_billed_in_the_items_unit(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Empty(draft.Flags);
    }
}
