using Closeout.Drafting.Drafts;
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
    // An adjective names the thing as its noun does: "granules" of a "granular" absorbent.
    [InlineData("spread 25 lbs of granules on the oil spot", "CL-ABSORB 25")]
    // An amount in the item's own unit of what the phrase's head noun names is that item.
    [InlineData("Kitchen floor: scrubbed w/ 2 gal degreaser.", "CL-DEGREASE 2")]
    // Two measured materials joined by "+" stay two.
    [InlineData("Stripped + refinished: 3 gal stripper + 2 gal finish.", "CL-STRIP 3, CL-FINISH 2")]
    public void Measured_amounts_are_billed_in_the_items_unit(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Empty(draft.Flags);
    }

    [Theory]
    // A vague amount of a material sold by measure says it was used, not how much: a person enters it.
    [InlineData("Burnished the hall: 2 pads + some absorbent on the oil spot.", "CL-PAD 2")]
    [InlineData("Lobby refinish, 3 gal finish, topped the corners w/ a bit of sealer.", "CL-FINISH 3")]
    [InlineData("Mopped the lobby. Spread some granules on the oil spot.", "")]
    public void A_vague_amount_of_a_measured_material_is_flagged_not_billed(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("ambiguous", string.Join(", ", draft.Flags.Select(f => f.Kind.Code()).Distinct()));
    }

    [Theory]
    // A service priced per room counts the rooms the notes say it was done in; with no count the logged one stands.
    [InlineData("Carpet stains in the den + hall, extracted both. Nursery was clean - did not extract.", "CL-CARPET 2")]
    [InlineData("Carpet extraction done, stains came up.", "CL-CARPET 3")]
    [InlineData("Carpet extraction done in 2 rooms.", "CL-CARPET 2")]
    [InlineData("Carpet extraction in the den + hall.", "CL-CARPET 2")]
    public void A_service_priced_per_room_counts_the_rooms_done(string note, string billed)
    {
        var draft = Engine.Draft(Job([note], [Logged("L-1", "CL-CARPET", 3)]));

        Assert.Equal(billed, Billed(draft));
    }

    [Theory]
    // The item's own word as the clause's verb says it was done, an adverb before it or not.
    [InlineData("Lobby tile was dull, just waxed the floor.", "CL-WAX 1")]
    [InlineData("Hall tile looked fine, also waxed the floor.", "CL-WAX 1")]
    // A flat-rate service named as the note's opening words is what the visit was.
    [InlineData("Floor wax, lobby only. Moved the chairs back after.", "CL-WAX 1")]
    public void The_items_own_verb_says_it_was_done(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
    }

    [Theory]
    // An unqualified noun means the catalog's standard item; a stated qualifier means its own.
    [InlineData("Scrubbed the hall, used 2 new pads.", "CL-PAD 2")]
    [InlineData("Burnished the lobby, used 2 new high-speed pads.", "CL-PAD-HS 2")]
    public void An_unqualified_noun_is_the_standard_item(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
    }
}
