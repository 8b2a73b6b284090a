using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Engine;

/// <summary>Logged line items are claims the notes confirm, contradict or correct.</summary>
public sealed class LoggedLineTests
{
    private static readonly DraftEngine Engine = Support.Electrical.Engine();

    [Fact]
    public void A_logged_line_the_notes_confirm_is_billed_once()
    {
        var draft = Engine.Draft(Job(["installed 2 smoke detectors in the bedrooms"], [Logged("L-1", "EL-SMOKE", 2m)]));

        Assert.Equal("EL-SMOKE 2", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void A_logged_line_no_note_mentions_is_billed_as_logged()
    {
        var draft = Engine.Draft(Job(["kitchen lighting done, everything working"], [Logged("L-1", "EL-CAN", 4m)]));

        Assert.Equal("EL-CAN 4", Billed(draft));
        var line = Assert.Single(draft.Lines, l => l.ItemId == "EL-CAN");
        Assert.Equal(LineSource.Logged, line.Source);
        Assert.Contains(line.Evidence, e => e is Evidence.LoggedLine { LineItemId: "L-1" });
    }

    [Theory]
    [InlineData("did not replace the smoke detectors, they are only 3 yrs old")]
    [InlineData("smoke detectors tested fine, left them")]
    public void A_logged_line_the_notes_contradict_is_dropped(string note)
    {
        var draft = Engine.Draft(Job([note], [Logged("L-1", "EL-SMOKE", 2m)]));

        Assert.Equal("", Billed(draft));
    }

    [Fact]
    public void A_logged_line_the_customer_declined_is_dropped_and_flagged()
    {
        var draft = Engine.Draft(Job(["recommended a whole-house surge protector, customer declined"], [Logged("L-1", "EL-SURGE", 1m)]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("declined", Flags(draft));
    }

    [Theory]
    [InlineData("replaced 2 GFCIs in the garage", 3, "EL-GFCI 2")]
    [InlineData("ran 38' of 12/2 to the garage", 50, "EL-NM122 38")]
    public void The_notes_quantity_wins_over_the_logged_one(string note, int logged, string billed)
    {
        var itemId = billed.Split(' ')[0];
        var draft = Engine.Draft(Job([note], [Logged("L-1", itemId, logged)]));

        Assert.Equal(billed, Billed(draft));
    }

    [Fact]
    public void A_logged_quantity_fills_in_when_the_notes_give_none()
    {
        var draft = Engine.Draft(Job(["ran the 12/2 through the attic to the new circuit"], [Logged("L-1", "EL-NM122", 50m)]));

        Assert.Equal("EL-NM122 50", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void A_custom_line_with_no_catalog_item_is_flagged_not_billed()
    {
        var draft = Engine.Draft(Job(["swapped the hall switch"], [Logged("L-1", null, 1m, name: "Smart dimmer (Lutron Caseta)")]));

        Assert.Equal("", Billed(draft));
        Assert.Contains(draft.Flags, f => f.Kind == FlagKind.NotInCatalog && f.Message.Contains("Smart dimmer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_logged_line_linked_to_an_item_the_catalog_lacks_is_flagged_not_billed()
    {
        var draft = Engine.Draft(Job(["all good"], [Logged("L-1", "EL-DISCONTINUED", 1m, name: "Old style fuse")]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("not_in_catalog", Flags(draft));
    }

    [Fact]
    public void A_logged_labor_line_is_never_billed_on_top_of_the_time_sheets()
    {
        var draft = Engine.Draft(Job(["replaced the smoke detector in the hall"], [Logged("L-1", "EL-LAB", 3m), Logged("L-2", "EL-SMOKE", 1m)]));

        var labor = Assert.Single(draft.Lines, l => l.ItemId.StartsWith("EL-LAB", StringComparison.Ordinal));
        Assert.Equal((1m, LineSource.Timesheet), (labor.Quantity, labor.Source));
        Assert.Equal("EL-SMOKE 1", Billed(draft));
    }
}
