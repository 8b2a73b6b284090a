using Closeout.Drafting.Drafts;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;
using Closeout.Drafting.Pricing;
using static Closeout.Drafting.Tests.Support.Build;

namespace Closeout.Drafting.Tests.Pricing;

public sealed class InvoicePricerTests
{
    private static DraftInvoice Price(JobberJob job, Extraction.JobReading? reading = null, BillingPolicy? policy = null) =>
        InvoicePricer.Price(job, reading ?? Reading(), Catalog, policy ?? Policy());

    private static DraftLine Labor(DraftInvoice draft) => Assert.Single(draft.Lines, l => l.ItemId.StartsWith("LAB-", StringComparison.Ordinal));

    private static string[] Items(DraftInvoice draft) => draft.Lines.Select(l => l.ItemId).ToArray();

    private static decimal Quantity(DraftInvoice draft, string item) => draft.Lines.Where(l => l.ItemId == item).Sum(l => l.Quantity);

    // Labor

    [Fact]
    public void Labor_is_the_sum_of_a_persons_entries_on_a_visit_rounded_up()
    {
        var draft = Price(Job(entries: [Entry("T1", Tech, "V-1", 1800), Entry("T2", Tech, "V-1", 2701)]));

        var line = Labor(draft);
        Assert.Equal(("LAB-TECH", 1.5m, 187.5m), (line.ItemId, line.Quantity, line.Total));
        Assert.Equal(LineSource.Timesheet, line.Source);
        var evidence = Assert.IsType<Evidence.Timesheet>(line.Evidence[0]);
        Assert.Equal(["T1", "T2"], evidence.EntryIds);
        Assert.Equal("Technician labor, 1.5 h on Tue Oct 6", line.Description);
    }

    [Fact]
    public void Each_person_on_each_visit_gets_one_line_with_the_minimum()
    {
        var visits = new[] { Visit("V-1"), Visit("V-2", TuesdayMorning.AddDays(1)) };
        var draft = Price(Job(visits, [Entry("T1", Tech, "V-1", 12600), Entry("T2", Helper, "V-1", 9900), Entry("T3", Tech, "V-2", 600)]));

        var labor = draft.Lines.Where(l => l.Source == LineSource.Timesheet).Select(l => (l.ItemId, l.Quantity)).ToArray();
        Assert.Equal([("LAB-TECH", 3.5m), ("LAB-HELPER", 2.75m), ("LAB-TECH", 1m)], labor);
    }

    [Theory]
    [InlineData(7, 59, "LAB-TECH-AH")]
    [InlineData(8, 0, "LAB-TECH")]
    [InlineData(16, 59, "LAB-TECH")]
    [InlineData(17, 0, "LAB-TECH-AH")]
    public void After_hours_is_decided_by_the_local_scheduled_start(int hour, int minute, string item)
    {
        var start = new DateTimeOffset(2026, 10, 6, hour, minute, 0, TimeSpan.FromHours(-7));
        var draft = Price(Job([Visit("V-1", start)], [Entry("T1", Tech, "V-1", 3600, start)]));

        Assert.Equal(item, Labor(draft).ItemId);
    }

    [Fact]
    public void Visit_end_does_not_matter()
    {
        var start = new DateTimeOffset(2026, 10, 6, 16, 0, 0, TimeSpan.FromHours(-7));
        var draft = Price(Job([Visit("V-1", start, hours: 4)], [Entry("T1", Tech, "V-1", 14400, start)]));

        Assert.Equal("LAB-TECH", Labor(draft).ItemId);
    }

    [Fact]
    public void Weekend_is_after_hours_and_a_role_without_an_after_hours_rate_keeps_its_regular_item()
    {
        var saturday = new DateTimeOffset(2026, 10, 10, 10, 0, 0, TimeSpan.FromHours(-7));
        var draft = Price(Job([Visit("V-1", saturday)], [Entry("T1", Tech, "V-1", 3600, saturday), Entry("T2", Helper, "V-1", 3600, saturday)]));

        Assert.Equal(["LAB-TECH-AH", "LAB-HELPER", "FEE-TRIP"], Items(draft));
    }

