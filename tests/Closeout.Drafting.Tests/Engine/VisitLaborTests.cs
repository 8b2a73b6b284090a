using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Engine;

/// <summary>Warranty visits, visits without labor, and labor stated in notes, through the engine.</summary>
public sealed class VisitLaborTests
{
    private static readonly DraftEngine Engine = Support.Electrical.Engine();

    [Theory]
    [InlineData("Callback on our install from last week - the GFCI we put in kept tripping, swapped it under warranty, no charge")]
    [InlineData("warranty visit: breaker we installed in March failed, replaced it n/c")]
    public void A_warranty_callback_visit_is_not_charged_at_all(string note)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Empty(draft.Lines);
        Assert.Equal(0m, draft.Total);
        Assert.Equal("warranty", Flags(draft));
    }

    [Fact]
    public void A_visit_without_time_sheet_or_stated_hours_is_flagged_and_billed_without_labor()
    {
        var draft = Engine.Draft(Job(["replaced the smoke detector in the hall"], timesheet: false));

        Assert.Equal(["EL-SMOKE", "EL-TRIP"], draft.Lines.Select(l => l.ItemId).Order(StringComparer.Ordinal));
        Assert.Equal("no_labor_recorded", Flags(draft));
    }

    [Theory]
    [InlineData("swapped 2 GFCIs in the baths, 1.5 hrs w/ apprentice", 1.5, 1.5)]
    [InlineData("swapped 2 GFCIs in the baths. 2 hours on site.", 2.0, 0.0)]
    public void Labor_stated_in_a_note_is_billed_when_there_is_no_time_sheet(string note, double electrician, double apprentice)
    {
        var draft = Engine.Draft(Job([note], timesheet: false));

        Assert.Equal((decimal)electrician, Quantity(draft, "EL-LAB"));
        Assert.Equal((decimal)apprentice, Quantity(draft, "EL-LAB-APP"));
        Assert.Equal("EL-GFCI 2", Billed(draft));
        Assert.Equal("", Flags(draft));
        Assert.All(draft.Lines.Where(l => l.ItemId.StartsWith("EL-LAB", StringComparison.Ordinal)), l => Assert.Equal(LineSource.Notes, l.Source));
    }

    [Fact]
    public void Time_sheets_win_over_hours_stated_in_a_note()
    {
        var draft = Engine.Draft(Job(["swapped 2 GFCIs, 4 hrs w/ apprentice"]));

        Assert.Equal(1m, Quantity(draft, "EL-LAB"));
        Assert.Equal(0m, Quantity(draft, "EL-LAB-APP"));
    }

    [Fact]
    public void A_client_on_a_service_plan_pays_no_trip_charge()
    {
        var job = Job(["replaced the smoke detector in the hall"]);
        var draft = Engine.Draft(job with { Client = job.Client! with { Tags = new Connection<TagNode>([new TagNode("service-plan")]) } });

        Assert.DoesNotContain(draft.Lines, l => l.ItemId == "EL-TRIP");
        Assert.Contains(draft.Lines, l => l.ItemId == "EL-SMOKE");
    }
}
