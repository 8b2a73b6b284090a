using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Notes;

/// <summary>
/// What one clause of an electrician's note means for the invoice, through the whole engine: a one-note job with an
/// hour of time sheet and nothing logged. Policy lines (labor, trip charge) are left out of <c>Billed</c>.
/// </summary>
public sealed class ClauseMeaningTests
{
    private static readonly DraftEngine Engine = Support.Electrical.Engine();

    [Theory]
    [InlineData("Did NOT replace the breaker, reset it and it held")]
    [InlineData("didn't need a new outlet after all")]
    [InlineData("GFCI outlet tested fine")]
    [InlineData("smoke detector in the hall looked fine")]
    [InlineData("left the old breaker in place")]
    [InlineData("grabbed a new GFCI for the bath, wasn't needed, put it back on the truck")]
    [InlineData("checked every breaker in the panel, all ok")]
    [InlineData("no need for a new smoke detector, chirp was the battery")]
    [InlineData("existing GFCI in the garage is fine")]
    [InlineData("never ran the 12/2, the wall was blocked")]
    [InlineData("recessed light flickering was a loose wire nut, tightened it")]
    public void Negated_or_merely_observed_things_are_not_billed_and_raise_nothing(string note)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    [InlineData("would need a new panel to add another circuit")]
    [InlineData("if it trips again swap the breaker")]
    [InlineData("might need a surge protector down the road")]
    [InlineData("will need 2 more recessed lights next visit")]
    [InlineData("going to replace the smoke detectors once they come in")]
    [InlineData("ordered a 20A breaker, back Thursday to install")]
    public void Conditional_or_future_work_is_not_billed(string note)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal("", Billed(draft));
        // Whether a note of future work is also a recommendation is the reviewer's call; nothing else may be raised.
        Assert.All(draft.Flags, f => Assert.Equal(FlagKind.Declined, f.Kind));
    }

    [Theory]
    [InlineData("recommended a whole-house surge protector, customer declined")]
    [InlineData("quoted a panel upgrade, said not now")]
    [InlineData("offered to put GFCI outlets in the garage, cust passed")]
    [InlineData("suggested replacing the smoke detectors (10+ yrs old), she wants to wait")]
    [InlineData("Recommended recessed lights in the kitchen. Customer will think about it.")]
    public void Declined_or_only_recommended_work_is_flagged_not_billed(string note)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("declined", Flags(draft));
    }

    [Theory]
    [InlineData("installed customer's own smoke detectors (she bought them online)", "")]
    [InlineData("homeowner supplied the GFCI, we just wired it in", "")]
    [InlineData("put in 2 recessed lights the client bought at the big box store", "")]
    // The install is a flat-rate service we performed: billed, while the fan itself was hers.
    [InlineData("hung customer's own ceiling fan in the den (she bought it online)", "EL-FAN 1")]
    public void Parts_the_customer_supplied_are_flagged_not_billed(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("customer_supplied", Flags(draft));
    }

    [Theory]
    [InlineData("the box came with the fixture", "")]
    [InlineData("hung the new ceiling fan, fan-rated box came with it", "EL-FAN 1")]
    public void Parts_that_came_with_new_equipment_are_not_billed_again(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    [InlineData("replaced 3 GFCIs", "EL-GFCI 3")]
    [InlineData("installed two smoke detectors, hallway and bedroom", "EL-SMOKE 2")]
    [InlineData("new GFCI x2 in the kitchen", "EL-GFCI 2")]
    [InlineData("installed recessed lights (4) in the living room", "EL-CAN 4")]
    [InlineData("ran 45' of 12/2 to the garage", "EL-NM122 45")]
    [InlineData("swapped a pair of 20A breakers", "EL-BRK20 2")]
    [InlineData("qty 6 recessed cans installed", "EL-CAN 6")]
    [InlineData("ran fifty feet of romex to the shed", "EL-NM122 50")]
    [InlineData("ran ~30 ft of 12/2 NM along the joists", "EL-NM122 30")]
    [InlineData("installed a dozen recessed lights in the basement", "EL-CAN 12")]
    [InlineData("replaced 3 GFCIs and 2 breakers", "EL-GFCI 3, EL-BRK20 2")]
    [InlineData("kitchen counter ended up needing 4 GFCIs", "EL-GFCI 4")]
    // Of a counted set only checked, the part a later clause replaces is billed.
    [InlineData("checked all 6 smoke detectors, hall one was dead, swapped the one in the hall", "EL-SMOKE 1")]
    [InlineData("tested 4 GFCIs on the counter, replaced 2 of them", "EL-GFCI 2")]
    // A pronoun object takes the thing just named: "installed it at the panel" installs the surge protector, not a panel.
    [InlineData("customer ok'd the whole-house surge protector, installed it at the panel", "EL-SURGE 1")]
    // "cust had me ..." asks for work; it does not say the customer supplied anything.
    [InlineData("cust had me swap the 20 amp breaker for the fridge", "EL-BRK20 1")]
    // With no number, a thing done at each place of a list was done that many times.
    [InlineData("GFCIs in the kitchen, both baths + garage.", "EL-GFCI 3")]
    [InlineData("new smoke detectors in the hall and the nursery", "EL-SMOKE 2")]
    [InlineData("new smoke detector in the hall, nursery one tested fine", "EL-SMOKE 1")]
    public void Stated_quantities_are_billed(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    [InlineData("swapped the breaker", "EL-BRK20 1")]
    [InlineData("replaced the smoke detector in the hall", "EL-SMOKE 1")]
    [InlineData("new 20 amp breaker for the fridge circuit", "EL-BRK20 1")]
    [InlineData("hung the ceiling fan in the master", "EL-FAN 1")]
    [InlineData("installed a GFCI by the kitchen sink", "EL-GFCI 1")]
    // What comes "with" it after a place phrase is a thing again.
    [InlineData("installed the surge protector at the panel w/ a new 20 amp breaker", "EL-SURGE 1, EL-BRK20 1")]
    public void A_count_noun_with_no_number_is_one(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void A_billed_service_brings_its_companion_once()
    {
        var draft = Engine.Draft(Job(["panel upgrade done, swapped to 200A"]));

        Assert.Equal("EL-PANEL 1, EL-PERMIT 1", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void A_declined_service_brings_no_companion()
    {
        var draft = Engine.Draft(Job(["quoted a panel upgrade, customer declined for now"]));

        Assert.DoesNotContain(draft.Lines, l => l.ItemId is "EL-PANEL" or "EL-PERMIT");
    }

    [Theory]
    [InlineData("ran some 12/2 to the garage")]
    [InlineData("ran a couple hundred feet of romex in the attic")]
    [InlineData("used the rest of the 12/2 on the basement run")]
    [InlineData("replaced a few GFCIs along the counter")]
    [InlineData("fished some 12/2 down from the attic to the fixture")]
    public void Vague_amounts_are_flagged_not_billed(string note)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("ambiguous", Flags(draft));
    }
}