    [Theory]
    [InlineData("2026-10-30T15:30:00Z", "LAB-TECH")] // Friday before the change: 08:30 PDT.
    [InlineData("2026-11-02T15:30:00Z", "LAB-TECH-AH")] // Monday after: the same UTC time is 07:30 PST.
    [InlineData("2026-11-02T16:30:00Z", "LAB-TECH")] // 08:30 PST.
    [InlineData("2026-11-02T08:30:00-07:00", "LAB-TECH-AH")] // Written with the summer offset, but it is 07:30 PST.
    [InlineData("2026-03-06T15:30:00Z", "LAB-TECH-AH")] // Friday before spring forward: 07:30 PST.
    [InlineData("2026-03-09T15:30:00Z", "LAB-TECH")] // Monday after: 08:30 PDT.
    public void After_hours_follows_daylight_saving_time(string startAt, string item)
    {
        var start = DateTimeOffset.Parse(startAt, System.Globalization.CultureInfo.InvariantCulture);
        var draft = Price(Job([Visit("V-1", start)], [Entry("T1", Tech, "V-1", 3600, start)]));

        Assert.Equal(item, Labor(draft).ItemId);
    }

    [Theory]
    [InlineData("2026-11-01T15:30:00Z", "LAB-TECH-AH")] // 07:30 PST on the morning the clocks went back (08:30 had it still been PDT).
    [InlineData("2026-11-01T16:00:00Z", "LAB-TECH")] // 08:00 PST.
    public void After_hours_on_the_day_the_clocks_change(string startAt, string item)
    {
        var everyDay = Enum.GetValues<DayOfWeek>().ToHashSet();
        var start = DateTimeOffset.Parse(startAt, System.Globalization.CultureInfo.InvariantCulture);
        var draft = Price(Job([Visit("V-1", start)], [Entry("T1", Tech, "V-1", 3600, start)]), policy: Policy(days: everyDay));

        Assert.Equal(item, Labor(draft).ItemId);
    }

    [Fact]
    public void Entry_without_a_visit_goes_to_the_visit_whose_window_holds_its_start()
    {
        var wednesday = TuesdayMorning.AddDays(1);
        var draft = Price(Job([Visit("V-1"), Visit("V-2", wednesday)], [Entry("T1", Tech, null, 3600, wednesday.AddMinutes(30))]));

        var line = Labor(draft);
        Assert.Equal("V-2", Assert.IsType<Evidence.Timesheet>(line.Evidence[0]).VisitId);
        Assert.DoesNotContain(draft.Flags, f => f.Kind == FlagKind.InvalidInput);
    }

    [Fact]
    public void Entry_without_a_visit_on_a_single_visit_job_goes_to_that_visit()
    {
        var draft = Price(Job(entries: [Entry("T1", Tech, null, 3600, TuesdayMorning.AddDays(-3))]));

        Assert.Equal(1m, Labor(draft).Quantity);
    }

