using static Closeout.Drafting.Tests.Support.Fitness;

namespace Closeout.Drafting.Tests.Notes;

/// <summary>
/// Reading rules that carry meaning across clauses and sentences, or read a figure as a size, through the whole engine
/// on a fitness-equipment business built in code (<see cref="Support.Fitness"/>). Policy lines are left out of
/// <c>Billed</c>.
/// </summary>
public sealed class CarriedReadingTests
{
    private static readonly Closeout.Drafting.Engine.DraftEngine Engine = Support.Fitness.Engine();

    [Theory]
    [InlineData("Replaced both counterbalance springs w/ new 60#.", "FT-SPRING-60 2")]
    [InlineData("Deck was dry, put on 2 lbs of deck wax.", "FT-WAX 2")]
    public void A_weight_a_piece_is_sold_by_is_its_size_and_any_other_weight_an_amount(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    [InlineData("Stack cables are .188 x 12 x 120, both frayed at the top pulley. Replaced both.", "FT-CABLE-188 2")]
    [InlineData("Put on a new 22x60 running belt.", "FT-BELT-2260 1")]
    public void Dimensions_written_as_the_catalog_writes_them_pick_the_sized_item_and_are_no_count(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
    }

    [Theory]
    [InlineData("Speed sensor was cracked. Replaced it.", "FT-SENSOR 1")]
    [InlineData("Both counterbalance springs 40 lb were leaking down. Replaced both.", "FT-SPRING-40 2")]
    public void A_sentence_whose_only_object_is_a_pronoun_speaks_of_what_the_sentence_before_named(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
    }

    [Fact]
    public void The_customers_old_things_kept_are_not_supplied_and_no_new_ones_needed_cancels_the_logged_line()
    {
        var draft = Engine.Draft(Job(
            ["Owner's 2 old chest straps pair w/ it after all so no new straps needed, just synced those."],
            [Logged("L-1", "FT-STRAP", 2)]));

        Assert.Equal("", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void A_logged_part_named_by_the_word_its_description_calls_it_and_tested_ok_is_not_billed()
    {
        var draft = Engine.Draft(Job(
            ["Belt slipping. Pickup tests good when spun by hand - ok, left it. Replaced the 20x55 running belt."],
            [Logged("L-1", "FT-SENSOR", 1), Logged("L-2", "FT-BELT-2055", 1)]));

        Assert.Equal("FT-BELT-2055 1", Billed(draft));
    }

    [Fact]
    public void Work_quoted_and_approved_is_billed_when_a_later_visit_was_titled_for_it()
    {
        var draft = Engine.Draft(Job(
        [
            ("Diagnosis", ["Motor hums, won't turn. Brushes worn to nothing, armature scored. Quoted drive motor replacement, owner approved, back next week."]),
            ("Drive motor replacement", ["Swapped the motor. New brushes, dressed the belt, calibrated speed. Runs quiet."]),
        ]));

        Assert.Equal("FT-MOTOR 1", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Fact]
    public void Work_quoted_and_approved_with_no_later_visit_for_it_is_not_billed()
    {
        var draft = Engine.Draft(Job(
        [
            ("Diagnosis", ["Motor hums, won't turn. Quoted drive motor replacement, owner approved, back next week."]),
        ]));

        Assert.Equal("", Billed(draft));
    }

    [Fact]
    public void Parts_a_billed_kit_lists_as_its_contents_are_not_billed_again()
    {
        var draft = Engine.Draft(Job(["Deck was rocking. New deck bolts + isolators from our hardware kit."], [Logged("L-1", "FT-HW-KIT", 1)]));

        Assert.Equal("FT-HW-KIT 1", Billed(draft));
        Assert.Equal("", Flags(draft));
    }

    [Theory]
    [InlineData("Put a new speed sensor by the flywheel in a sensor bracket.", "FT-SENSOR 1, FT-BRACKET 1")]
    [InlineData("Put a new speed sensor by the flywheel in the old bracket.", "FT-SENSOR 1")]
    public void What_a_new_thing_was_put_in_named_with_a_is_put_in_too(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
    }

    [Theory]
    [InlineData("Owner wanted a backup, so made a spare while I was there.", "FT-KEY 1", "")]
    [InlineData("Owner brought his console code. Made 2 safety keys off it.", "FT-KEY 2", "")]
    [InlineData("Also made a couple of safety keys for the kids.", "", "ambiguous")]
    public void A_verb_the_catalog_says_makes_an_item_does_that_item(string note, string billed, string flags)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal(flags, Flags(draft));
    }

    [Fact]
    public void Of_all_the_things_put_in_those_the_customer_supplied_are_not_billed()
    {
        var draft = Engine.Draft(Job(["Replaced all 6 deck isolators. Owner had 2 deck isolators of his own from the maker, put his in at the front."]));

        Assert.Equal("FT-ISOLATOR 4", Billed(draft));
        Assert.Equal("customer_supplied", Flags(draft));
    }

    [Theory]
    // A length of something the catalog does not sell, run new: price it by hand.
    [InlineData("Ran 12' of speaker cable to the console.", "not_in_catalog")]
    // A verbless part of a list whose verb put things in names a thing put in too.
    [InlineData("Replaced the speed sensor, DBY splices on both leads.", "not_in_catalog")]
    // A value set is no thing to price.
    [InlineData("Replaced the speed sensor. Set a new passcode on the gym app.", "")]
    public void What_was_put_in_with_no_catalog_item_is_flagged_and_a_value_set_is_not(string note, string flags)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(flags, Flags(draft));
    }

    [Theory]
    [InlineData("Unbolted the old folding treadmill, took it w/ us for recycling. Assembled a new folding treadmill.", "FT-TREADMILL 1, FT-HAUL 1")]
    [InlineData("Pulled the old 20x55 running belt, took it w/ us for recycling. New 20x55 running belt on.", "FT-BELT-2055 1")]
    public void Taking_away_what_was_removed_bills_the_fee_that_takes_away_that_kind_of_thing(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
    }

    [Theory]
    [InlineData("Pulled 12' of harness wire thru the upright to the console.", "FT-WIRE 12")]
    [InlineData("Pulled 12' of the old harness wire out of the upright.", "")]
    public void A_length_pulled_through_is_wire_run_and_one_pulled_out_is_removed(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
    }
}
