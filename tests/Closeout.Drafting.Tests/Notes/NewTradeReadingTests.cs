using Closeout.Drafting.Extraction;
using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Notes;

/// <summary>
/// Reading rules a careful person uses in any trade, through the whole engine on a blind and shade business built in
/// code (<see cref="Support.Blinds"/>): lengths that are attributes, swaps, warranty denied, vague counts, words of an
/// item's name that are not the item. Policy lines (labor, trip charge) are left out of <c>Billed</c>.
/// </summary>
public sealed class NewTradeReadingTests
{
    private static readonly Closeout.Drafting.Engine.DraftEngine Engine = Support.Blinds.Engine();

    [Theory]
    // A dimension of the thing worked on is not material, and a length in an item's name is its size, not a container.
    [InlineData("Blind is 6' tall, cleaned the track.", "")]
    [InlineData("Cords frayed so put on a new lift cord set (6 ft blind).", "BL-CORD-6 1")]
    [InlineData("Put on a new cord set (4' blind), reset both on the spools.", "BL-CORD-4 1")]
    public void A_length_in_an_items_name_is_its_size_not_a_quantity(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    [InlineData("Clamped the shade, unwound it. 1 steel roller was cracked in half, swapped it for a nylon one. Runs smooth now.", "BL-ROLLER-NYLON 1")]
    [InlineData("Rollers were the original steel ones worn flat + wobbling, swapped all ten for nylon sealed-bearing.", "BL-ROLLER-NYLON 10")]
    public void Swapped_for_bills_what_went_in_not_what_came_out(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void Every_part_joined_after_replaced_is_replaced_even_when_its_name_holds_a_verb()
    {
        var draft = Engine.Draft(Job(["Replaced shade motor + the start relay (relay was cooked). Runs fine now."]));

        Assert.Equal("BL-MOTOR 1, BL-RELAY 1", Billed(draft));
    }

    [Fact]
    public void A_leading_verb_is_not_an_item_and_aligning_or_setting_installs_nothing()
    {
        var draft = Engine.Draft(Job(["Hung 2 new shade motors, sensors aligned, limits set."]));

        Assert.Equal("BL-MOTOR 2", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void Of_sized_siblings_a_noun_with_no_figure_bills_none_and_a_figure_picks_one()
    {
        Assert.Equal("", Billed(Engine.Draft(Job(["Tension springs were put in by another outfit years ago."]))));
        Assert.Equal("BL-SPRING-15 1", Billed(Engine.Draft(Job(["Replaced the 15 in tension spring."]))));
    }

    [Theory]
    [InlineData("Cust thought this was our warranty - it's not, the blind was put in by another company. Replaced the steel roller.")]
    [InlineData("Cust said still under the maker's warranty - checked, 1 yr parts warranty ran out in the spring. She said go ahead. Replaced the steel roller.")]
    public void A_warranty_the_notes_deny_is_billed_normally(string note)
    {
        var job = Job([note]) with { Instructions = "Cust says it's under warranty." };

        var draft = Engine.Draft(job);

        Assert.Equal("BL-ROLLER-STEEL 1", Billed(draft));
        Assert.Equal("", Flags(draft));
        Assert.Contains(draft.Lines, l => l.ItemId == "EL-TRIP");
    }

    [Theory]
    [InlineData("She had her own nylon roller from the hardware store, swapped that in for her.", "customer_supplied")]
    [InlineData("Glued in a universal felt strip I grabbed at the supply house, not a stock part.", "not_in_catalog")]
    [InlineData("Springs are the originals - recomended replacing soon, cust will call.", "declined")]
    [InlineData("Sold her a couple of the steel rollers off the truck.", "ambiguous")]
    public void Flags_from_the_words_a_technician_writes(string note, string flag)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal("", Billed(draft));
        Assert.Equal(flag, Flags(draft));
    }

    [Fact]
    public void A_logged_thing_done_at_one_place_only_is_billed_once_and_the_skipped_one_declined()
    {
        var draft = Engine.Draft(Job(
            ["Wall switch on the left window only - owner said skip the 2nd switch, that room is storage."],
            [Logged("L-1", "BL-SWITCH", 2, "Wireless wall switch")]));

        Assert.Equal("BL-SWITCH 1", Billed(draft));
        Assert.Equal("declined", Flags(draft));
    }

    [Fact]
    public void What_the_customer_asked_for_and_the_tech_put_in_is_billed()
    {
        var draft = Engine.Draft(Job(["Owner asked for a new wall switch too (old one was cracked), put one in."]));

        Assert.Equal("BL-SWITCH 1", Billed(draft));
    }

    [Fact]
    public void A_custom_line_the_notes_identify_with_a_billed_item_is_that_item()
    {
        var draft = Engine.Draft(Job(["Replaced the steel roller."], [Logged("L-1", null, 1, "Roller")]));

        Assert.Equal("BL-ROLLER-STEEL 1", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void A_decimal_after_a_space_does_not_end_the_sentence()
    {
        var sentences = ClauseSplitter.Split("n", "Both springs .218 x 2 x 30 taking a set. Replaced both.");

        Assert.Equal(["Both springs .218 x 2 x 30 taking a set", "Replaced both"], sentences.Select(s => s.Text.TrimEnd('.')));
    }
}