    [Fact]
    public void Unknown_user_is_not_billed_and_is_flagged()
    {
        var draft = Price(Job(entries: [Entry("T1", "U-STRANGER", "V-1", 3600)]));

        Assert.DoesNotContain(draft.Lines, l => l.ItemId.StartsWith("LAB-", StringComparison.Ordinal));
        var flag = Assert.Single(draft.Flags);
        Assert.Equal(FlagKind.InvalidInput, flag.Kind);
        Assert.Contains("U-STRANGER", flag.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(draft.Flags, f => f.Kind == FlagKind.NoLaborRecorded);
    }

    // Stated labor and no_labor_recorded

    [Fact]
    public void Visit_without_time_sheets_is_billed_from_stated_labor()
    {
        var draft = Price(Job(), Reading(stated: [Stated("V-1", Tech, 2.4m), Stated("V-1", Helper, 0.5m)]));

        var labor = draft.Lines.Where(l => l.Source == LineSource.Notes).Select(l => (l.ItemId, l.Quantity)).ToArray();
        Assert.Equal([("LAB-TECH", 2.5m), ("LAB-HELPER", 1m)], labor);
        Assert.IsType<Evidence.NoteSpan>(draft.Lines[0].Evidence[0]);
        Assert.Empty(draft.Flags);
    }

    [Fact]
    public void Stated_labor_follows_the_after_hours_rule()
    {
        var evening = new DateTimeOffset(2026, 10, 6, 18, 0, 0, TimeSpan.FromHours(-7));
        var draft = Price(Job([Visit("V-1", evening)]), Reading(stated: [Stated("V-1", Tech, 2m)]));

        Assert.Equal(("LAB-TECH-AH", 2m), (Labor(draft).ItemId, Labor(draft).Quantity));
    }

    [Fact]
    public void Time_sheets_win_over_stated_labor()
    {
        var draft = Price(Job(entries: [Entry("T1", Tech, "V-1", 3600)]), Reading(stated: [Stated("V-1", Tech, 5m)]));

        Assert.Equal((1m, LineSource.Timesheet), (Labor(draft).Quantity, Labor(draft).Source));
    }

    [Fact]
    public void Visit_with_no_labor_at_all_is_flagged_and_billed_without_labor()
    {
        var draft = Price(Job([Visit("V-1"), Visit("V-2", TuesdayMorning.AddDays(1), title: "Follow-up")], [Entry("T1", Tech, "V-1", 3600)]));

        Assert.Equal(["LAB-TECH", "FEE-TRIP"], Items(draft));
        var flag = Assert.Single(draft.Flags);
        Assert.Equal(FlagKind.NoLaborRecorded, flag.Kind);
        Assert.Contains("Follow-up", flag.Message, StringComparison.Ordinal);
        Assert.Contains("Wed Oct 7", flag.Message, StringComparison.Ordinal);
        Assert.Contains("Decide", flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warranty_visit_needs_no_labor()
    {
        var draft = Price(Job(), Reading(warranty: ["V-1"]));

        Assert.Empty(draft.Lines);
        Assert.Equal(FlagKind.Warranty, Assert.Single(draft.Flags).Kind);
        Assert.Equal(0m, draft.Total);
    }

    [Fact]
    public void Flat_rate_service_that_includes_labor_bills_no_labor_and_needs_none()
    {
        var draft = Price(Job(entries: [Entry("T1", Tech, "V-1", 7200)]), Reading([Item("SVC-FLUSH")]));

        Assert.Equal(["SVC-FLUSH", "FEE-TRIP"], Items(draft));
        Assert.Empty(draft.Flags);

        var noTimesheet = Price(Job(), Reading([Item("SVC-FLUSH")]));
        Assert.DoesNotContain(noTimesheet.Flags, f => f.Kind == FlagKind.NoLaborRecorded);
    }

    [Fact]
    public void Flat_rate_service_that_excludes_labor_bills_labor_beside_it()
    {
        var policy = Policy(flatRateIncludesLabor: false);

        var draft = Price(Job(entries: [Entry("T1", Tech, "V-1", 7200)]), Reading([Item("SVC-FLUSH")]), policy);
        Assert.Equal(["SVC-FLUSH", "LAB-TECH", "FEE-TRIP"], Items(draft));

        var noTimesheet = Price(Job(), Reading([Item("SVC-FLUSH")]), policy);
        Assert.Contains(noTimesheet.Flags, f => f.Kind == FlagKind.NoLaborRecorded);
    }

    [Fact]
    public void Flat_rate_without_a_service_item_bills_labor()
    {
        var draft = Price(Job(entries: [Entry("T1", Tech, "V-1", 7200)]), Reading([Item("PART")]));

        Assert.Equal(["PART", "LAB-TECH", "FEE-TRIP"], Items(draft));
    }

    // Warranty

    [Fact]
    public void Warranty_visit_gets_no_labor_no_trip_and_none_of_its_items()
    {
        var visits = new[] { Visit("V-1"), Visit("V-2", TuesdayMorning.AddDays(7)) };
        var entries = new[] { Entry("T1", Tech, "V-1", 3600), Entry("T2", Tech, "V-2", 5400) };
        var reading = Reading([Item("PART", 2, "V-1"), Item("WH-GAS", 1, "V-2")], warranty: ["V-2"]);

        var draft = Price(Job(visits, entries), reading);

        Assert.Equal([("PART", 2m), ("LAB-TECH", 1m), ("FEE-TRIP", 1m)], draft.Lines.Select(l => (l.ItemId, l.Quantity)));
        Assert.Equal(FlagKind.Warranty, Assert.Single(draft.Flags).Kind);
    }

    [Fact]
    public void Warranty_flag_from_the_reading_is_not_doubled()
    {
        var flag = new ReviewFlag(FlagKind.Warranty, "Callback on our own install", []);

        var draft = Price(Job(), Reading(warranty: ["V-1"], flags: [flag]));

        Assert.Equal([flag], draft.Flags);
    }

    // Trip charge

    [Fact]
    public void Trip_charge_per_visit_counts_completed_visits()
    {
        var visits = new[] { Visit("V-1"), Visit("V-2", TuesdayMorning.AddDays(1)), Visit("V-3", TuesdayMorning.AddDays(2), completed: false) };

        var draft = Price(Job(visits), Reading([Item("SVC-FLUSH")]));

        Assert.Equal(2m, Quantity(draft, "FEE-TRIP"));
        Assert.Equal(178m, draft.Lines.Single(l => l.ItemId == "FEE-TRIP").Total);
    }

    [Fact]
    public void Trip_charge_per_visit_counts_every_visit_when_none_is_marked_completed()
    {
        var visits = new[] { Visit("V-1", completed: false), Visit("V-2", TuesdayMorning.AddDays(1), completed: false) };

        Assert.Equal(2m, Quantity(Price(Job(visits), Reading([Item("SVC-FLUSH")])), "FEE-TRIP"));
    }

    [Fact]
    public void Trip_charge_per_job_is_billed_once()
    {
        var visits = new[] { Visit("V-1"), Visit("V-2", TuesdayMorning.AddDays(1)) };

        var draft = Price(Job(visits), Reading([Item("SVC-FLUSH")]), Policy(TripChargePer.Job));

        Assert.Equal(1m, Quantity(draft, "FEE-TRIP"));
    }

    [Fact]
    public void Trip_charge_per_job_is_not_billed_when_every_visit_is_warranty()
    {
        var draft = Price(Job(), Reading(warranty: ["V-1"]), Policy(TripChargePer.Job));

        Assert.Equal(0m, Quantity(draft, "FEE-TRIP"));
    }

    [Theory]
    [InlineData("maintenance-plan")]
    [InlineData("Maintenance-Plan")]
    public void Trip_charge_is_waived_for_tagged_clients(string tag)
    {
        var draft = Price(Job(null, null, "vip", tag), Reading([Item("SVC-FLUSH")]));

        Assert.Equal(["SVC-FLUSH"], Items(draft));
    }

    [Fact]
    public void Logged_trip_charge_is_not_billed_twice()
    {
        var visits = new[] { Visit("V-1"), Visit("V-2", TuesdayMorning.AddDays(1)) };

        var draft = Price(Job(visits), Reading([Item("SVC-FLUSH"), Item("FEE-TRIP", 1)]));

        Assert.Single(draft.Lines, l => l.ItemId == "FEE-TRIP");
        Assert.Equal(2m, Quantity(draft, "FEE-TRIP"));
    }

    // Companions

    [Fact]
    public void Companions_are_added_once_however_many_triggers()
    {
        var draft = Price(Job(), Reading([Item("WH-GAS"), Item("WH-ELEC"), Item("SVC-FLUSH")]));

        Assert.Equal(["WH-GAS", "WH-ELEC", "SVC-FLUSH", "FEE-TRIP", "FEE-DISPOSAL", "FEE-PERMIT"], Items(draft));
        Assert.All(draft.Lines.Where(l => l.Source == LineSource.Policy), l => Assert.Equal(1m, l.Quantity));
    }

    [Fact]
    public void Companion_already_billed_is_not_added_again()
    {
        var draft = Price(Job(), Reading([Item("WH-GAS"), Item("FEE-PERMIT"), Item("SVC-FLUSH")]));

        Assert.Equal(1m, Quantity(draft, "FEE-PERMIT"));
        Assert.Single(draft.Lines, l => l.ItemId == "FEE-PERMIT");
    }

    [Fact]
    public void Companion_billed_below_the_rule_quantity_is_raised()
    {
        CompanionRule[] rules = [new(["PART"], [new CompanionAdd("PIPE", 10m)])];

        var raised = Price(Job(), Reading([Item("PART"), Item("PIPE", 4), Item("SVC-FLUSH")]), Policy(companions: rules));
        var line = Assert.Single(raised.Lines, l => l.ItemId == "PIPE");
        Assert.Equal((10m, 8.5m), (line.Quantity, line.Total));
        Assert.Contains(line.Evidence, e => e is Evidence.Rule);

        var higher = Price(Job(), Reading([Item("PART"), Item("PIPE", 12), Item("SVC-FLUSH")]), Policy(companions: rules));
        Assert.Equal(12m, Quantity(higher, "PIPE"));
    }

    [Fact]
    public void Item_that_is_not_billed_triggers_nothing()
    {
        var declined = new ReviewFlag(FlagKind.Declined, "Customer declined the new water heater", []);

        var draft = Price(Job(), Reading([Item("SVC-FLUSH")], flags: [declined]));

        Assert.Equal(["SVC-FLUSH", "FEE-TRIP"], Items(draft));
        Assert.Equal([declined], draft.Flags);
    }

    // Tax and totals

    [Fact]
    public void Tax_rounds_half_away_from_zero()
    {
        // 10.00 taxable at 9.25% is 0.925 exactly: banker's rounding would give 0.92.
        var draft = Price(Job(), Reading([Item("PART"), Item("SVC-FLUSH")]));

        Assert.Equal(0.93m, draft.Tax);
        Assert.Equal(10m + 149m + 89m, draft.Subtotal);
        Assert.Equal(draft.Subtotal + 0.93m, draft.Total);
    }

    [Fact]
    public void Line_totals_round_half_away_from_zero()
    {
        // 2.5 ft at 0.85 is 2.125 exactly.
        var draft = Price(Job(), Reading([Item("PIPE", 2.5m), Item("SVC-FLUSH")]), Policy(taxRate: 0m));

        Assert.Equal(2.13m, draft.Lines[0].Total);
        Assert.Equal(2.13m + 149m + 89m, draft.Total);
    }

    [Fact]
    public void Tax_is_only_on_taxable_lines_and_none_for_exempt_clients()
    {
        var reading = Reading([Item("WH-GAS"), Item("SVC-FLUSH")]);

        var taxed = Price(Job(), reading);
        Assert.Equal(147.54m, taxed.Tax); // 1595 x 0.0925 = 147.5375

        var exempt = Price(Job(null, null, "tax-exempt"), reading);
        Assert.Equal(0m, exempt.Tax);
        Assert.Equal(exempt.Subtotal, exempt.Total);
    }

    // Items and flags

    [Fact]
    public void Items_are_priced_from_the_catalog_and_unknown_items_are_flagged()
    {
        var draft = Price(Job(), Reading([Item("WH-GAS"), Item("BLACK-IRON", 3), Item("SVC-FLUSH")]));

        Assert.DoesNotContain(draft.Lines, l => l.ItemId == "BLACK-IRON");
        Assert.Equal(1595m, draft.Lines[0].UnitPrice);
        Assert.Equal("50 gal gas tank", draft.Lines[0].Description);
        var flag = Assert.Single(draft.Flags);
        Assert.Equal(FlagKind.NotInCatalog, flag.Kind);
        Assert.Contains("BLACK-IRON", flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_item_lines_are_kept_and_lines_are_ordered_items_labor_fees()
    {
        var draft = Price(Job(entries: [Entry("T1", Tech, "V-1", 3600)]), Reading([Item("PART", 2), Item("WH-GAS"), Item("PART", 3)]));

        Assert.Equal(["PART", "WH-GAS", "PART", "LAB-TECH", "FEE-TRIP", "FEE-DISPOSAL", "FEE-PERMIT"], Items(draft));
    }

    [Fact]
    public void Identical_flags_are_carried_through_once()
    {
        var flag = new ReviewFlag(FlagKind.Ambiguous, "How much mulch?", []);
        var other = new ReviewFlag(FlagKind.Declined, "Declined the PRV", []);

        var draft = Price(Job(), Reading([Item("SVC-FLUSH")], flags: [flag, other, flag with { }]));

        Assert.Equal([flag, other], draft.Flags);
    }

    // Malformed jobs

    [Fact]
    public void Job_with_no_visits_or_timesheets_is_priced_with_a_flag()
    {
        var job = new JobberJob(null, null, null, null, null, null, null, null, null, null, null);

        var draft = Price(job, Reading([Item("PART")]));

        Assert.Equal(["PART"], Items(draft));
        Assert.Contains(draft.Flags, f => f.Kind == FlagKind.InvalidInput);
    }

    [Fact]
    public void Malformed_entries_and_visits_are_flagged_not_thrown()
    {
        var visits = new List<JobVisit> { null!, Visit("V-1") with { StartAt = null }, Visit("V-2") };
        var entries = new List<TimesheetEntry>
        {
            null!,
            Entry("T1", Tech, "V-1", null) with { StartAt = null },
            Entry("T2", Tech, "V-2", -60),
            Entry("T3", null, "V-2", 3600),
            Entry("T4", Tech, "V-9", 3600, TuesdayMorning.AddDays(-30)),
            Entry("T5", Helper, "V-1", 1800),
        };

        var draft = Price(Job(visits, entries), Reading([Item("PART", -1), Item("SVC-FLUSH")]), Policy(flatRateIncludesLabor: false));

        Assert.Contains(draft.Lines, l => l.ItemId == "LAB-HELPER");
        var messages = draft.Flags.Where(f => f.Kind == FlagKind.InvalidInput).Select(f => f.Message).ToList();
        Assert.Contains(messages, m => m.Contains("T1", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("T2", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("T3", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("T4", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("no scheduled start", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("quantity -1", StringComparison.Ordinal));
        Assert.Equal(draft.Lines.Sum(l => l.Total) + draft.Tax, draft.Total);
    }
}
