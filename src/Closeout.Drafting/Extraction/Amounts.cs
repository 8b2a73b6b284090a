using System.Globalization;
using System.Text.RegularExpressions;

namespace Closeout.Drafting.Extraction;

/// <summary>An amount written in a fragment: a value in a unit ("each" for a bare count), with its span.</summary>
internal sealed record Amount(decimal Value, string Unit, int Start, int Length, bool IsTotal)
{
    /// <summary>"x2", "(2)", "qty 3": a count that may stand anywhere near its item.</summary>
    public bool Multiplier { get; init; }

    public int End => Start + Length;
}

/// <summary>Finds amounts (not sizes) in a fragment: "14'", "2 lbs 8 oz", "x2", "(3)", "qty 36", "three", "a pair", "1 1/2 ton".</summary>
internal static partial class Amounts
{
    private static readonly Dictionary<string, decimal> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16,
        ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50,
        ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90, ["hundred"] = 100, ["both"] = 2, ["pair"] = 2, ["dozen"] = 12,
        ["half"] = 0.5m, ["single"] = 1,
    };

    private static readonly Dictionary<string, string> UnitWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["'"] = "foot", ["ft"] = "foot", ["feet"] = "foot", ["foot"] = "foot", ["lf"] = "foot", ["\""] = "inch", ["in"] = "inch", ["inch"] = "inch", ["inches"] = "inch",
        ["lb"] = "pound", ["lbs"] = "pound", ["#"] = "pound", ["pound"] = "pound", ["pounds"] = "pound", ["oz"] = "ounce", ["ounce"] = "ounce", ["ounces"] = "ounce",
        ["gal"] = "gallon", ["gals"] = "gallon", ["gallon"] = "gallon", ["gallons"] = "gallon", ["qt"] = "quart", ["qts"] = "quart", ["quart"] = "quart", ["quarts"] = "quart",
        ["yd"] = "yard", ["yds"] = "yard", ["yard"] = "yard", ["yards"] = "yard", ["cu yd"] = "cubic yard", ["cubic yard"] = "cubic yard", ["cubic yards"] = "cubic yard",
        ["sf"] = "square foot", ["sq ft"] = "square foot", ["sqft"] = "square foot", ["square feet"] = "square foot", ["square foot"] = "square foot",
        ["ton"] = "ton", ["tons"] = "ton", ["bag"] = "bag", ["bags"] = "bag", ["pallet"] = "pallet", ["pallets"] = "pallet",
        ["hr"] = "hour", ["hrs"] = "hour", ["hour"] = "hour", ["hours"] = "hour", ["min"] = "minute", ["mins"] = "minute", ["minutes"] = "minute",
        ["m"] = "meter", ["meter"] = "meter", ["meters"] = "meter", ["l"] = "liter", ["liter"] = "liter", ["liters"] = "liter",
        ["box"] = "box", ["boxes"] = "box", ["roll"] = "roll", ["rolls"] = "roll", ["case"] = "case", ["cases"] = "case", ["bundle"] = "bundle", ["bundles"] = "bundle",
        ["sheet"] = "sheet", ["sheets"] = "sheet", ["pint"] = "pint", ["pints"] = "pint",
    };

    // Units that make a number a size of the thing rather than an amount of it.
    private static readonly HashSet<string> SizeUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        "hp", "g", "v", "volt", "amp", "a", "w", "watt", "mfd", "uf", "k", "btu", "psi", "deg", "f", "rpm", "mv", "ohm", "ohms", "ua", "am", "pm", "yr", "yrs",
        "year", "years", "gpg", "gph", "gpm", "x", "pole", "ma", "microns", "wc", "kw", "sec", "day", "days", "wk", "wks", "th", "st", "nd", "rd", "s",
    };

    [GeneratedRegex(@"(?<![\w/#.-])(?<num>\d+(?:\.\d+)?[ -]\d+/\d+|\d+/\d+|\d+(?:\.\d+)?(?![\d/.]|\.\d)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|both|a pair|pair|a dozen|dozen|half an?|a single|single)(?<and> and a half)?\s*(?<unit>'|""|cu\.? ?yds?|cubic yards?|sq\.? ?ft|square f(?:ee|oo)t|#(?!\d)|[a-z]+)?", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"(?:\bx\s*(?<n>\d+)\b|\((?<n>\d+)\)|\bqty:?\s*(?<n>\d+)\b|\b(?<n>\d+)\s*x\b(?!\s*\d))", RegexOptions.IgnoreCase)]
    private static partial Regex Multiplier();

    [GeneratedRegex(@"\b(?<a>\d+(?:\.\d+)?)\s*(?:lbs?|pounds?)\s*(?<b>\d+(?:\.\d+)?)\s*(?:oz|ounces?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PoundsOunces();

    [GeneratedRegex(@"\b(?<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?<what>pallets?|bags?|rolls?|boxes|box|bundles?)\s*(?:@|at|of)\s*(?<size>\d+(?:\.\d+)?)\s*(?<unit>sf|sq ?ft|square feet|lbs?|#|ft|'|gal)\s*(?:ea(?:ch)?)?", RegexOptions.IgnoreCase)]
    private static partial Regex Containers();

    public static List<Amount> Find(string text)
    {
        var found = new List<Amount>();
        var taken = new bool[text.Length + 1];

        foreach (Match m in Containers().Matches(text))
        {
            var count = ParseNumber(m.Groups["n"].Value) ?? 0;
            var size = ParseNumber(m.Groups["size"].Value) ?? 0;
            var unit = UnitWords.GetValueOrDefault(m.Groups["unit"].Value.Replace(" ", " ", StringComparison.Ordinal), "each");
            Add(found, taken, new Amount(count * size, unit, m.Index, m.Length, false));
        }

        foreach (Match m in PoundsOunces().Matches(text))
        {
            var value = decimal.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture) + (decimal.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture) / 16m);
            Add(found, taken, new Amount(value, "pound", m.Index, m.Length, false));
        }

        foreach (Match m in Multiplier().Matches(text))
        {
            Add(found, taken, new Amount(decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), "each", m.Index, m.Length, false) { Multiplier = true });
        }

        foreach (Match m in Number().Matches(text))
        {
            if (IsTaken(taken, m.Index, m.Length))
            {
                continue;
            }

            var before = m.Index > 0 ? text[..m.Index].TrimEnd() : string.Empty;
            if (before.EndsWith('#') || before.EndsWith("z", StringComparison.OrdinalIgnoreCase) || before.EndsWith("zone", StringComparison.OrdinalIgnoreCase)
                || before.EndsWith("job", StringComparison.OrdinalIgnoreCase) || before.EndsWith("Q-", StringComparison.OrdinalIgnoreCase)
                || Regex.IsMatch(before, @"\d\s*/$") || before.EndsWith("stall", StringComparison.OrdinalIgnoreCase) || before.EndsWith("rd", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var numText = m.Groups["num"].Value;
            var value = ParseNumber(numText);
            if (value is null)
            {
                continue;
            }

            if (m.Groups["and"].Success)
            {
                value += 0.5m;
            }

            var unitText = m.Groups["unit"].Value;
            var after = m.Index + m.Length < text.Length ? text[(m.Index + m.Length)..] : string.Empty;
            // Dimensions (16x25x1), sizes (1/2 in pipe, 50 gal tank, 5 mfd), ratios and readings (28 / 3.1) are not amounts.
            if ((after.StartsWith('x') && after.Length > 1 && char.IsDigit(after[1])) || Regex.IsMatch(after, @"^\s*/\s*\d"))
            {
                continue;
            }

            if (unitText.Length > 0 && SizeUnits.Contains(unitText))
            {
                continue;
            }

            string unit;
            if (unitText.Length == 0 || !UnitWords.TryGetValue(NormalizeUnit(unitText), out unit!))
            {
                unit = "each";
                // A bare fraction or a number written before a size unit is a size: "1/2 PEX", "3/4 copper".
                if (numText.Contains('/', StringComparison.Ordinal) && !numText.Contains(' ', StringComparison.Ordinal))
                {
                    continue;
                }
            }
            else if (unit is "inch" or "gallon" && IsSizeContext(after))
            {
                continue;
            }

            var isTotal = Regex.IsMatch(after, @"^\s*(total|in all|altogether)\b", RegexOptions.IgnoreCase)
                || Regex.IsMatch(before, @"(=|total:?|final count:?)\s*$", RegexOptions.IgnoreCase);
            var knownUnit = unitText.Length > 0 && UnitWords.ContainsKey(NormalizeUnit(unitText));
            var length = !knownUnit ? m.Groups["num"].Length + (m.Groups["and"].Success ? m.Groups["and"].Length : 0) : m.Length;
            if (unit == "each" && value > 99)
            {
                continue; // model numbers and readings ("Moen 1222", "825Y"), not counts
            }

            Add(found, taken, new Amount(value.Value, unit, m.Index, length, isTotal) { Multiplier = false });
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    // "2 gal expansion tank", "50 gal gas", "4in media filter", "1\" poly": the unit describes the thing's size.
    private static bool IsSizeContext(string after) =>
        Regex.IsMatch(after, @"^\s*[a-z]", RegexOptions.IgnoreCase) && !Regex.IsMatch(after, @"^\s*(of|total|ea|each|per)\b", RegexOptions.IgnoreCase);

    private static string NormalizeUnit(string unit)
    {
        var u = Regex.Replace(unit.ToLowerInvariant(), @"[.\s]+", " ").Trim();
        return u.StartsWith("cu", StringComparison.Ordinal) ? "cu yd" : u.StartsWith("sq", StringComparison.Ordinal) ? "sq ft" : u;
    }

    public static decimal? ParseNumber(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.StartsWith("a ", StringComparison.Ordinal))
        {
            t = t[2..];
        }

        if (t.StartsWith("half", StringComparison.Ordinal))
        {
            return 0.5m;
        }

        if (Words.TryGetValue(t, out var word))
        {
            return word;
        }

        var parts = t.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        decimal total = 0;
        foreach (var part in parts)
        {
            if (!Size.TryValue(part, out var v))
            {
                return null;
            }

            total += v;
        }

        return parts.Length == 0 ? null : total;
    }

    private static bool IsTaken(bool[] taken, int start, int length)
    {
        for (var i = start; i < start + length && i < taken.Length; i++)
        {
            if (taken[i])
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(List<Amount> into, bool[] taken, Amount amount)
    {
        if (IsTaken(taken, amount.Start, amount.Length))
        {
            return;
        }

        for (var i = amount.Start; i < amount.Start + amount.Length && i < taken.Length; i++)
        {
            taken[i] = true;
        }

        into.Add(amount);
    }

    /// <summary>Converts an amount into a catalog item's unit; null when the units do not fit.</summary>
    public static decimal? ToItemUnit(Amount amount, string itemUnit, string itemText)
    {
        var to = itemUnit.ToLowerInvariant().Trim();
        var from = amount.Unit;
        if (from == to || (from == "each" && to is "each" or "pair" or "set" or "kit"))
        {
            return amount.Value;
        }

        return (from, to) switch
        {
            ("ounce", "pound") => amount.Value / 16m,
            ("pound", "ounce") => amount.Value * 16m,
            ("inch", "foot") => amount.Value / 12m,
            ("foot", "inch") => amount.Value * 12m,
            ("yard", "cubic yard") => amount.Value,
            ("yard", "foot") => amount.Value * 3m,
            ("quart", "gallon") => amount.Value / 4m,
            ("gallon", "quart") => amount.Value * 4m,
            ("pint", "quart") => amount.Value / 2m,
            ("pound", "bag") or ("bag", "pound") => BagConversion(amount, to, itemText),
            _ => null,
        };
    }

    private static decimal? BagConversion(Amount amount, string to, string itemText)
    {
        var m = Regex.Match(itemText, @"(\d+(?:\.\d+)?)\s*(lb|#|pound)", RegexOptions.IgnoreCase);
        if (!m.Success)
        {
            return null;
        }

        var perBag = decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return to == "bag" ? amount.Value / perBag : amount.Value * perBag;
    }
}
