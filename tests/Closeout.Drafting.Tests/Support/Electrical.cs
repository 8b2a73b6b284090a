using System.Globalization;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Tests.Support;

/// <summary>
/// A small electrician's business built in code: none of the dataset's trades, so tests through the engine check that
/// it reads notes of a trade it was not tuned on. Reuses <see cref="Build"/> for visits, time sheets and the policy shape.
/// </summary>
internal static class Electrical
{
    public const string Electrician = Build.Tech;
    public const string Apprentice = Build.Helper;

    public static readonly Catalog Catalog = new("Volt", "USD",
    [
        new CatalogItem("EL-LAB", "Electrician labor", ItemKind.Labor, "hour", 135m, false, "Labor", "Licensed journeyman electrician, per hour"),
        new CatalogItem("EL-LAB-AH", "Electrician labor - after hours", ItemKind.Labor, "hour", 202.5m, false, "Labor", "Evenings, weekends and holidays"),
        new CatalogItem("EL-LAB-APP", "Apprentice labor", ItemKind.Labor, "hour", 65m, false, "Labor", "Apprentice electrician, per hour"),
        new CatalogItem("EL-TRIP", "Trip charge", ItemKind.Fee, "each", 79m, false, "Fees", "Service call, once per visit"),
        new CatalogItem("EL-PERMIT", "Electrical permit", ItemKind.Fee, "each", 125m, false, "Fees", "City electrical permit and inspection"),
        new CatalogItem("EL-GFCI", "GFCI outlet", ItemKind.Product, "each", 38m, true, "Devices", "20A tamper-resistant GFCI receptacle"),
        new CatalogItem("EL-BRK20", "20A single-pole breaker", ItemKind.Product, "each", 24m, true, "Breakers", "20 amp single-pole circuit breaker"),
        new CatalogItem("EL-NM122", "12/2 NM cable", ItemKind.Product, "foot", 1.10m, true, "Wire", "12/2 Romex NM-B cable with ground"),
        new CatalogItem("EL-FAN", "Ceiling fan install", ItemKind.Service, "each", 225m, false, "Services", "Hang, wire and balance a ceiling fan on a rated box"),
        new CatalogItem("EL-FANBOX", "Fan-rated ceiling box", ItemKind.Product, "each", 28m, true, "Boxes", "Retrofit fan-rated brace and box"),
        new CatalogItem("EL-CAN", "Recessed light", ItemKind.Product, "each", 65m, true, "Lighting", "6 in LED recessed can light, IC rated"),
        new CatalogItem("EL-SMOKE", "Smoke detector", ItemKind.Product, "each", 45m, true, "Safety", "Hardwired smoke detector with battery backup"),
        new CatalogItem("EL-SURGE", "Whole-house surge protector", ItemKind.Product, "each", 295m, true, "Safety", "Type 2 panel-mounted surge protective device"),
        new CatalogItem("EL-PANEL", "Panel upgrade", ItemKind.Service, "each", 2400m, false, "Services", "Replace main panel with a 200A load center"),
    ]);

    public static BillingPolicy Policy(TripChargePer per = TripChargePer.Visit, bool flatRateIncludesLabor = false) =>
        Build.Policy(per, flatRateIncludesLabor, taxRate: 0.08m, companions:
        [
            new CompanionRule(["EL-PANEL"], [new CompanionAdd("EL-PERMIT", 1m)]),
        ]) with
        {
            Business = "Volt",
            Team = new Dictionary<string, TeamMember>
            {
                [Electrician] = new(Electrician, "Dana Reyes", "electrician"),
                [Apprentice] = new(Apprentice, "Sam Ortiz", "apprentice"),
            },
            Labor = new LaborPolicy(
                new Dictionary<string, LaborRate>
                {
                    ["electrician"] = new("EL-LAB", "EL-LAB-AH"),
                    ["apprentice"] = new("EL-LAB-APP", null),
                },
                0.5m,
                1.0m,
                flatRateIncludesLabor),
            TripCharge = new TripChargePolicy("EL-TRIP", per, new HashSet<string> { "service-plan" }),
        };

    public static DraftEngine Engine() => new(Catalog, Policy());

    /// <summary>The items of the policy (labor, trip charge) that every visit gets: left out when a test looks at what the notes bill.</summary>
    private static readonly HashSet<string> PolicyItems = new(StringComparer.Ordinal) { "EL-LAB", "EL-LAB-AH", "EL-LAB-APP", "EL-TRIP" };

    public static JobNote Note(string id, string message, int minutesIntoVisit = 60, string? author = Electrician) =>
        new(id, message, Build.TuesdayMorning.AddMinutes(minutesIntoVisit), author is null ? null : new IdRef(author), null);

    public static JobLineItem Logged(string id, string? itemId, decimal? quantity, string? name = null)
    {
        var item = Catalog.Find(itemId);
        return new JobLineItem(id, name ?? item?.Name ?? itemId, null, quantity, item?.UnitPrice, quantity * item?.UnitPrice, item?.Taxable,
            itemId is null ? null : new LinkedProductOrService(itemId, item?.Name));
    }

    /// <summary>One visit with the electrician on it for an hour of time sheet, the given notes, and the given logged lines.</summary>
    public static JobberJob Job(IReadOnlyList<string> notes, IReadOnlyList<JobLineItem>? logged = null, bool timesheet = true) =>
        Build.Job(
            [Visit()],
            timesheet ? [Build.Entry("T-1", Electrician, "V-1", 3600)] : []) with
        {
            Title = "Service call",
            LineItems = new Connection<JobLineItem>(logged ?? []),
            Notes = new Connection<JobNote>(notes.Select((n, i) => Note($"N-{i + 1}", n, 30 + (30 * i))).ToList()),
        };

    public static JobVisit Visit(string id = "V-1", DateTimeOffset? start = null) =>
        Build.Visit(id, start) with
        {
            AssignedUsers = new Connection<AssignedUser>([new AssignedUser(Electrician, new UserName("Dana Reyes")), new AssignedUser(Apprentice, new UserName("Sam Ortiz"))]),
        };

    /// <summary>What the notes and logged lines billed, policy lines left out: "EL-GFCI 3, EL-NM122 45" (summed per item, in draft order).</summary>
    public static string Billed(DraftInvoice draft) =>
        string.Join(", ", draft.Lines.Where(l => !PolicyItems.Contains(l.ItemId))
            .GroupBy(l => l.ItemId, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Sum(l => l.Quantity).ToString("0.##", CultureInfo.InvariantCulture)}"));

    /// <summary>The draft's flag kinds, distinct and sorted: "ambiguous, declined".</summary>
    public static string Flags(DraftInvoice draft) =>
        string.Join(", ", draft.Flags.Select(f => f.Kind.Code()).Distinct().Order(StringComparer.Ordinal));

    public static decimal Quantity(DraftInvoice draft, string itemId) => draft.Lines.Where(l => l.ItemId == itemId).Sum(l => l.Quantity);
}
