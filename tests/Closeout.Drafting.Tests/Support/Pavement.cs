using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Engine;

namespace Closeout.Drafting.Tests.Support;

/// <summary>
/// A small parking-lot maintenance business built in code, a trade no evaluation set has: a flat-rate service whose
/// name is a verb with an irregular past ("sweep"), signs sized by dimensions ("12x18"), a material sold per foot in
/// pieces, a gauge in a name, a count-of-a-larger-unit a description defines. Jobs, notes and the policy shape come
/// from <see cref="Electrical"/>.
/// </summary>
internal static class Pavement
{
    public static readonly Catalog Catalog = new("Blacktop", "USD",
    [
        new CatalogItem("EL-LAB", "Pavement technician labor", ItemKind.Labor, "hour", 85m, false, "Labor", "Technician, per hour"),
        new CatalogItem("EL-LAB-AH", "Pavement technician labor - after hours", ItemKind.Labor, "hour", 125m, false, "Labor", "Nights and weekends"),
        new CatalogItem("EL-LAB-APP", "Helper labor", ItemKind.Labor, "hour", 45m, false, "Labor", "Helper, per hour"),
        new CatalogItem("EL-TRIP", "Trip charge", ItemKind.Fee, "each", 75m, false, "Fees", "Truck to the lot, once per visit"),
        new CatalogItem("PV-SWEEP", "Parking lot sweep, one lot", ItemKind.Service, "each", 160m, false, "Services", "Power sweep one lot and blow off the walks"),
        new CatalogItem("PV-STRIPE", "Restripe stalls", ItemKind.Service, "each", 220m, false, "Services", "Repaint stall lines on one lot"),
        new CatalogItem("PV-SIGN-12", "Traffic sign 12x18", ItemKind.Product, "each", 48m, true, "Signs", "Aluminum reflective sign, 12x18 in"),
        new CatalogItem("PV-SIGN-18", "Traffic sign 18x24", ItemKind.Product, "each", 64m, true, "Signs", "Aluminum reflective sign, 18x24 in"),
        new CatalogItem("PV-SIGN-24", "Traffic sign 24x24", ItemKind.Product, "each", 72m, true, "Signs", "Aluminum reflective sign, 24x24 in"),
        new CatalogItem("PV-POST", "Sign post, 12 ga", ItemKind.Product, "each", 39m, true, "Signs", "Galvanized square sign post"),
        new CatalogItem("PV-RAIL", "Guard rail, 12 ga", ItemKind.Product, "foot", 21m, true, "Barriers", "Galvanized W-beam guard rail, per foot of rail"),
        new CatalogItem("PV-STOP", "Wheel stop", ItemKind.Product, "each", 55m, true, "Barriers", "Recycled rubber wheel stop with pins"),
        new CatalogItem("PV-PATCH", "Cold patch asphalt", ItemKind.Product, "bag", 18m, true, "Asphalt", "Cold patch, 50 lb bag"),
        new CatalogItem("PV-FILLER", "Crack filler", ItemKind.Product, "gallon", 14m, true, "Asphalt", "Rubberized crack filler, per gallon"),
        new CatalogItem("PV-TIRES", "Abandoned tire or debris removal", ItemKind.Service, "each", 95m, false, "Services", "Haul away dumped tires or junk from one lot"),
        new CatalogItem("PV-MARK", "Marking paint", ItemKind.Product, "each", 9m, true, "Paint", "Inverted layout paint, 17 oz can"),
        new CatalogItem("PV-DRAIN", "Storm drain cleaning", ItemKind.Service, "each", 140m, false, "Services", "Vacuum out one catch basin"),
        new CatalogItem("PV-POSTS", "Delineator posts", ItemKind.Product, "bundle", 90m, true, "Barriers", "Flexible delineator posts, sold by the bundle; 6 bundles make a skid"),
    ]);

    public static DraftEngine Engine() => new(Catalog, Electrical.Policy());
}
