using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Tests.Support;

/// <summary>
/// A small fence and gate business built in code, a trade neither evaluation set has: counted hardware with plain and
/// qualified variants, pipe sold by the foot in two sizes, a flat-rate service priced per section, and fees.
/// </summary>
internal static class Fencing
{
    public static readonly Catalog Catalog = new("Picket", "USD",
    [
        new CatalogItem("FN-LAB", "Fence technician", ItemKind.Labor, "hour", 70m, false, "Labor", "Fence technician, per hour"),
        new CatalogItem("FN-LAB-AH", "Fence technician - after hours", ItemKind.Labor, "hour", 105m, false, "Labor", "Nights and weekends"),
        new CatalogItem("FN-LAB-ASST", "Fence helper", ItemKind.Labor, "hour", 40m, false, "Labor", "Helper, per hour"),
        new CatalogItem("FN-TRIP", "Service call", ItemKind.Fee, "each", 50m, false, "Fees", "Travel to the site, once per visit"),
        new CatalogItem("FN-DUMP", "Dump fee", ItemKind.Fee, "each", 40m, false, "Fees", "Landfill or transfer station fee"),
        new CatalogItem("FN-PICKET", "Cedar picket", ItemKind.Product, "each", 4m, true, "Lumber", "Standard 6 ft dog-ear picket"),
        new CatalogItem("FN-PICKET-TALL", "Cedar picket, tall", ItemKind.Product, "each", 6m, true, "Lumber", "8 ft picket for privacy runs"),
        new CatalogItem("FN-LATCH", "Gate latch, single-sided", ItemKind.Product, "each", 18m, true, "Hardware", "Gravity latch opened from one side"),
        new CatalogItem("FN-LATCH-DBL", "Gate latch, double-sided", ItemKind.Product, "each", 32m, true, "Hardware", "Latch opened from both sides, keyed"),
        new CatalogItem("FN-CAP", "Post cap", ItemKind.Product, "each", 9m, true, "Hardware", "Pressure-treated flat post cap"),
        new CatalogItem("FN-GRAVEL", "Drain gravel", ItemKind.Product, "cubic yard", 48m, true, "Materials", "Per cubic yard, for post footings"),
        new CatalogItem("FN-WIRE", "Welded wire", ItemKind.Product, "foot", 1.2m, true, "Materials", "Galvanized welded wire mesh, per foot"),
        new CatalogItem("FN-PIPE-2", "Galvanized pipe 2 in", ItemKind.Product, "foot", 7m, true, "Pipe", "Top rail and post pipe, per foot"),
        new CatalogItem("FN-PIPE-3", "Galvanized pipe 3 in", ItemKind.Product, "foot", 11m, true, "Pipe", "Terminal post pipe, per foot"),
        new CatalogItem("FN-HINGE-KIT", "Strap hinge kit, 6 ft gate", ItemKind.Product, "each", 26m, true, "Hardware", "Pair of strap hinges for gates up to 6 ft wide"),
        new CatalogItem("FN-FITTING", "Rail fitting", ItemKind.Product, "each", 5m, true, "Pipe", "Sleeve, end cup or brace band"),
        new CatalogItem("FN-RESTAIN", "Restain", ItemKind.Service, "section", 45m, false, "Services", "Restain an existing fence section, priced per section"),
        new CatalogItem("FN-GATE-TUNE", "Gate tune-up", ItemKind.Service, "each", 85m, false, "Services", "Adjust hinges, latch and sag of one gate"),
    ]);

    private static readonly CodedBusiness Business = new("Picket", Catalog, "FN-LAB", "FN-LAB-AH", "FN-LAB-ASST", "FN-TRIP", "Fence repair");

    public static DraftEngine Engine() => Business.Engine();

    /// <summary>One visit with an hour of the technician's time sheet, the given notes and logged lines.</summary>
    public static JobberJob Job(IReadOnlyList<string> notes, IReadOnlyList<JobLineItem>? logged = null) => Business.Job(notes, logged);

    public static JobLineItem Logged(string id, string itemId, decimal quantity) => Business.Logged(id, itemId, quantity);

    /// <summary>What the notes and logged lines billed, policy lines left out.</summary>
    public static string Billed(DraftInvoice draft) => Business.Billed(draft);

    /// <summary>The draft's flag kinds in the scoring format, sorted: "ambiguous, declined".</summary>
    public static string Flags(DraftInvoice draft) => Electrical.Flags(draft);
}
