namespace Closeout.Drafting.Extraction;

/// <summary>
/// General trade vocabulary: abbreviations, slang and misspellings field technicians write, mapped to the plain words
/// a price book uses. It is data about trades, never about one business: no entry names a catalog item id, and an
/// expansion only helps when the business's own catalog text carries those words.
/// </summary>
internal static class TradeLexicon
{
    // "written form" => "plain words". Written forms may span several words; matching is on stems.
    private static readonly (string Written, string Plain)[] Entries =
    [
        // general
        ("w/", "with"), ("cust", "customer"), ("qty", "quantity"), ("approx", "approximately"),
        ("repl", "replace"), ("rplcd", "replaced"), ("inst", "install"), ("instl", "install"),
        ("ea", "each"), ("pcs", "piece"), ("pc", "piece"), ("ss", "stainless"), ("insp", "inspection"), ("lvl", "level"),
        // units and sizes
        ("g", "gal"), ("gallon", "gal"), ("gals", "gal"), ("inch", "in"), ("inches", "in"), ("ft", "foot"), ("feet", "foot"),
        ("lbs", "pound"), ("lb", "pound"), ("yds", "yard"), ("yd", "yard"), ("sf", "square foot"), ("sq", "square"), ("sqft", "square foot"),
        ("horsepower", "hp"), ("uf", "microfarad"), ("mfd", "microfarad"),
        // plumbing
        ("tpr", "temperature pressure relief valve"), ("t&p", "temperature pressure relief valve"), ("t p", "temperature pressure relief valve"),
        ("relief valve", "temperature pressure relief valve"), ("pop off", "relief valve"),
        ("wh", "water heater"), ("hwh", "hot water heater"), ("hot water tank", "water heater"), ("tank", "tank"),
        ("exp tank", "expansion tank"), ("xt", "expansion tank"),
        ("prv", "pressure reducing valve regulator"), ("regulator", "pressure reducing valve regulator"),
        ("sillcock", "hose bib faucet"), ("sill cock", "hose bib faucet"), ("spigot", "hose bib faucet"), ("bib", "hose bib"), ("hosebib", "hose bib"),
        ("outside faucet", "hose bib"), ("frost free", "frost-free"),
        ("supply", "supply line"), ("supplies", "supply line"), ("braided", "braided supply line"), ("flex line", "supply line"),
        ("stop", "angle stop valve"), ("stops", "angle stop valve"), ("angle stop", "angle stop valve"), ("shutoff", "shutoff valve"),
        ("ell", "elbow fitting"), ("ells", "elbow fitting"), ("elbow", "elbow fitting"), ("cplg", "coupling fitting"), ("cplgs", "coupling fitting"),
        ("coupling", "coupling fitting"), ("tee", "tee fitting"), ("tees", "tee fitting"), ("adapter", "adapter fitting"), ("barb", "barb fitting"),
        ("union", "fitting"), ("nipple", "fitting"), ("reducer", "fitting"), ("fitting", "fitting"),
        ("push fitting", "push-to-connect fitting"), ("sharkbite", "push-to-connect fitting"), ("push fit", "push-to-connect fitting"),
        ("cart", "cartridge"), ("carts", "cartridge"), ("trap", "p-trap"), ("wax", "wax ring"),
        ("dw", "dishwasher"), ("lav", "lavatory bathroom"), ("camera", "camera inspection"), ("disp", "disposal"), ("gd", "garbage disposal"), ("sub pump", "sump pump"), ("sump", "sump pump"),
        ("co", "cleanout"), ("c/o", "cleanout"), ("jetted", "hydro-jetting"), ("jet", "hydro-jetting"), ("hydrojet", "hydro-jetting"),
        ("snaked", "cable drain clearing"), ("snake", "cable drain clearing"), ("cabled", "cable drain clearing"), ("rooter", "cable drain clearing"),
        ("camera'd", "camera inspection"), ("scoped", "camera inspection"), ("video", "camera inspection"),
        ("galv", "galvanized"), ("cu", "copper"), ("pex", "pex pipe"), ("abs", "abs pipe"), ("cpvc", "cpvc pipe"),
        ("ro", "reverse osmosis"), ("flapper", "flapper"), ("fill valve", "fill valve"), ("ballcock", "fill valve"),
        // hvac
        ("cap", "capacitor"), ("caps", "capacitor"), ("dual", "dual"), ("run cap", "run capacitor"), ("herm", "compressor"),
        ("tstat", "thermostat"), ("t-stat", "thermostat"), ("stat", "thermostat"),
        ("cond", "condenser"), ("condensor", "condenser"), ("evap", "evaporator"), ("comp", "compressor"), ("compr", "compressor"),
        ("ahu", "air handler"), ("hsi", "hot surface igniter"), ("ignitor", "igniter"), ("tc", "thermocouple"), ("t/c", "thermocouple"),
        ("press sw", "pressure switch"), ("pressure sw", "pressure switch"), ("sw", "switch"), ("float sw", "float switch"),
        ("410", "r-410a refrigerant"), ("410a", "r-410a refrigerant"), ("r410", "r-410a refrigerant"), ("r410a", "r-410a refrigerant"), ("puron", "r-410a refrigerant"),
        ("r22", "r-22 refrigerant"), ("22", "r-22 refrigerant"), ("freon", "refrigerant"), ("charge", "refrigerant"), ("recharge", "refrigerant"),
        ("txv", "thermal expansion valve txv"), ("drier", "filter drier"), ("dryer", "filter drier"),
        ("contactor", "contactor"), ("hard start", "hard start kit"), ("inducer", "inducer motor"), ("blower", "blower motor"),
        ("humidifier pad", "humidifier pad"), ("uv", "uv lamp"), ("mini split", "ductless mini-split"), ("minisplit", "ductless mini-split"),
        ("surge", "surge protector"), ("cond pump", "condensate pump"), ("media filter", "media filter"),
        // electrical
        ("gfi", "gfci outlet"), ("gfci", "gfci outlet"), ("afci", "afci breaker"), ("recep", "receptacle outlet"), ("receptacle", "receptacle outlet"),
        ("plug", "outlet"), ("j-box", "junction box"), ("jbox", "junction box"), ("romex", "nm cable wire"), ("nm", "nm cable wire"),
        ("ckt", "circuit"), ("bkr", "breaker"), ("breaker", "breaker"), ("sub panel", "subpanel"), ("smoke det", "smoke detector"),
        ("co det", "carbon monoxide detector"), ("can light", "recessed light"), ("cans", "recessed light"), ("wirenut", "wire connector"),
        ("ev charger", "ev charger"), ("dimmer", "dimmer switch"), ("fixture", "light fixture"),
        ("bubble cover", "in-use weatherproof cover"), ("in use cover", "in-use weatherproof cover"), ("wp cover", "weatherproof cover"),
        ("sp switch", "single-pole switch"), ("sp sw", "single-pole switch"), ("single pole", "single-pole"), ("occ", "occupancy"),
        ("photo eye", "photocell"), ("ats", "automatic transfer switch"), ("smokes", "smoke alarm"), ("smoke det", "smoke alarm"),
        ("14/2", "nm cable wire"), ("14/3", "nm cable wire"), ("12/2", "nm cable wire"), ("12/3", "nm cable wire"), ("10/2", "nm cable wire"), ("10/3", "nm cable wire"),
        // irrigation and landscape
        ("sol", "solenoid"), ("noz", "nozzle"), ("nozz", "nozzle"), ("zn", "zone"), ("zns", "zone"), ("z", "zone"),
        ("popup", "spray head"), ("pop-up", "spray head"), ("popups", "spray head"), ("pop up", "spray head"), ("spray", "spray head"),
        ("body", "spray head body"), ("bodies", "spray head body"), ("rotor", "rotor head"), ("clock", "controller"), ("timer", "controller"),
        ("stop and waste", "stop-and-waste valve"), ("stop n waste", "stop-and-waste valve"), ("pvb", "backflow"), ("rpz", "backflow"),
        ("rubber kit", "backflow repair kit"), ("rebuilt", "repair kit"), ("poly", "poly pipe"), ("funny pipe", "swing pipe"),
        ("drip", "drip line"), ("tubing", "drip line"), ("emitter", "drip line emitter"),
        ("18/7", "irrigation wire"), ("18/5", "irrigation wire"), ("18/9", "irrigation wire"), ("wire", "wire"),
        ("fert", "fertilizer"), ("winterizer", "fertilizer"), ("starter fert", "fertilizer"), ("29-0-4", "fertilizer"),
        ("kbg", "grass seed"), ("rye", "grass seed"), ("fescue", "grass seed"), ("seed", "grass seed"),
        ("bark", "bark mulch"), ("mulch", "mulch"), ("shredded cedar", "bark mulch"), ("wood chips", "mulch"),
        ("one gal", "1 gal"), ("five gal", "5 gal"), 
        ("perennial", "perennial plant"), ("shrub", "shrub plant"), ("tree", "tree"),
        ("rock", "rock"), ("river rock", "decorative rock"), ("rose rock", "decorative rock"), ("gravel", "rock"),
        ("edging", "edging"), ("fabric", "landscape fabric"), ("weed barrier", "landscape fabric"),
        ("topsoil", "topsoil"), ("top soil", "topsoil"), ("sod", "sod"), ("turf", "sod"),
        ("green waste", "green waste haul-away"), ("hauled", "haul-away"), ("haul", "haul-away"), ("hauled off", "haul-away"), ("dump", "dump"),
        ("mow", "mow"), ("mowed", "mow"), ("aerate", "aeration"), ("aerated", "aeration"), ("overseed", "overseeding"), ("slit seeded", "overseeding"),
        ("blowout", "winterization"), ("blew out", "winterization blowout"), ("winterize", "winterization"),
        ("start up", "start-up"), ("turn on", "start-up"),
        // pest, pool, roofing, cleaning, appliances (other trades' common shorthand)
        ("igr", "insect growth regulator"), ("conc", "concentrate"), ("bifen", "bifenthrin"), ("fipronil", "fipronil termiticide"),
        ("termidor", "fipronil termiticide"), ("gel'd", "gel bait"), ("sweep", "door sweep"), ("glue trap", "glue board"),
        ("liq", "liquid chlorine"), ("liquid", "liquid chlorine"), ("alk", "alkalinity"), ("alk up", "alkalinity increaser"),
        ("ph up", "soda ash"), ("cya", "stabilizer cyanuric acid"), ("stabilizer", "stabilizer conditioner"), ("muriatic", "muriatic acid"),
        ("cal hypo", "cal-hypo shock"), ("calhypo", "cal-hypo shock"),
        ("termite", "termite"), ("bait station", "bait station"), ("roach", "cockroach"), ("rodent", "rodent"), ("mouse", "rodent"), ("mice", "rodent"), ("rat", "rodent"),
        ("chlorine tabs", "chlorine tablets"), ("tabs", "tablets"), ("shock", "pool shock"), ("de", "diatomaceous earth"), ("swg", "salt cell"),
        ("shingle", "shingle"), ("drip edge", "drip edge"), ("flashing", "flashing"), ("underlayment", "underlayment"), ("sq of", "square"),
        ("sheet", "sheet"), ("osb", "osb sheathing"), ("ply", "plywood"),
        ("sect", "section"), ("assy", "assembly"), ("asm", "assembly"), ("fridge", "refrigerator"), ("frig", "refrigerator"),
    ];

    /// <summary>Stemmed written form (space-joined) to the stems of its plain words.</summary>
    public static IReadOnlyDictionary<string, string[]> Expansions { get; } = Build();

    public static int LongestPhrase { get; } = Expansions.Keys.Max(k => k.Count(c => c == ' ') + 1);

    private static Dictionary<string, string[]> Build()
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (written, plain) in Entries)
        {
            var key = string.Join(' ', Tokenizer.Tokenize(written).Select(t => t.Stem));
            var value = Tokenizer.Tokenize(plain).Select(t => t.Stem).ToArray();
            if (key.Length == 0)
            {
                continue;
            }

            map[key] = map.TryGetValue(key, out var existing) ? existing.Concat(value).Distinct().ToArray() : value;
        }

        return map;
    }
}
