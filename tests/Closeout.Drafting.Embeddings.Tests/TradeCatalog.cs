using Closeout.Drafting.Catalogs;

namespace Closeout.Drafting.Embeddings.Tests;

/// <summary>A small price book across trades, written the way businesses name their items.</summary>
internal static class TradeCatalog
{
    public static Catalog Create() => new("mixed", "USD",
    [
        Item("HV-CAP", "Dual run capacitor", ItemKind.Product, "each", 68m, "HVAC parts", "45/5 MFD 440V dual run capacitor"),
        Item("HV-CONT", "Contactor", ItemKind.Product, "each", 55m, "HVAC parts", "Single-pole 30A contactor"),
        Item("HV-FANMTR", "Condenser fan motor", ItemKind.Product, "each", 289m, "HVAC parts", "1/4 HP condenser fan motor"),
        Item("HV-FILTER", "Furnace filter", ItemKind.Product, "each", 18m, "HVAC parts", "16x25x1 pleated air filter"),
        Item("PL-FLAPPER", "Toilet flapper", ItemKind.Product, "each", 14m, "Plumbing parts", "Universal 2 in toilet flapper"),
        Item("PL-FILL", "Toilet fill valve", ItemKind.Product, "each", 32m, "Plumbing parts", "Adjustable toilet fill valve"),
        Item("PL-WAX", "Wax ring", ItemKind.Product, "each", 9m, "Plumbing parts", "Toilet wax ring with flange"),
        Item("IR-ROTOR", "Rotor head", ItemKind.Product, "each", 24m, "Irrigation parts", "Gear-driven sprinkler rotor, 4 in pop-up"),
        Item("IR-NOZZLE", "Spray nozzle", ItemKind.Product, "each", 4m, "Irrigation parts", "Adjustable arc spray nozzle"),
        Item("IR-POLY", "Poly pipe", ItemKind.Product, "foot", 1.2m, "Irrigation parts", "1 in polyethylene irrigation pipe"),
        Item("EL-GFCI", "Ground fault outlet (GFCI)", ItemKind.Product, "each", 42m, "Electrical parts", "20A GFCI receptacle, tamper resistant"),
        Item("EL-BRK", "Single-pole breaker", ItemKind.Product, "each", 16m, "Electrical parts", "15A single-pole circuit breaker"),
        Item("RF-SHINGLE", "Roof shingle bundle", ItemKind.Product, "bundle", 45m, "Roofing materials", "Architectural asphalt shingles, 33 sq ft per bundle"),
        Item("RF-DRIP", "Drip edge", ItemKind.Product, "each", 12m, "Roofing materials", "10 ft aluminum drip edge"),
        Item("LAB-TECH", "Technician labor", ItemKind.Labor, "hour", 125m, "Labor", "Per technician hour"),
        Item("FEE-TRIP", "Trip charge", ItemKind.Fee, "each", 89m, "Fees", "Service call trip charge"),
    ]);

    private static CatalogItem Item(string id, string name, ItemKind kind, string unit, decimal price, string category, string description) =>
        new(id, name, kind, unit, price, Taxable: kind == ItemKind.Product, category, description);
}
