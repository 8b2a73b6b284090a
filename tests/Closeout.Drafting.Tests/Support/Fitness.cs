using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Tests.Support;

/// <summary>
/// A fitness-equipment repair business built in code, a trade no evaluation set has: parts sized by weight and by
/// dimensions, near-duplicate counted parts, a part its description calls by another word, a flat-rate service whose
/// description names what it includes, and a kit whose description lists its contents.
/// </summary>
internal static class Fitness
{
    public static readonly Catalog Catalog = new("Rep", "USD",
    [
        new CatalogItem("FT-LAB", "Fitness technician", ItemKind.Labor, "hour", 90m, false, "Labor", "Technician, per hour"),
        new CatalogItem("FT-LAB-AH", "Fitness technician - after hours", ItemKind.Labor, "hour", 135m, false, "Labor", "Evenings and weekends"),
        new CatalogItem("FT-LAB-ASST", "Mover helper", ItemKind.Labor, "hour", 45m, false, "Labor", "Second person for heavy machines"),
        new CatalogItem("FT-TRIP", "Service call", ItemKind.Fee, "each", 65m, false, "Fees", "Travel to the site, once per visit"),
        new CatalogItem("FT-SPRING-40", "Counterbalance spring 40 lb", ItemKind.Product, "each", 22m, true, "Decks", "Fold-up deck gas spring, 40 lb, sold each"),
        new CatalogItem("FT-SPRING-60", "Counterbalance spring 60 lb", ItemKind.Product, "each", 26m, true, "Decks", "Fold-up deck gas spring, 60 lb, sold each"),
        new CatalogItem("FT-WAX", "Deck wax", ItemKind.Product, "pound", 18m, true, "Decks", "Silicone deck lubricant wax, per pound"),
        new CatalogItem("FT-CABLE-156", "Stack cable .156 x 10 x 96", ItemKind.Product, "each", 34m, true, "Cables", "Coated steel weight stack cable, .156 in, 96 in long"),
        new CatalogItem("FT-CABLE-188", "Stack cable .188 x 12 x 120", ItemKind.Product, "each", 41m, true, "Cables", "Coated steel weight stack cable, .188 in, 120 in long"),
        new CatalogItem("FT-BELT-2055", "Running belt 20x55", ItemKind.Product, "each", 180m, true, "Belts", "Treadmill running belt, 20 in wide"),
        new CatalogItem("FT-BELT-2260", "Running belt 22x60", ItemKind.Product, "each", 210m, true, "Belts", "Treadmill running belt, 22 in wide"),
        new CatalogItem("FT-STRAP", "Chest strap transmitter", ItemKind.Product, "each", 55m, true, "Electronics", "Heart-rate chest strap, one per user"),
        new CatalogItem("FT-SENSOR", "Speed sensor", ItemKind.Product, "each", 38m, true, "Electronics", "Belt speed magnet pickup"),
        new CatalogItem("FT-BRACKET", "Sensor bracket", ItemKind.Product, "each", 12m, true, "Electronics", "Steel bracket that holds a speed sensor"),
        new CatalogItem("FT-KEY", "Safety key", ItemKind.Product, "each", 15m, true, "Electronics", "Standard magnetic safety key made from the owner's console code"),
        new CatalogItem("FT-KEY-CLIP", "Safety key, wireless clip", ItemKind.Product, "each", 45m, true, "Electronics", "Wireless clip key made and paired to the console"),
        new CatalogItem("FT-HAUL", "Old treadmill haul-away", ItemKind.Fee, "each", 75m, false, "Fees", "Take away and recycle the old treadmill"),
        new CatalogItem("FT-TREADMILL", "Folding treadmill", ItemKind.Product, "each", 1400m, true, "Machines", "Home folding treadmill, 2.5 hp"),
        new CatalogItem("FT-WIRE", "Harness wire", ItemKind.Product, "foot", 1.5m, true, "Electronics", "Low-voltage console harness wire, per foot"),
        new CatalogItem("FT-BRUSH", "Carbon brush set", ItemKind.Product, "each", 29m, true, "Motors", "Carbon brushes for DC drive motors"),
        new CatalogItem("FT-MOTOR", "Drive motor replacement", ItemKind.Service, "each", 420m, false, "Services", "Swap the DC drive motor; brushes, belt dressing and calibration included"),
        new CatalogItem("FT-HW-KIT", "Deck hardware kit", ItemKind.Product, "each", 24m, true, "Decks", "Deck bolts, isolators and washers"),
        new CatalogItem("FT-BOLT", "Deck bolt", ItemKind.Product, "each", 3m, true, "Decks", "Grade 8 deck mounting bolt"),
        new CatalogItem("FT-ISOLATOR", "Deck isolator", ItemKind.Product, "each", 6m, true, "Decks", "Rubber deck cushion"),
    ]);

    private static readonly CodedBusiness Business = new("Rep", Catalog, "FT-LAB", "FT-LAB-AH", "FT-LAB-ASST", "FT-TRIP", "Treadmill repair");

    public static DraftEngine Engine() => Business.Engine();

    /// <summary>One visit with an hour of the technician's time sheet, the given notes and logged lines.</summary>
    public static JobberJob Job(IReadOnlyList<string> notes, IReadOnlyList<JobLineItem>? logged = null) => Business.Job(notes, logged);

    /// <summary>One visit a week apart per (title, notes).</summary>
    public static JobberJob Job(IReadOnlyList<(string Title, IReadOnlyList<string> Notes)> visits) => Business.Job(visits);

    public static JobLineItem Logged(string id, string itemId, decimal quantity) => Business.Logged(id, itemId, quantity);

    /// <summary>What the notes and logged lines billed, policy lines left out.</summary>
    public static string Billed(DraftInvoice draft) => Business.Billed(draft);

    /// <summary>The draft's flag kinds in the scoring format, sorted: "ambiguous, declined".</summary>
    public static string Flags(DraftInvoice draft) => Electrical.Flags(draft);
}
