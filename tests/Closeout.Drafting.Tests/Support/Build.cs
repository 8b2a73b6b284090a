using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Extraction;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Tests.Support;

/// <summary>Small builders for catalogs, policies, jobs and readings, shaped like the cascade business.</summary>
internal static class Build
{
    public const string Tech = "U-TECH";
    public const string Helper = "U-HELP";

    public static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    public static readonly Catalog Catalog = new("Test", "USD",
    [
        new CatalogItem("LAB-TECH", "Technician labor", ItemKind.Labor, "hour", 125m, false, "Labor", "Licensed technician"),
        new CatalogItem("LAB-TECH-AH", "Technician labor - after hours", ItemKind.Labor, "hour", 187.5m, false, "Labor", ""),
        new CatalogItem("LAB-HELPER", "Helper labor", ItemKind.Labor, "hour", 75m, false, "Labor", ""),
        new CatalogItem("FEE-TRIP", "Service call", ItemKind.Fee, "each", 89m, false, "Fees", ""),
        new CatalogItem("FEE-DISPOSAL", "Disposal", ItemKind.Fee, "each", 35m, false, "Fees", ""),
        new CatalogItem("FEE-PERMIT", "Permit", ItemKind.Fee, "each", 150m, false, "Fees", ""),
        new CatalogItem("SVC-FLUSH", "Water heater flush", ItemKind.Service, "each", 149m, false, "Services", ""),
        new CatalogItem("WH-GAS", "Gas water heater", ItemKind.Product, "each", 1595m, true, "Water heaters", "50 gal gas tank"),
        new CatalogItem("WH-ELEC", "Electric water heater", ItemKind.Product, "each", 1295m, true, "Water heaters", ""),
        new CatalogItem("PART", "Part", ItemKind.Product, "each", 10m, true, "Parts", ""),
        new CatalogItem("PIPE", "Pipe", ItemKind.Product, "foot", 0.85m, true, "Parts", ""),
    ]);

    public static BillingPolicy Policy(
        TripChargePer per = TripChargePer.Visit,
        bool flatRateIncludesLabor = true,
        decimal taxRate = 0.0925m,
        IReadOnlySet<DayOfWeek>? days = null,
        IReadOnlyList<CompanionRule>? companions = null) =>
        new(
            "Test",
            LosAngeles,
            "USD",
            new Dictionary<string, TeamMember>
            {
                [Tech] = new(Tech, "Terry Tech", "technician"),
                [Helper] = new(Helper, "Hal Helper", "helper"),
            },
            new BusinessHours(
                days ?? new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
                new TimeOnly(8, 0),
                new TimeOnly(17, 0)),
            new LaborPolicy(
                new Dictionary<string, LaborRate>
                {
                    ["technician"] = new("LAB-TECH", "LAB-TECH-AH"),
                    ["helper"] = new("LAB-HELPER", null),
                },
                0.25m,
                1.0m,
                flatRateIncludesLabor),
            new TripChargePolicy("FEE-TRIP", per, new HashSet<string> { "maintenance-plan" }),
            companions ??
            [
                new CompanionRule(["WH-GAS", "WH-ELEC"], [new CompanionAdd("FEE-DISPOSAL", 1m), new CompanionAdd("FEE-PERMIT", 1m)]),
            ],
            new TaxPolicy(taxRate, new HashSet<string> { "tax-exempt" }),
            new ApprovalPolicy(500m, 2500m));

    /// <summary>Tuesday, October 6 2026, 09:00 in Los Angeles (PDT).</summary>
    public static readonly DateTimeOffset TuesdayMorning = new(2026, 10, 6, 9, 0, 0, TimeSpan.FromHours(-7));

    public static JobVisit Visit(string id, DateTimeOffset? start = null, bool completed = true, double hours = 3, string? title = null)
    {
        var at = start ?? TuesdayMorning;
        return new JobVisit(id, title ?? "Visit " + id, at, at.AddHours(hours), completed ? at.AddHours(hours) : null, new Connection<AssignedUser>([]));
    }

    public static TimesheetEntry Entry(string id, string? user, string? visit, long? seconds, DateTimeOffset? start = null) =>
        new(id, user is null ? null : new IdRef(user), visit is null ? null : new IdRef(visit), start ?? TuesdayMorning, null, seconds, null);

    public static JobberJob Job(IReadOnlyList<JobVisit>? visits = null, IReadOnlyList<TimesheetEntry>? entries = null, params string[] tags) =>
        new(
            "J-1",
            1,
            "Job",
            null,
            "requires_invoicing",
            new JobberClient("C-1", "Client", null, null, null, null, new Connection<TagNode>(tags.Select(t => new TagNode(t)).ToList())),
            null,
            new Connection<JobLineItem>([]),
            new Connection<JobVisit>(visits ?? [Visit("V-1")]),
            new Connection<TimesheetEntry>(entries ?? []),
            new Connection<JobNote>([]));

    public static BilledItem Item(string id, decimal quantity = 1m, string? visit = null) =>
        new(id, quantity, LineSource.Notes, [new Evidence.NoteSpan("N-1", 0, id.Length, id)], 0.9, visit);

    public static StatedLabor Stated(string visit, string user, decimal hours) =>
        new(visit, user, hours, new Evidence.NoteSpan("N-1", 0, 5, "2 hrs"));

    public static JobReading Reading(
        IReadOnlyList<BilledItem>? items = null,
        IReadOnlyList<string>? warranty = null,
        IReadOnlyList<StatedLabor>? stated = null,
        IReadOnlyList<ReviewFlag>? flags = null) =>
        new(items ?? [], flags ?? [], new HashSet<string>(warranty ?? []), stated ?? []);
}
