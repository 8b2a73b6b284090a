using Closeout.Drafting.Catalogs;

namespace Closeout.Benchmarks;

/// <summary>
/// A large, plausible price book across many trades, the same for the same seed: sized parts, materials by the unit,
/// flat-rate services, labor and fees, named the way businesses name them.
/// </summary>
internal static class CatalogGenerator
{
    private sealed record Trade(string Prefix, string Category, string[] Things, string[] Sizes, string Unit, decimal MinPrice, decimal MaxPrice, ItemKind Kind = ItemKind.Product);

    private static readonly Trade[] s_trades =
    [
        new("PL", "Plumbing parts", ["ball valve", "gate valve", "toilet flapper", "fill valve", "wax ring", "supply line", "P-trap", "shutoff valve", "pressure reducing valve", "faucet cartridge", "hose bib", "wax-free seal", "closet bolt set", "sump pump", "check valve"], ["1/2 in", "3/4 in", "1 in", "1-1/4 in", "1-1/2 in", "2 in", "12 in", "20 in"], "each", 4m, 420m),
        new("PP", "Pipe and fittings", ["copper pipe type L", "copper pipe type M", "PEX-A pipe", "PEX-B pipe", "CPVC pipe", "PVC DWV pipe", "ABS pipe", "galvanized pipe"], ["1/2 in", "3/4 in", "1 in", "1-1/2 in", "2 in", "3 in", "4 in"], "foot", 0.8m, 14m),
        new("WH", "Water heaters", ["gas water heater", "electric water heater", "heat pump water heater", "tankless water heater", "anode rod", "thermocouple", "T&P relief valve", "dip tube", "heating element", "gas control valve"], ["30 gal", "40 gal", "50 gal", "75 gal", "4500W", "5500W", "199k BTU"], "each", 12m, 3400m),
        new("HV", "HVAC parts", ["dual run capacitor", "start capacitor", "contactor", "condenser fan motor", "blower motor", "igniter", "flame sensor", "pressure switch", "inducer motor", "TXV", "filter drier", "thermostat", "control board", "limit switch", "zone damper"], ["5 MFD", "35/5 MFD", "45/5 MFD", "1/4 HP", "1/2 HP", "24V", "30A", "40A", "2 ton", "3 ton"], "each", 9m, 980m),
        new("RF", "Refrigerants", ["R-410A refrigerant", "R-22 refrigerant", "R-32 refrigerant", "R-454B refrigerant", "R-134a refrigerant"], ["recovered", "virgin", "reclaimed"], "pound", 35m, 140m),
        new("FL", "Filters", ["pleated air filter", "media filter", "HEPA filter", "carbon filter", "washable filter"], ["16x20x1", "16x25x1", "20x20x1", "20x25x1", "16x25x4", "20x25x5"], "each", 8m, 95m),
        new("EL", "Electrical parts", ["GFCI receptacle", "duplex receptacle", "single-pole breaker", "double-pole breaker", "AFCI breaker", "light switch", "dimmer switch", "junction box", "smoke detector", "surge protector", "disconnect", "subpanel"], ["15A", "20A", "30A", "40A", "50A", "60A", "100A", "tamper resistant", "weather resistant"], "each", 3m, 690m),
        new("WR", "Wire and conduit", ["NM-B cable", "THHN wire", "UF-B cable", "EMT conduit", "PVC conduit", "flexible conduit", "low voltage wire", "irrigation wire"], ["14/2", "12/2", "10/3", "6/3", "1/2 in", "3/4 in", "18/2", "18/7"], "foot", 0.3m, 9m),
        new("IR", "Irrigation parts", ["rotor head", "spray head", "spray nozzle", "drip emitter", "valve box", "solenoid", "irrigation valve", "backflow preventer", "controller", "rain sensor", "swing pipe", "saddle tee"], ["4 in pop-up", "6 in pop-up", "12 in pop-up", "1 in", "3/4 in", "4 zone", "8 zone", "adjustable arc", "15 ft", "2 GPH"], "each", 1.5m, 560m),
        new("PY", "Irrigation pipe", ["poly pipe", "drip line", "Sch 40 PVC", "Class 200 PVC", "funny pipe"], ["1/2 in", "3/4 in", "1 in", "1-1/4 in"], "foot", 0.4m, 4.5m),
        new("LS", "Landscape materials", ["bark mulch", "decorative rock", "river rock", "topsoil", "compost", "pea gravel", "crushed granite", "sand"], ["dark", "red", "natural", "screened", "3/4 in", "1-1/2 in"], "cubic yard", 28m, 160m),
        new("PLT", "Plants", ["boxwood shrub", "arborvitae", "hydrangea", "Japanese maple", "ornamental grass", "perennial", "annual flat", "sod"], ["1 gal", "3 gal", "5 gal", "15 gal", "flat", "pallet"], "each", 5m, 420m),
        new("RO", "Roofing materials", ["architectural shingle bundle", "3-tab shingle bundle", "ridge cap bundle", "drip edge", "ice and water shield", "synthetic underlayment", "pipe boot", "roof vent", "step flashing", "roofing nails"], ["charcoal", "weathered wood", "10 ft", "2 sq", "4 in", "1-1/4 in"], "each", 6m, 190m),
        new("PA", "Paint and coatings", ["interior latex paint", "exterior acrylic paint", "primer", "deck stain", "caulk", "wood filler", "masking tape", "drop cloth"], ["flat", "eggshell", "satin", "semi-gloss", "1 gal", "5 gal", "quart"], "gallon", 6m, 260m),
        new("PO", "Pool and spa", ["pool pump", "pool filter cartridge", "chlorine tablets", "pool heater", "skimmer basket", "pool light", "salt cell", "pH increaser"], ["1 HP", "1.5 HP", "100 sq ft", "25 lb", "50 lb", "400k BTU"], "each", 12m, 2900m),
        new("AP", "Appliance parts", ["dishwasher pump", "washer drain pump", "dryer belt", "dryer heating element", "refrigerator defrost heater", "ice maker", "oven igniter", "door gasket", "water inlet valve"], ["universal", "OEM", "front load", "top load", "30 in", "36 in"], "each", 9m, 340m),
        new("PE", "Pest control", ["rodent bait station", "termite bait", "snap trap", "exclusion mesh", "insecticide treatment", "glue board"], ["interior", "exterior", "perimeter", "10 pack", "per station"], "each", 3m, 180m),
        new("SV", "Services", ["drain cleaning", "camera inspection", "water heater flush", "AC tune-up", "furnace tune-up", "sprinkler winterization", "spring start-up", "panel inspection", "gutter cleaning", "duct cleaning", "leak detection", "hydro jetting"], ["standard", "additional", "main line", "secondary line", "up to 8 zones", "whole home"], "each", 79m, 890m, ItemKind.Service),
    ];

