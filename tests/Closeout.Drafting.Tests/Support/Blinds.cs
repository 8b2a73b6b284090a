using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Engine;

namespace Closeout.Drafting.Tests.Support;

/// <summary>
/// A small window-blind and motorised-shade business built in code, a trade no evaluation set has: parts sold by the
/// pair with a length in their name, sized siblings, near-duplicate rollers, a motor whose name shares a word with a
/// verb. Jobs, notes and the policy shape come from <see cref="Electrical"/>.
/// </summary>
internal static class Blinds
{
    public static readonly Catalog Catalog = new("Pane", "USD",
    [
        new CatalogItem("EL-LAB", "Shade technician labor", ItemKind.Labor, "hour", 95m, false, "Labor", "Technician, per hour"),
        new CatalogItem("EL-LAB-AH", "Shade technician labor - after hours", ItemKind.Labor, "hour", 140m, false, "Labor", "Evenings and weekends"),
        new CatalogItem("EL-LAB-APP", "Helper labor", ItemKind.Labor, "hour", 55m, false, "Labor", "Helper, per hour"),
        new CatalogItem("EL-TRIP", "Trip charge", ItemKind.Fee, "each", 69m, false, "Fees", "Service call, once per visit"),
        new CatalogItem("BL-CORD-4", "Lift cord set, 4 ft blind", ItemKind.Product, "pair", 18m, true, "Cords", "Pair of lift cords for blinds up to 4 ft high"),
        new CatalogItem("BL-CORD-6", "Lift cord set, 6 ft blind", ItemKind.Product, "pair", 22m, true, "Cords", "Pair of lift cords for blinds up to 6 ft high"),
        new CatalogItem("BL-SPOOL", "Cord spools, 1 in", ItemKind.Product, "pair", 14m, true, "Cords", "Pair of standard cord spools"),
        new CatalogItem("BL-SPRING-10", "Tension spring 10 in", ItemKind.Product, "each", 16m, true, "Springs", "Roller shade tension spring, 10 in long"),
        new CatalogItem("BL-SPRING-15", "Tension spring 15 in", ItemKind.Product, "each", 19m, true, "Springs", "Roller shade tension spring, 15 in long"),
        new CatalogItem("BL-ROLLER-NYLON", "Nylon roller, sealed bearing", ItemKind.Product, "each", 6m, true, "Track", "Quiet nylon roller"),
        new CatalogItem("BL-ROLLER-STEEL", "Steel roller", ItemKind.Product, "each", 4m, true, "Track", "Standard steel roller"),
        new CatalogItem("BL-BEARING", "Headrail end bearing", ItemKind.Product, "each", 9m, true, "Track", "Sealed end bearing for the roller tube"),
        new CatalogItem("BL-MOTOR", "Shade motor 1/2 Nm", ItemKind.Product, "each", 240m, true, "Motors", "Tubular shade motor"),
        new CatalogItem("BL-RELAY", "Motor start relay & fuse", ItemKind.Product, "each", 21m, true, "Motors", "Start relay and thermal fuse"),
        new CatalogItem("BL-HANG-KIT", "Bracket hanging kit", ItemKind.Product, "each", 12m, true, "Motors", "Brackets and screws to hang a motor head"),
        new CatalogItem("BL-SENSOR", "Sun sensor kit", ItemKind.Product, "each", 48m, true, "Motors", "Light sensor with bracket"),
        new CatalogItem("BL-SWITCH", "Wireless wall switch", ItemKind.Product, "each", 35m, true, "Controls", "Battery wall switch"),
        new CatalogItem("BL-RESET", "Off-track blind reset", ItemKind.Service, "each", 59m, false, "Services", "Re-hang a blind that came out of its track"),
    ]);

    public static DraftEngine Engine() => new(Catalog, Electrical.Policy());
}
