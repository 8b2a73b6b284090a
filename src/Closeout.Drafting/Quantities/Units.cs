namespace Closeout.Drafting.Quantities;

/// <summary>Normalised unit names, the vocabulary shared by the parser, the conversion and the catalog.</summary>
public static class Units
{
    public const string Each = "each";
    public const string Foot = "foot";
    public const string Inch = "inch";
    public const string Yard = "yard";
    public const string Meter = "meter";
    public const string Pound = "pound";
    public const string Ounce = "ounce";
    public const string Ton = "ton";
    public const string Kilogram = "kilogram";
    public const string Gram = "gram";
    public const string Gallon = "gallon";
    public const string Quart = "quart";
    public const string Pint = "pint";
    public const string Liter = "liter";
    public const string FluidOunce = "fluid ounce";
    public const string CubicYard = "cubic yard";
    public const string CubicFoot = "cubic foot";
    public const string SquareFoot = "square foot";
    public const string SquareYard = "square yard";
    public const string SquareMeter = "square meter";
    public const string Hour = "hour";
    public const string Minute = "minute";
    public const string Pair = "pair";

    // Single words, as they appear after a number. Multi-word units are matched by the parser.
    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ea"] = Each, ["each"] = Each, ["pc"] = Each, ["pcs"] = Each, ["piece"] = Each, ["pieces"] = Each,
        ["ft"] = Foot, ["feet"] = Foot, ["foot"] = Foot, ["lf"] = Foot, ["'"] = Foot,
        ["in"] = Inch, ["inch"] = Inch, ["inches"] = Inch, ["\""] = Inch,
        ["yd"] = Yard, ["yds"] = Yard, ["yard"] = Yard, ["yards"] = Yard,
        ["m"] = Meter, ["meter"] = Meter, ["meters"] = Meter, ["metre"] = Meter, ["metres"] = Meter,
        ["lb"] = Pound, ["lbs"] = Pound, ["pound"] = Pound, ["pounds"] = Pound, ["#"] = Pound,
        ["oz"] = Ounce, ["ounce"] = Ounce, ["ounces"] = Ounce,
        ["ton"] = Ton, ["tons"] = Ton, ["t"] = Ton,
        ["kg"] = Kilogram, ["kgs"] = Kilogram, ["kilo"] = Kilogram, ["kilos"] = Kilogram, ["kilogram"] = Kilogram, ["kilograms"] = Kilogram,
        ["gram"] = Gram, ["grams"] = Gram,
        ["gal"] = Gallon, ["gals"] = Gallon, ["gallon"] = Gallon, ["gallons"] = Gallon, ["g"] = Gallon,
        ["qt"] = Quart, ["qts"] = Quart, ["quart"] = Quart, ["quarts"] = Quart,
        ["pt"] = Pint, ["pts"] = Pint, ["pint"] = Pint, ["pints"] = Pint,
        ["l"] = Liter, ["liter"] = Liter, ["liters"] = Liter, ["litre"] = Liter, ["litres"] = Liter,
        ["cy"] = CubicYard, ["yd3"] = CubicYard,
        ["sf"] = SquareFoot, ["sqft"] = SquareFoot, ["ft2"] = SquareFoot,
        ["sy"] = SquareYard, ["sqyd"] = SquareYard,
        ["hr"] = Hour, ["hrs"] = Hour, ["hour"] = Hour, ["hours"] = Hour, ["h"] = Hour,
        ["min"] = Minute, ["mins"] = Minute, ["minute"] = Minute, ["minutes"] = Minute,
        ["pair"] = Pair, ["pairs"] = Pair,
    };

    // Containers and packs: counted, and convertible to a measure only through a stated size.
    private static readonly Dictionary<string, string> ContainerWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bag"] = "bag", ["bags"] = "bag", ["sack"] = "bag", ["sacks"] = "bag",
        ["pallet"] = "pallet", ["pallets"] = "pallet",
        ["box"] = "box", ["boxes"] = "box", ["bx"] = "box",
        ["case"] = "case", ["cases"] = "case", ["cs"] = "case",
        ["roll"] = "roll", ["rolls"] = "roll",
        ["sheet"] = "sheet", ["sheets"] = "sheet",
        ["bundle"] = "bundle", ["bundles"] = "bundle",
        ["spool"] = "spool", ["spools"] = "spool",
        ["coil"] = "coil", ["coils"] = "coil",
        ["bucket"] = "bucket", ["buckets"] = "bucket", ["pail"] = "pail", ["pails"] = "pail",
        ["jug"] = "jug", ["jugs"] = "jug", ["can"] = "can", ["cans"] = "can",
        ["drum"] = "drum", ["drums"] = "drum", ["tube"] = "tube", ["tubes"] = "tube",
        ["bottle"] = "bottle", ["bottles"] = "bottle", ["cartridge"] = "cartridge",
        ["pack"] = "pack", ["packs"] = "pack", ["pkg"] = "pack", ["carton"] = "carton", ["cartons"] = "carton",
        ["tote"] = "tote", ["totes"] = "tote", ["tub"] = "tub", ["tubs"] = "tub", ["tablet"] = "tablet", ["tablets"] = "tablet",
    };

    /// <summary>The normalised name of a unit word ("lbs" → "pound", "bags" → "bag"), or null when it is not a unit.</summary>
    public static string? Normalize(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var w = word.Trim().TrimEnd('.');
        if (w.Length == 0)
        {
            return null;
        }

        if (Words.TryGetValue(w, out var unit) || ContainerWords.TryGetValue(w, out unit))
        {
            return unit;
        }

        return NormalizePhrase(w);
    }

    /// <summary>True for a counted container or pack ("bag", "pallet", "box").</summary>
    public static bool IsContainer(string unit) => ContainerWords.ContainsValue(unit);

    internal static string? Word(string lowerWord) => Words.GetValueOrDefault(lowerWord);

    internal static string? Container(string lowerWord) => ContainerWords.GetValueOrDefault(lowerWord);

    private static string? NormalizePhrase(string phrase)
    {
        var p = string.Join(' ', phrase.ToLowerInvariant().Replace(".", " ", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return p switch
        {
            "cubic yard" or "cubic yards" or "cu yd" or "cu yds" or "cu yard" or "cu yards" or "yd3" => CubicYard,
            "cubic foot" or "cubic feet" or "cu ft" or "cf" => CubicFoot,
            "square foot" or "square feet" or "sq ft" or "sq feet" or "sq foot" or "sqft" => SquareFoot,
            "square yard" or "square yards" or "sq yd" or "sq yds" => SquareYard,
            "square meter" or "square meters" or "sq m" or "m2" => SquareMeter,
            "linear foot" or "linear feet" or "lin ft" or "ln ft" or "lineal feet" => Foot,
            "fluid ounce" or "fluid ounces" or "fl oz" => FluidOunce,
            "per foot" => Foot,
            _ => null,
        };
    }
}
