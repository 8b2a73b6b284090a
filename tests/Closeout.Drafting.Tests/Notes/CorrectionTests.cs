using Closeout.Drafting.Engine;
using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Notes;

/// <summary>Later notes correct earlier ones: the last word on a quantity, or on whether a thing was done at all, wins.</summary>
public sealed class CorrectionTests
{
    private static readonly DraftEngine Engine = Support.Electrical.Engine();

    [Theory]
    [InlineData("installed 3 GFCI outlets in the kitchen", "correction - only used 2 outlets not 3", "EL-GFCI 2")]
    [InlineData("replaced 3 GFCIs on the kitchen counters", "correction: only used 2 GFCIs, the third was fine", "EL-GFCI 2")]
    [InlineData("put in 6 recessed lights in the living room", "update: ended up with 4 recessed lights, 2 went back to the shop", "EL-CAN 4")]
    public void A_later_note_corrects_an_earlier_quantity(string first, string second, string billed)
    {
        var draft = Engine.Draft(Job([first, second]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    [InlineData("swapped the breaker for the dryer circuit", "update - didn't end up replacing the breaker, old one was fine")]
    [InlineData("installed a smoke detector in the hall", "correction: did not install the smoke detector after all, put it back on the truck")]
    public void A_later_note_saying_it_was_not_done_after_all_drops_it(string first, string second)
    {
        var draft = Engine.Draft(Job([first, second]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void Restating_a_quantity_in_a_later_note_does_not_count_it_twice()
    {
        var draft = Engine.Draft(Job(["replaced 3 GFCIs in the baths", "all 3 GFCIs tested good before we left"]));

        Assert.Equal("EL-GFCI 3", Billed(draft));
    }

    [Fact(Skip = "known gap: a correction worded as a sentence of its own (\"actually it was 75 ft of 12/2 once we went around the beam\") reads the cable loosely (not strict) and keeps the first note's 60")]
    public void A_later_note_restating_a_footage_in_a_sentence_of_its_own_corrects_it()
    {
        var draft = Engine.Draft(Job(["ran 60' of 12/2 to the shop", "actually it was 75 ft of 12/2 once we went around the beam"]));

        Assert.Equal("EL-NM122 75", Billed(draft));
    }

    [Fact]
    public void A_later_note_adding_more_of_the_same_item_adds_to_the_count()
    {
        var draft = Engine.Draft(Job(["installed 2 smoke detectors upstairs", "came back after lunch and installed 1 more smoke detector in the basement"]));

        Assert.Equal("EL-SMOKE 3", Billed(draft));
    }
}