    private static readonly string[] s_makers = ["Pro", "Contractor grade", "Premium", "Economy", "Heavy duty", "Commercial", "Residential", "Universal"];

    public static Catalog Create(int size = 5_000, int seed = 42)
    {
        var random = new Random(seed);
        var items = new List<CatalogItem>(size)
        {
            new("LAB-TECH", "Technician labor", ItemKind.Labor, "hour", 125m, false, "Labor", "Licensed technician, regular hours"),
            new("LAB-HELPER", "Helper labor", ItemKind.Labor, "hour", 75m, false, "Labor", "Helper / apprentice, regular hours"),
            new("LAB-TECH-AH", "Technician labor - after hours", ItemKind.Labor, "hour", 187.5m, false, "Labor", "Licensed technician, evenings and weekends"),
            new("FEE-TRIP", "Trip charge", ItemKind.Fee, "each", 89m, false, "Fees", "Service call, per visit"),
            new("FEE-DISPOSAL", "Disposal fee", ItemKind.Fee, "each", 45m, false, "Fees", "Haul-away and disposal of old equipment"),
        };
        var names = new HashSet<string>(items.Select(i => i.Name), StringComparer.OrdinalIgnoreCase);
        var serial = 0;
        while (items.Count < size)
        {
            var trade = s_trades[random.Next(s_trades.Length)];
            var thing = trade.Things[random.Next(trade.Things.Length)];
            var sizeText = trade.Sizes[random.Next(trade.Sizes.Length)];
            var maker = random.Next(3) == 0 ? s_makers[random.Next(s_makers.Length)] + " " : "";
            var name = $"{maker}{Capitalised(thing)}, {sizeText}";
            if (!names.Add(name))
            {
                continue;
            }

            var price = decimal.Round(trade.MinPrice + ((trade.MaxPrice - trade.MinPrice) * (decimal)random.NextDouble()), 2);
            var description = $"{sizeText} {thing}{(maker.Length > 0 ? ", " + maker.Trim().ToLowerInvariant() : "")}";
            items.Add(new CatalogItem($"{trade.Prefix}-{++serial:D5}", name, trade.Kind, trade.Unit, price, trade.Kind is ItemKind.Product, trade.Category, description));
        }

        return new Catalog("Generated Home Services", "USD", items);
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
