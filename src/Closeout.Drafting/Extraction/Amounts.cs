using System.Text.RegularExpressions;
using Closeout.Drafting.Quantities;

namespace Closeout.Drafting.Extraction;

/// <summary>An amount written in a fragment: a value in a unit ("each" for a bare count), with its span.</summary>
internal sealed record Amount(decimal Value, string Unit, int Start, int Length, bool IsTotal)
{
    /// <summary>"x2", "(2)", "qty 3": a count that may stand anywhere near its item.</summary>
    public bool Multiplier { get; init; }

    public int End => Start + Length;
}

/// <summary>
/// The amounts (not sizes, readings or references) of a fragment, from the quantity parser, with what the reader
/// needs on top: whether an amount is a stated total and whether it is a multiplier.
/// </summary>
internal static partial class Amounts
{
    public static List<Amount> Find(string text)
    {
        var found = new List<Amount>();

        // "6 one-lb bags of cal-hypo", "3 5-gal buckets": a count of containers of a stated size is that many units.
        foreach (Match m in Containers().Matches(text))
        {
            var count = NumberWords.TryParse(m.Groups["n"].Value, out var n) ? n : (decimal?)null;
            var size = NumberWords.TryParse(m.Groups["size"].Value, out var z) ? z : (decimal?)null;
            var unit = Units.Normalize(m.Groups["unit"].Value);
            if (count is not null && size is not null && unit is not null)
            {
                found.Add(new Amount(count.Value * size.Value, unit, m.Index, m.Length, false));
            }
        }

        // ".218 x 2 x 30", "16x7": the figures of dimensions are a size, never counts.
        var dimensions = Size.HasDimensions(text) ? Size.DimensionSpans(text).ToList() : null;
        foreach (var q in QuantityParser.FindAll(text))
        {
            if (!q.IsAmount || found.Any(f => q.Start < f.End && f.Start < q.End) || (dimensions is not null && dimensions.Any(d => q.Start < d.End && d.Start < q.End)))
            {
                continue;
            }

            // "one every 2 ft", "a hanger every 24 in": a spacing, never an amount used.
            // "of the 2 box vents": the set a clause picks from, not an amount used.
            if (Spacing().IsMatch(text[..q.Start]) || SetOf().IsMatch(text[..q.Start]))
            {
                continue;
            }

            var value = q.Each is { } each ? q.Value!.Value * each.Value : q.Value!.Value;
            var unit = q.Each is { } measure ? measure.Unit : q.Unit ?? Each;
            var multiplier = MultiplierForm().IsMatch(q.Text);
            if (!Measures.Contains(unit) && value > 99 && !multiplier)
            {
                continue; // "a new 420 cartridge", "Moen 1222": a model number, not a count
            }

            var isTotal = TotalAfter().IsMatch(text[q.End..]) || TotalBefore().IsMatch(text[..q.Start]);
            found.Add(new Amount(value, unit, q.Start, q.Length, isTotal) { Multiplier = multiplier });
        }

        return found;
    }

    public const string Each = "each";

    // Units that measure; anything else ("cartridge", "bag", a bare count) counts pieces.
    private static readonly HashSet<string> Measures = new(StringComparer.Ordinal)
    {
        Units.Foot, Units.Inch, Units.Yard, Units.Meter, Units.Pound, Units.Ounce, Units.Ton, Units.Kilogram, Units.Gram, Units.Gallon,
        Units.Quart, Units.Pint, Units.Liter, Units.FluidOunce, Units.CubicYard, Units.CubicFoot, Units.SquareFoot, Units.SquareYard,
        Units.SquareMeter, Units.Hour, Units.Minute,
    };

    /// <summary>The amount in a catalog item's unit; null when it does not convert (a bare count of a per-foot pipe).</summary>
    public static decimal? ToItemUnit(Amount amount, string itemUnit, string itemText)
    {
        if (amount.Unit == Each)
        {
            // A bare count is a count of anything not sold by measure: "2 cylinders" of a rekey priced per cylinder.
            return IsCountUnit(itemUnit) || !IsMeasure(itemUnit) ? amount.Value : null;
        }

        return UnitConversion.ToItemUnit(amount.Value, amount.Unit, itemUnit, itemText)?.Quantity;
    }

    /// <summary>A unit that measures (foot, gallon, pound, hour...), as a catalog writes it.</summary>
    public static bool IsMeasure(string unit) => Units.Normalize(unit) is { } normal && Measures.Contains(normal);

    public static bool IsCountUnit(string unit) => unit.Trim().ToLowerInvariant() is "each" or "ea" or "unit" or "pair" or "set" or "kit" or "";

    // "14 total", "14 sensors total", "45' of wire in all": up to two words (no other number) before the word.
    [GeneratedRegex(@"^\s*((?!\d)[^\s,;:.()+=]+\s+){0,2}(total|in all|altogether)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TotalAfter();

    [GeneratedRegex(@"(=|total:?|final count:?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TotalBefore();

    [GeneratedRegex(@"\bevery\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Spacing();

    [GeneratedRegex(@"(^|[.;:,(-]\s*)(out\s+)?of (the|those|these)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SetOf();

    /// <summary>
    /// A larger unit the item's description defines in the item's own unit: "3 bundles cover a square" gives ("square", 3)
    /// for an item sold by the bundle.
    /// </summary>
    public static (string Noun, decimal Factor)? LargerUnit(string itemUnit, string description)
    {
        var m = LargerUnitDefined().Match(description);
        if (!m.Success || Tokenizer.Stem(m.Groups["unit"].Value) != Tokenizer.Stem(itemUnit.Trim())
            || !NumberWords.TryParse(m.Groups["n"].Value, out var n) || n <= 0)
        {
            return null;
        }

        return (Tokenizer.Stem(m.Groups["noun"].Value), n);
    }

    [GeneratedRegex(@"\b(?<n>\d+|two|three|four|five|six|ten|twelve)\s+(?<unit>[a-z]+?)s?\s+(cover|covers|make|makes|to|per|in|=|equal|equals)\s+(a|one|1|each)\s+(?<noun>[a-z]+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LargerUnitDefined();

    /// <summary>"12' long each", "10' each", "each 8 ft": a length said of every one of a counted set.</summary>
    public static bool SaidOfEach(string text, Amount amount) =>
        EachAfter().IsMatch(text[Math.Min(text.Length, amount.End)..]) || EachBefore().IsMatch(text[..amount.Start]);

    [GeneratedRegex(@"^\s*(long|wide|tall|lengths?|pieces?|sections?|sticks?)?\s*(each|apiece|ea)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EachAfter();

    [GeneratedRegex(@"\b(each|apiece)\s*(about|approx\w*|~)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EachBefore();

    [GeneratedRegex(@"^(x\s*\d+|\(\d+\)|qty:?\s*\d+|\d+\s*x)$", RegexOptions.IgnoreCase)]
    private static partial Regex MultiplierForm();

    [GeneratedRegex(@"\b(?<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?<size>\d+(?:\.\d+)?|one|two|three|four|five|ten|twenty|fifty)[- ]?(?<unit>lbs?|pounds?|gal|gallons?|oz|ounces?|qt|quarts?)\.?\s+(bags?|jugs?|buckets?|boxes?|bottles?|cans?|pails?|tubs?|jars?|sacks?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Containers();
}
