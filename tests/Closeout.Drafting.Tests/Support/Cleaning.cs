using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Tests.Support;

/// <summary>
/// A small commercial cleaner built in code, a trade neither evaluation set has: chemicals sold by the gallon, quart
/// and pound, so tests through the engine check how it reads measured amounts in a trade it was not tuned on.
/// </summary>
internal static class Cleaning
{
    public static readonly Catalog Catalog = new("Shine", "USD",
    [
        new CatalogItem("CL-LAB", "Cleaning technician", ItemKind.Labor, "hour", 55m, false, "Labor", "Cleaning technician, per hour"),
        new CatalogItem("CL-LAB-AH", "Cleaning technician - after hours", ItemKind.Labor, "hour", 80m, false, "Labor", "Nights and weekends"),
        new CatalogItem("CL-LAB-ASST", "Cleaning assistant", ItemKind.Labor, "hour", 35m, false, "Labor", "Assistant, per hour"),
        new CatalogItem("CL-TRIP", "Service call", ItemKind.Fee, "each", 45m, false, "Fees", "Travel to the site, once per visit"),
        new CatalogItem("CL-STRIP", "Floor stripper", ItemKind.Product, "gallon", 28m, true, "Chemicals", "Wax and finish stripper, per gallon"),
        new CatalogItem("CL-FINISH", "Floor finish", ItemKind.Product, "gallon", 34m, true, "Chemicals", "High-gloss floor finish, per gallon"),
        new CatalogItem("CL-SEALER", "Grout sealer", ItemKind.Product, "quart", 19m, true, "Chemicals", "Penetrating grout sealer, per quart"),
        new CatalogItem("CL-ABSORB", "Spill absorbent, granular", ItemKind.Product, "pound", 3.5m, true, "Chemicals", "Clay absorbent for oil and spills, per pound"),
        new CatalogItem("CL-DEGREASE", "Degreaser concentrate, citrus", ItemKind.Product, "gallon", 22m, true, "Chemicals", "Kitchen degreaser, per gallon"),
        new CatalogItem("CL-PAD", "Pad refill", ItemKind.Product, "each", 12m, true, "Supplies", "Standard 20 inch floor machine pad"),
        new CatalogItem("CL-PAD-HS", "High-speed pad", ItemKind.Product, "each", 18m, true, "Supplies", "Hair-blend pad for high-speed burnishers"),
        new CatalogItem("CL-WAX", "Floor wax", ItemKind.Service, "each", 120m, false, "Services", "Buff and wax a hard floor"),
        new CatalogItem("CL-CARPET", "Carpet extraction", ItemKind.Service, "room", 65m, false, "Services", "Hot-water extraction, priced per room extracted"),
    ]);

    private static readonly CodedBusiness Business = new("Shine", Catalog, "CL-LAB", "CL-LAB-AH", "CL-LAB-ASST", "CL-TRIP", "Floor care");

    public static DraftEngine Engine() => Business.Engine();

    /// <summary>One visit with an hour of the technician's time sheet, the given notes and logged lines.</summary>
    public static JobberJob Job(IReadOnlyList<string> notes, IReadOnlyList<JobLineItem>? logged = null) => Business.Job(notes, logged);

    public static JobLineItem Logged(string id, string itemId, decimal quantity) => Business.Logged(id, itemId, quantity);

    /// <summary>What the notes and logged lines billed, policy lines left out.</summary>
    public static string Billed(DraftInvoice draft) => Business.Billed(draft);
}
