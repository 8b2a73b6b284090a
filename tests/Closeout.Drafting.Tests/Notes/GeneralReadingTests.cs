using Closeout.Drafting.Engine;
using static Closeout.Drafting.Tests.Support.Fencing;

namespace Closeout.Drafting.Tests.Notes;

/// <summary>
/// Reading rules a careful office manager uses in any trade, checked through the whole engine on a fence business
/// built in code (a trade neither evaluation set has): what an unqualified noun means, counts and corrections of
/// services priced per thing, things put back, sizes named by the note, and amounts that measure work, not use.
/// </summary>
public sealed class GeneralReadingTests
{
    private static readonly DraftEngine Engine = Support.Fencing.Engine();

    [Theory]
    // Of variants the noun names equally, the catalog's single one is what an unqualified noun means.
    [InlineData("Swapped the gate latch for a new one.", "FN-LATCH 1")]
    // Unless the sentence names another variant's own word.
    [InlineData("Double latch on the side gate was bent - swapped latch.", "FN-LATCH-DBL 1")]
    public void An_unqualified_noun_means_the_single_variant_unless_the_sentence_names_another(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
    }

    [Fact]
    public void A_count_of_things_is_the_thing_not_a_logged_service_whose_words_mention_it()
    {
        // "Restain an existing fence section": a count of pickets is pickets, not restained sections.
        var draft = Engine.Draft(Job(["Replaced twenty pickets total on the alley run."], [Logged("L-1", "FN-RESTAIN", 1)]));

        Assert.Equal(20m, draft.Lines.Where(l => l.ItemId == "FN-PICKET").Sum(l => l.Quantity));
    }

    [Fact]
    public void A_services_own_verb_after_the_things_it_was_done_to_bills_it_per_thing()
    {
        var draft = Engine.Draft(Job(["Replaced 12 pickets on the gate run, and the 4 existing sections along the alley restained to match."]));

        Assert.Equal("FN-PICKET 12, FN-RESTAIN 4", Billed(draft));
    }

    [Fact]
    public void A_correction_note_replaces_the_count_of_a_service_priced_per_thing()
    {
        var draft = Engine.Draft(Job(
            ["Restained 3 sections along the alley.", "correction - the third section belongs to the neighbor, didn't touch it. Only 2 sections restained."],
            [Logged("L-1", "FN-RESTAIN", 3)]));

        Assert.Equal("FN-RESTAIN 2", Billed(draft));
    }

    [Theory]
    // What is put back where it was is not a new thing.
    [InlineData("Dug out around the leaning post, reset it plumb, gravel back in.")]
    [InlineData("Pulled the caps to reset the posts, caps back on.")]
    public void A_thing_put_back_is_not_billed_and_raises_nothing(string note)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void Going_back_to_the_shop_is_travel_not_a_part_returned()
    {
        var draft = Engine.Draft(Job(["Old pickets on the trailer, dropping at the dump on the way back to the shop."]));

        Assert.Equal("FN-DUMP 1", Billed(draft));
    }

    [Fact]
    public void A_the_thing_in_a_list_whose_verb_works_on_what_is_there_is_measured_not_used()
    {
        var draft = Engine.Draft(Job(["Cleared brush off the run + the welded wire along the creek, ~40'."]));

        Assert.Equal("", Billed(draft));
    }

    [Fact]
    public void New_material_with_a_length_beside_it_is_still_billed()
    {
        var draft = Engine.Draft(Job(["Stretched new welded wire along the creek, ~40'."]));

        Assert.Equal("FN-WIRE 40", Billed(draft));
    }

    [Fact]
    public void A_size_alone_before_w_slash_fittings_is_the_material_the_note_names_with_the_length_cut_out()
    {
        var draft = Engine.Draft(Job(["Top rail is 2 in galvanized, bent at the gate. Cut out 6' and set new 2 in w/ 2 fittings."]));

        Assert.Equal("FN-PIPE-2 6, FN-FITTING 2", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void A_size_alone_with_no_length_is_flagged_ambiguous_and_the_fittings_still_billed()
    {
        var draft = Engine.Draft(Job(["Cut back the bent galvanized rail and set a new piece of 2 in w/ 2 fittings."]));

        Assert.Equal("FN-FITTING 2", Billed(draft));
        Assert.Equal("ambiguous", Flags(draft));
    }

    [Fact]
    public void A_length_is_not_a_count_of_a_part_sized_for_that_length()
    {
        // "Strap hinge kit, 6 ft gate" fits a 6 ft gate; 25 ft beside the wire is the wire's length.
        var draft = Engine.Draft(Job(["Ran new welded wire along the creek, about 25 ft."]));

        Assert.Equal("FN-WIRE 25", Billed(draft));
    }

    [Fact]
    public void A_warranty_the_notes_rule_out_is_billed_as_usual()
    {
        var job = Job(["Cust thought this was our warranty - it's not, the gate was built by another company. Replaced the gate latch."]) with
        {
            Instructions = "Gate sagging. Cust thinks the gate is under warranty.",
        };

        var draft = Engine.Draft(job);

        Assert.Equal("FN-LATCH 1", Billed(draft));
        Assert.Equal("", Flags(draft));
        Assert.Contains(draft.Lines, l => l.ItemId == "FN-LAB");
    }

    [Fact]
    public void Warranty_work_on_our_own_job_is_still_not_charged()
    {
        var draft = Engine.Draft(Job(["Callback on our install from last week, no charge. Replaced the gate latch."]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("warranty", Flags(draft));
    }
}
