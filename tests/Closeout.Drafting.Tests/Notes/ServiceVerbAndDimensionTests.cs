using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Notes;

/// <summary>
/// Reading rules from two blind trades (chimney, roofing), through the whole engine on a parking-lot business built in
/// code (<see cref="Support.Pavement"/>): a flat-rate service written as its verb, sizes written as dimensions, pieces
/// of a stated length, spacings and sets that are not amounts. Policy lines (labor, trip charge) are left out of
/// <c>Billed</c>.
/// </summary>
public sealed class ServiceVerbAndDimensionTests
{
    private static readonly Closeout.Drafting.Engine.DraftEngine Engine = Support.Pavement.Engine();

    [Theory]
    [InlineData("Swept the north lot, lots of gravel by the dumpster.", "PV-SWEEP 1")]
    [InlineData("Swept lot B while the crew was striping elsewhere.", "PV-SWEEP 1")]
    public void An_irregular_past_verb_a_services_name_carries_does_the_service(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    // A dimension in the phrase picks the sized sibling; "2 new 12x18 signs" still counts two.
    [InlineData("Replaced 2 bent 12x18 signs at the entrance.", "PV-SIGN-12 2")]
    // With no size in the phrase, the size the sentence states says which sibling the noun means.
    [InlineData("Old sign faded out, 18x24 - put on a new sign.", "PV-SIGN-18 1")]
    // A dimension only one item's name carries names that item.
    [InlineData("Stop sign knocked flat, put on a 24x24.", "PV-SIGN-24 1")]
    public void A_dimension_is_a_size_that_names_a_sized_sibling_never_a_count(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    // A count of pieces of a material sold by the foot, each of a stated length; "12 ga" is a size, not the head noun.
    [InlineData("Replaced the 3 guard rails, 12' long each.", "PV-RAIL 36")]
    [InlineData("Hit by a plow: 2 new rails, 10' each.", "PV-RAIL 20")]
    // A spacing is no amount.
    [InlineData("Put in 8 wheel stops, one every 9 ft.", "PV-STOP 8")]
    public void Pieces_of_a_stated_length_multiply_and_a_spacing_is_no_amount(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    // The occupant supplying a part is the customer supplying it.
    [InlineData("Replaced 3 wheel stops. Occupant supplied a 4th wheel stop, put that one in too.", "PV-STOP 3", "customer_supplied")]
    // A customer's helper who did some work supplied no part.
    [InlineData("Cust's yard guy already hauled the old ones off. Replaced 2 wheel stops.", "PV-STOP 2", "")]
    // "of the 4 wheel stops" is the set a clause picks from, not an amount used.
    [InlineData("Of the 4 wheel stops in row A, one was split - replaced that wheel stop.", "PV-STOP 1", "")]
    // A phrasal verb with no object tidies the site; it is no cleaning service.
    [InlineData("Replaced 2 wheel stops. Crew cleaned up + did the final walk.", "PV-STOP 2", "")]
    // What the customer waits on is what was put off.
    [InlineData("Replaced 2 wheel stops. Back row is under the trees, owner wants to wait on stops for that row.", "PV-STOP 2", "declined")]
    // A count of the larger unit the item's description defines: "6 bundles make a skid".
    [InlineData("Installed 2 skids of delineator posts along the fire lane.", "PV-POSTS 12", "")]
    public void Whose_part_which_set_and_what_unit_a_clause_means(string note, string billed, string flags)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal(flags, Flags(draft));
    }

    [Theory]
    // A logged service priced per thing its name says ("Parking lot sweep, one lot") done to both or all N of them.
    [InlineData("Front + back lot are both ours now. Swept both.", "PV-SWEEP 2")]
    [InlineData("Ticket said 1 lot, there are three. Swept all three.", "PV-SWEEP 3")]
    public void A_service_priced_per_thing_done_to_all_of_them_counts_them(string note, string billed)
    {
        var draft = Engine.Draft(Job([note], [Logged("L-1", "PV-SWEEP", 1)]));

        Assert.Equal(billed, Billed(draft));
    }

    [Theory]
    // Taking away the thing a removal service's name names is that service done.
    [InlineData("Pulled the abandoned tires from the back corner.", "PV-TIRES 1", "")]
    // A count of other things leaves the measured amount next to it to the material sold by measure.
    [InlineData("Sealed 6 cracks with crack filler, about 3 gal.", "PV-FILLER 3", "")]
    // Telling the customer what would fix it recommends it.
    [InlineData("Told the owner a speed bump would stop the cut-through traffic, he'll think about it.", "", "declined")]
    // The technician saying the shop does not stock it.
    [InlineData("Put in a solar stud light I ordered for it, not something we stock.", "", "not_in_catalog")]
    public void Services_counted_removed_and_what_the_technician_says_of_a_part(string note, string billed, string flags)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal(flags, Flags(draft));
    }

    [Theory]
    // A size the note stated before says which of sized siblings a later bare noun means.
    [InlineData("Post on the 18x24 sign was bent flat. Replaced the sign.", "PV-SIGN-18 1")]
    // "the dumpster one": one of the kind the note just named.
    [InlineData("Wheel stop by the dumpster cracked in half. Replaced the dumpster one.", "PV-STOP 1")]
    // "the rest of the entrance" is vague about the entrance, not about the patch used.
    [InlineData("Used 1 bag of cold patch, re-patched the rest of the entrance where it had sunk.", "PV-PATCH 1")]
    // An amount in the unit the item is sold by ends the phrase, the item's word before it.
    [InlineData("Re-posted the fire lane w/ 1 bundle.", "PV-POSTS 1")]
    public void What_a_bare_noun_a_pronoun_one_and_a_unit_refer_to(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    // When the words after "w/" name one thing, the words before it name another put in with it.
    [InlineData("Ran 40' of 12 ga guard rail w/ a new stop sign 24x24 at the end.", "PV-RAIL 40, PV-SIGN-24 1")]
    [InlineData("Put in a new sign post w/ a 24x24 sign.", "PV-POST 1, PV-SIGN-24 1")]
    public void What_comes_before_with_is_a_thing_of_its_own(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void An_agent_noun_the_catalog_lacks_reads_as_its_verb_and_cancels_the_logged_line()
    {
        // "marker" of "Marking paint", every word of the phrase the item's: the logged cans were not used.
        var draft = Engine.Draft(Job(["Didn't need the marker, old layout lines still bright. Replaced 2 wheel stops."], [Logged("L-1", "PV-MARK", 2)]));

        Assert.Equal("PV-STOP 2", Billed(draft));
    }
}
