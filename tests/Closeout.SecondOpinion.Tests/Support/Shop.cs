using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.SecondOpinion.Tests.Support;

/// <summary>A small plumbing business built in code: its catalog, policy, engine and a water-heater job.</summary>
internal static class Shop
{
    public const string Tech = "U-TECH";

    public static readonly Catalog Catalog = new("Test Plumbing", "USD",
    [
        new CatalogItem("LAB-TECH", "Technician labor", ItemKind.Labor, "hour", 125m, false, "Labor", "Licensed technician"),
        new CatalogItem("FEE-TRIP", "Service call", ItemKind.Fee, "each", 89m, false, "Fees", "Trip charge"),
        new CatalogItem("WH-GAS-50", "Gas water heater 50 gal", ItemKind.Product, "each", 1595m, true, "Water heaters", "50 gallon gas tank water heater"),
        new CatalogItem("WH-ANODE", "Anode rod", ItemKind.Product, "each", 65m, true, "Water heater parts", "Magnesium anode rod"),
        new CatalogItem("WH-EXPTANK", "Thermal expansion tank", ItemKind.Product, "each", 129m, true, "Water heater parts", "2 gallon expansion tank"),
        new CatalogItem("PL-UNION", "Dielectric union", ItemKind.Product, "each", 18m, true, "Fittings", "3/4 in dielectric union"),
        new CatalogItem("PL-PEX", "PEX tubing 3/4 in", ItemKind.Product, "foot", 1.10m, true, "Pipe", "Per foot"),
    ]);

    public static readonly BillingPolicy Policy = new(
        "Test Plumbing",
        TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"),
        "USD",
        new Dictionary<string, TeamMember> { [Tech] = new(Tech, "Terry Tech", "technician") },
        new BusinessHours(
            new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
            new TimeOnly(8, 0),
            new TimeOnly(17, 0)),
        new LaborPolicy(new Dictionary<string, LaborRate> { ["technician"] = new("LAB-TECH", null) }, 0.25m, 1.0m, false),
        new TripChargePolicy("FEE-TRIP", TripChargePer.Visit, new HashSet<string>()),
        [],
        new TaxPolicy(0.10m, new HashSet<string>()),
        new ApprovalPolicy(500m, 2500m));

    public static readonly DraftEngine Engine = new(Catalog, Policy);

    public const string FlushNote = "Flushed tank, lots of sediment. Anode was gone, installed new anode rod. Pressure 95 psi so we also installed the expansion tank on the cold side. Both heater connections were corroded, swapped in 2 insulating couplers.";

    /// <summary>A completed one-visit job: two hours on the clock, the anode rod logged, the expansion tank only in the notes.</summary>
    public static JobberJob Job(params string[] extraNotes)
    {
        var start = new DateTimeOffset(2026, 10, 6, 9, 0, 0, TimeSpan.FromHours(-7));
        var notes = new List<JobNote> { new("N-1", FlushNote, start.AddHours(2), new IdRef(Tech), []) };
        notes.AddRange(extraNotes.Select((text, i) => new JobNote($"N-{i + 2}", text, start.AddHours(2), new IdRef(Tech), [])));
        return new JobberJob(
            "J-42",
            42,
            "Water heater maintenance",
            "Flush and inspect the water heater.",
            "requires_invoicing",
            new JobberClient("C-1", "Pat Client", null, null, null, null, new Connection<TagNode>([])),
            null,
            new Connection<JobLineItem>([new JobLineItem("LI-1", "Anode rod", null, 1m, 65m, 65m, true, new LinkedProductOrService("WH-ANODE", "Anode rod"))]),
            new Connection<JobVisit>([new JobVisit("V-1", "Maintenance", start, start.AddHours(2), start.AddHours(2), new Connection<AssignedUser>([]))]),
            new Connection<TimesheetEntry>([new TimesheetEntry("T-1", new IdRef(Tech), new IdRef("V-1"), start, start.AddHours(2), 7200, null)]),
            new Connection<JobNote>(notes));
    }

    public static readonly IReadOnlyList<PastJob> History =
    [
        new(Job() with { Id = "J-7", Title = "Expansion tank install" }, ["WH-EXPTANK", "LAB-TECH", "FEE-TRIP"]),
        new(Job() with { Id = "J-8", Title = "Repipe" }, ["PL-PEX", "LAB-TECH", "FEE-TRIP"]),
    ];
}
