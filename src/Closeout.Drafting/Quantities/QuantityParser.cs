namespace Closeout.Drafting.Quantities;

/// <summary>
/// Finds every number in a clause and says what it is: an amount (with its unit, normalised), a size, a reading,
/// a reference, or a vague amount with no number. Pure and allocation-light: it runs on every clause of every note.
/// </summary>
public static class QuantityParser
{
    private static readonly HashSet<string> ApproxWords = new(StringComparer.Ordinal)
    {
        "about", "approx", "approximately", "appx", "around", "roughly", "nearly", "almost", "abt", "est", "estimated", "circa", "ca",
    };

    private static readonly HashSet<string> Determiners = new(StringComparer.Ordinal)
    {
        "the", "that", "this", "which", "each", "every", "no", "any", "other", "another", "new", "old", "bad", "good", "back", "front",
        "last", "first", "second", "third", "next", "only", "same", "big", "small", "little", "right", "wrong", "broken", "existing",
        "original", "cracked", "dead", "top", "bottom", "upper", "lower", "left", "middle", "better", "cheaper", "nicer", "someone",
    };

    // Words that make the number after them a label or identifier: "Day 2", "zone 4", "job #3003".
    private static readonly HashSet<string> LabelWords = new(StringComparer.Ordinal)
    {
        "day", "days", "wk", "week", "rd", "round", "zone", "zn", "stall", "phase", "step", "visit", "lot", "unit", "suite", "apt",
        "room", "rm", "floor", "level", "station", "stn", "bay", "building", "bldg", "job", "wo", "invoice", "inv", "order", "po",
        "ticket", "no", "number", "model", "part", "ref", "item", "tag", "page", "exit", "hwy", "highway", "route", "rev", "version",
        "serial", "sn", "code", "error", "err", "fault", "account", "acct", "ext", "box", "door", "gate", "house", "pump", "circuit",
        "breaker", "slot", "space", "tank", "well", "pool", "spa", "lane", "pass", "section", "sect", "panel",
    };

    // Words that make a bare number after them a reading or a setting: "static 105", "now 9", "temp rise 48".
    private static readonly HashSet<string> ReadingWords = new(StringComparer.Ordinal)
    {
        "static", "temp", "temperature", "reads", "reading", "read", "readings", "precharge", "subcool", "superheat", "sh", "sc",
        "sub", "split", "rise", "pressure", "amps", "amp", "volts", "ohms", "hardness", "height", "rated", "rating", "pulling",
        "size", "now", "above", "below", "setpoint", "ph", "chlorine", "cl", "alkalinity", "ta", "cya", "salt", "mowed",
        "level", "gauge", "meter",
    };

    private static readonly HashSet<string> SetVerbs = new(StringComparer.Ordinal)
    {
        "set", "down", "up", "back", "adjusted", "bumped", "turned", "dropped", "raised", "lowered", "reset", "sh", "sc",
        "superheat", "subcool", "temp", "pressure", "charged", "pumped", "regulated", "brought", "cut", "trimmed", "mowed",
    };

    private static readonly HashSet<string> ClockWords = new(StringComparer.Ordinal) { "at", "till", "until", "til", "before", "by" };

    // Units that rate equipment: a number with one of them is a size.
    private static readonly HashSet<string> SizeUnits = new(StringComparer.Ordinal)
    {
        "hp", "mfd", "uf", "µf", "btu", "btuh", "btus", "kw", "w", "watt", "watts", "v", "volt", "volts", "vac", "vdc", "awg",
        "ga", "gauge", "seer", "kva", "mm", "cm", "amp", "amps", "pole", "way", "gpf", "ply", "mil", "mils", "ah",
    };

    // Units of readings and of time spans that are not labor or material.
    private static readonly HashSet<string> ReadingUnits = new(StringComparer.Ordinal)
    {
        "psi", "psid", "psig", "deg", "degs", "degree", "degrees", "mv", "ua", "ohm", "ohms", "micron", "microns", "rpm", "fla",
        "lra", "gpg", "gph", "gpm", "gpd", "percent", "yr", "yrs", "year", "years", "wks", "weeks", "day", "days", "months",
        "month", "mo", "mos", "mph", "db", "ppm", "cfm", "wc", "iwc", "sec", "secs", "seconds", "second", "ma", "hz", "lux",
        "times", "cycles", "kpa", "bar", "wk", "week",
    };

    private static readonly HashSet<string> InchStop = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "my", "his", "her", "our", "their", "its", "this", "that", "these", "those", "there", "here", "it", "them",
        "place", "front", "back", "stock", "all", "each", "both", "case", "and", "or", "use", "service", "good", "total", "one",
        "two", "three", "four", "five", "six", "ten", "between", "line", "order", "time", "person",
    };

    // After an inch measure, words that keep it an amount ("6in deep", "2in of water"); any other word makes it a size.
    private static readonly HashSet<string> InchAmountWords = new(StringComparer.Ordinal)
    {
        "of", "deep", "thick", "long", "wide", "high", "tall", "apart", "oc", "on", "below", "above", "under", "over", "down",
        "up", "total", "each", "ea", "and", "or", "to", "into", "from", "off", "at", "out", "thru", "through", "per", "max",
        "more", "less", "too", "x", "overlap", "lower", "higher", "left", "depth", "min", "deeper", "shorter", "longer",
        "taller", "with", "w", "by", "in", "plus",
    };

    private static readonly HashSet<string> GallonSizeNouns = new(StringComparer.Ordinal)
    {
        "gas", "elec", "electric", "tank", "tanks", "heater", "heaters", "wh", "exp", "expansion", "bucket", "buckets", "pail",
        "pails", "jug", "jugs", "drum", "drums", "container", "containers", "pot", "pots", "can", "cans", "unit", "units", "tree",
        "trees", "shrub", "shrubs", "plant", "plants", "water", "sprayer", "tote", "totes", "natural", "lp", "propane", "power",
        "atmospheric", "tankless", "hybrid", "heat", "size", "model", "bag", "bags", "vac", "shop",
    };

    private static readonly (string[] Words, string Unit)[] MultiWordUnits =
    [
        (["cubic", "yards"], Units.CubicYard), (["cubic", "yard"], Units.CubicYard), (["cu", "yds"], Units.CubicYard),
        (["cu", "yd"], Units.CubicYard), (["cu", ".", "yd"], Units.CubicYard), (["cu", "yard"], Units.CubicYard),
        (["cu", "yards"], Units.CubicYard), (["cubic", "feet"], Units.CubicFoot), (["cubic", "foot"], Units.CubicFoot),
        (["cu", "ft"], Units.CubicFoot), (["square", "feet"], Units.SquareFoot), (["square", "foot"], Units.SquareFoot),
        (["sq", "ft"], Units.SquareFoot), (["sq", ".", "ft"], Units.SquareFoot), (["sq", "feet"], Units.SquareFoot),
        (["sq", "'"], Units.SquareFoot), (["square", "yards"], Units.SquareYard), (["square", "yard"], Units.SquareYard),
        (["sq", "yd"], Units.SquareYard), (["sq", "yds"], Units.SquareYard), (["sq", "m"], Units.SquareMeter),
        (["square", "meters"], Units.SquareMeter), (["square", "meter"], Units.SquareMeter), (["linear", "feet"], Units.Foot),
        (["linear", "foot"], Units.Foot), (["lin", "ft"], Units.Foot), (["ln", "ft"], Units.Foot), (["fl", "oz"], Units.FluidOunce),
        (["in", "wc"], "wc"), (["in", "w", ".", "c"], "wc"),
    ];

    private static readonly (string[] Words, bool TakesUnit)[] VaguePhrases =
    [
        (["a", "couple"], true), (["couple"], true), (["a", "few"], true), (["few"], true), (["a", "handful"], true),
        (["handful"], true), (["the", "rest", "of"], true), (["rest", "of"], true), (["the", "rest"], false), (["several"], true),
        (["a", "little", "bit"], true), (["a", "bit"], true), (["bit", "of"], true), (["a", "little"], true), (["lots", "of"], true),
        (["a", "lot", "of"], true), (["a", "lot"], false), (["lot", "of"], true), (["some"], true), (["plenty", "of"], true),
        (["a", "bunch"], true), (["bunch", "of"], true), (["a", "number", "of"], true), (["numerous"], true), (["multiple"], true),
        (["various"], true), (["hundreds", "of"], true), (["dozens", "of"], true), (["the", "remaining"], true),
        (["remainder", "of"], true), (["the", "remainder"], false), (["tons", "of"], true), (["a", "touch", "of"], true),
        (["a", "splash", "of"], true), (["a", "ton", "of"], false), (["extra"], true),
    ];

    /// <summary>Every number, size, reading, reference and vague amount in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<QuantityExpression> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = NoteTokens.Tokenize(text);
        var results = new List<QuantityExpression>();
        var i = 0;
        while (i < t.Count)
        {
            if (TryVague(text, t, i, results, out var next) || TryQuantity(text, t, i, results, out next))
            {
                i = next;
                continue;
            }

            i++;
        }

        return results;
    }

    /// <summary>Only the amounts with a number: what quantities of lines can come from.</summary>
    public static IReadOnlyList<QuantityExpression> Amounts(string text) =>
        FindAll(text).Where(q => q.IsAmount).ToList();

    /// <summary>True when the text states an amount vaguely ("some", "a few", "the rest of", "a couple hundred feet").</summary>
    public static bool IsVague(string text) => FindAll(text).Any(q => q.Kind == QuantityKind.Vague);

    private static bool TryVague(string text, List<Token> t, int i, List<QuantityExpression> results, out int next)
    {
        next = i;
        if (t[i].Kind != TokenKind.Word)
        {
            return false;
        }

        foreach (var (words, takesUnit) in VaguePhrases)
        {
            if (!Matches(t, i, words))
            {
                continue;
            }

            var k = i + words.Length;
            // "a couple" of something exact is still vague; "a couple hundred feet" takes the multiplier and unit along.
            if (k < t.Count && t[k].IsWord("of"))
            {
                k++;
            }

            if (k < t.Count && t[k].Kind == TokenKind.Word && t[k].Text is "hundred" or "thousand" or "dozen" or "more")
            {
                k++;
            }

            string? unit = null;
            if (takesUnit && TryUnit(t, k, out var u, out var afterUnit) && u.Category == UnitCategory.Measure)
            {
                unit = u.Name;
                k = afterUnit;
            }
            else if (k < t.Count && t[k].Kind == TokenKind.Number && !t[k].IsFraction)
            {
                // "added some 22 from my cylinder": the number names the thing, not the amount.
                var after = k + 1;
                if (!TryUnit(t, after, out _, out _))
                {
                    k = after;
                }
            }

            results.Add(Make(text, t, QuantityKind.Vague, null, unit, i, k));
            next = k;
            return true;
        }

        return false;
    }

    private static bool TryQuantity(string text, List<Token> t, int i, List<QuantityExpression> results, out int next)
    {
        next = i;
        var start = i;
        var j = i;
        var approx = false;
        var marked = false;
        var parenthesised = false;

        if (t[j].IsSymbol('~') || (t[j].Kind == TokenKind.Word && ApproxWords.Contains(t[j].Text)))
        {
            approx = true;
            j++;
            if (j < t.Count && t[j].IsSymbol('.') && t[j].Attached)
            {
                j++;
            }

            if (j < t.Count && t[j].IsSymbol('~'))
            {
                j++;
            }
        }
        else if (t[j].Kind == TokenKind.Word && t[j].Text is "qty" or "quantity")
        {
            marked = true;
            j++;
            while (j < t.Count && t[j].Kind == TokenKind.Symbol && t[j].Text is ":" or "=" or "." or "#" or "-")
            {
                j++;
            }
        }
        else if (t[j].IsWord("x") && j + 1 < t.Count && t[j + 1].Kind == TokenKind.Number && t[j + 1].Attached
                 && !(j > 0 && t[j].Attached && t[j - 1].Kind == TokenKind.Number))
        {
            marked = true;
            j++;
        }
        else if (t[j].IsSymbol('(') && j + 1 < t.Count && t[j + 1].Kind == TokenKind.Number)
        {
            parenthesised = true;
            j++;
        }
        else if (t[j].IsSymbol('#') && j + 1 < t.Count && t[j + 1].Kind == TokenKind.Number && t[j + 1].Attached)
        {
            return TryHashNumber(text, t, i, results, out next);
        }

        if (j >= t.Count)
        {
            return false;
        }

        if (t[j].IsSymbol('#') && j + 1 < t.Count && t[j + 1].Kind == TokenKind.Number && t[j + 1].Attached)
        {
            return TryHashNumber(text, t, j, results, out next);
        }

        if (!NumberWords.TryRead(t, j, out var num))
        {
            return false;
        }

        if (num.Form.HasFlag(NumberForm.Words) && t[j].IsWord("one") && j > 0 && t[j - 1].Kind == TokenKind.Word
            && Determiners.Contains(t[j - 1].Text))
        {
            return false;
        }

        var n = num.Next;
        var value = num.Value;

        if (t[j].IsWord("both") || parenthesised)
        {
            // "around both" is a place, not an approximation; "(1.2 uA" keeps its parenthesis out of the span.
            start = j;
            approx = approx && !t[j].IsWord("both");
        }

        // Identifiers: "R410", "Z2", "CK1", "Q-311", "R-22".
        if (t[j].Kind == TokenKind.Number && !marked && IsGluedToLetters(t, j))
        {
            next = ConsumeAttached(t, n);
            var first = t[j - 1].Kind == TokenKind.Word ? j - 1 : j - 2;
            results.Add(Make(text, t, QuantityKind.Reference, value, null, first, next));
            return true;
        }

        if (t[j].Kind == TokenKind.Number)
        {
            if (TryShape(text, t, start, j, num, results, out next))
            {
                return true;
            }
        }

        decimal? rangeLow = null;
        if (num.Form == NumberForm.Digits && n + 1 < t.Count && t[n].IsSymbol('-') && t[n].Attached
            && t[n + 1].Kind == TokenKind.Number && t[n + 1].Attached && !t[n + 1].IsFraction)
        {
            if (n + 3 < t.Count && t[n + 2].IsSymbol('-') && t[n + 3].Kind == TokenKind.Number && t[n + 3].Attached)
            {
                // "29-0-4": a fertiliser analysis or a part number.
                next = ConsumeAttached(t, n + 4);
                results.Add(Make(text, t, QuantityKind.Reference, value, null, start, next));
                return true;
            }

            rangeLow = value;
            value = t[n + 1].Value;
            approx = true;
            n += 2;
        }

        if (n < t.Count && t[n].IsWord("ish") && t[n].Attached)
        {
            approx = true;
            n++;
        }

        if (TryUnit(t, n, out var unit, out var afterUnit))
        {
            return EmitWithUnit(text, t, start, j, num, value, rangeLow, approx, unit, afterUnit, results, out next);
        }

        if (num.Is(NumberForm.Article))
        {
            // "a 25# sack": one container of that size; any other "a" is an article.
            return TryCountOfMeasure(text, t, start, n, 1, approx, results, out next, containerOnly: true);
        }

        if (num.Form == NumberForm.Mixed && !t[j + 1].Attached)
        {
            // "2 3/4 ball valves" with no unit: two valves of 3/4 in, not 2.75 of anything.
            results.Add(Make(text, t, QuantityKind.Amount, t[j].Value, null, start, j + 1, approx));
            results.Add(Make(text, t, QuantityKind.Size, t[j + 1].Value, null, j + 1, j + 2));
            next = j + 2;
            return true;
        }

        // A bare number.
        var kind = QuantityKind.Amount;
        if (num.Is(NumberForm.Fraction) || num.Is(NumberForm.Mixed))
        {
            // "3/4 copper", "1-1/2 trap", "185' of 1/2": fractions without a unit are pipe and part sizes.
            kind = QuantityKind.Size;
        }
        else if (n + 1 < t.Count && t[n].IsSymbol('-') && t[n].Attached && t[n + 1].Kind == TokenKind.Word && t[n + 1].Attached)
        {
            // "3-valve bypass", "2-pole breaker"
            kind = QuantityKind.Size;
            n += 2;
        }
        else if (!marked && !parenthesised)
        {
            kind = ClassifyBareNumber(text, t, start, j, num);
        }

        if (kind == QuantityKind.Amount)
        {
            if (marked || parenthesised)
            {
                // "x2", "(3)": explicit counts.
            }
            else if (TryCountOfMeasure(text, t, start, n, value, approx, results, out next))
            {
                return true;
            }

            if (n + 1 < t.Count && t[n].IsWord("of") && t[n + 1].Kind == TokenKind.Word && t[n + 1].Text is "them" or "em" or "those" or "these")
            {
                n += 2;
            }
        }

        if (parenthesised && n < t.Count && t[n].IsSymbol(')'))
        {
            start = j - 1;
            n++;
        }

        if (n < t.Count && t[n].IsWord("ish") && t[n].Attached)
        {
            approx = true;
            n++;
        }

        next = n;
        results.Add(Make(text, t, kind, value, null, start, n, approx, rangeLow: rangeLow));
        return true;
    }

    private static bool EmitWithUnit(
        string text, List<Token> t, int start, int j, NumberRead num, decimal value, decimal? rangeLow, bool approx,
        UnitMatch unit, int n, List<QuantityExpression> results, out int next)
    {
        var kind = unit.Category switch
        {
            UnitCategory.Size => QuantityKind.Size,
            UnitCategory.Reading => QuantityKind.Reading,
            _ => QuantityKind.Amount,
        };
        var name = unit.Name;

        if (unit.Category is UnitCategory.Measure or UnitCategory.Container)
        {
            // "a yard and a half", "an hour and a half"
            if (NumberWords.IsAndAHalf(t, n))
            {
                value += 0.5m;
                n += 3;
            }

            n = Compound(t, n, ref value, name);

            if (n < t.Count && t[n].IsWord("ish") && t[n].Attached)
            {
                approx = true;
                n++;
            }
            else if (n + 1 < t.Count && t[n].IsWord("or") && t[n + 1].IsWord("so"))
            {
                approx = true;
                n += 2;
            }

            if (unit.Category == UnitCategory.Measure && IsSizeDescriptor(t, n, name, unit.Short))
            {
                kind = QuantityKind.Size;
            }
            else if (num.Is(NumberForm.Article) && unit.Category == UnitCategory.Measure && n < t.Count
                     && t[n].Kind == TokenKind.Word && Units.Container(t[n].Text) is { } container)
            {
                // "a 50# bag": one bag of that size.
                results.Add(Make(text, t, QuantityKind.Amount, 1, container, start, n + 1, approx, new Measure(value, name)));
                next = n + 1;
                return true;
            }
            else if (unit.Category == UnitCategory.Measure && n < t.Count && t[n].Kind == TokenKind.Word
                     && Units.Container(t[n].Text) is not null)
            {
                // "50# bag" with no count: the size of the bag, not an amount.
                kind = QuantityKind.Size;
            }
        }

        Measure? each = null;
        if (kind == QuantityKind.Amount && unit.Category == UnitCategory.Container)
        {
            each = ContainerSize(t, ref n);
        }

        next = n;
        results.Add(Make(text, t, kind, value, name, start, n, approx, each, rangeLow));
        return true;
    }

    /// <summary>"2 lbs 8 oz", "6 ft 6 in", "1 hr 20 min", "1 hour and 20 minutes".</summary>
    private static int Compound(List<Token> t, int n, ref decimal value, string unit)
    {
        var (smaller, factor) = unit switch
        {
            Units.Pound => (Units.Ounce, 16m),
            Units.Foot => (Units.Inch, 12m),
            Units.Hour => (Units.Minute, 60m),
            Units.Gallon => (Units.Quart, 4m),
            _ => ((string?)null, 0m),
        };
        if (smaller is null)
        {
            return n;
        }

        var k = n < t.Count && (t[n].IsWord("and") || t[n].IsSymbol('+') || t[n].IsSymbol('&')) ? n + 1 : n;
        if (k < t.Count && t[k].Kind == TokenKind.Number && !t[k].IsFraction && NumberWords.TryRead(t, k, out var part)
            && TryUnit(t, part.Next, out var u, out var after) && u.Name == smaller)
        {
            value += part.Value / factor;
            return after;
        }

        return n;
    }

    /// <summary>A count of containers may state the size of each: "2 pallets @ 450 sf ea", "1 bag (50#)".</summary>
    private static Measure? ContainerSize(List<Token> t, ref int n)
    {
        var k = n;
        var paren = false;
        if (k < t.Count && (t[k].IsSymbol('@') || t[k].IsWord("at") || t[k].IsWord("of") || t[k].IsWord("x")))
        {
            k++;
        }
        else if (k < t.Count && t[k].IsSymbol('('))
        {
            paren = true;
            k++;
        }
        else
        {
            return null;
        }

        if (!NumberWords.TryRead(t, k, out var size) || size.Is(NumberForm.Article)
            || !TryUnit(t, size.Next, out var u, out var after) || u.Category != UnitCategory.Measure)
        {
            return null;
        }

        var value = size.Value;
        after = Compound(t, after, ref value, u.Name);
        if (after < t.Count && t[after].Kind == TokenKind.Word && t[after].Text is "ea" or "each" or "apiece" or "per")
        {
            after++;
        }

        if (paren)
        {
            if (after >= t.Count || !t[after].IsSymbol(')'))
            {
                return null;
            }

            after++;
        }

        n = after;
        return new Measure(value, u.Name);
    }

    /// <summary>
    /// A count followed by a measure: "one 50# bag" (a bag of that size), "14 one gal" and "12 2in valves" (a count of
    /// things of that size).
    /// </summary>
    private static bool TryCountOfMeasure(
        string text, List<Token> t, int start, int n, decimal count, bool approx, List<QuantityExpression> results, out int next,
        bool containerOnly = false)
    {
        next = n;
        var k = n < t.Count && t[n].IsSymbol('-') ? n + 1 : n;
        if (k >= t.Count || !NumberWords.TryRead(t, k, out var size) || size.Is(NumberForm.Article)
            || !TryUnit(t, size.Next, out var u, out var after) || u.Category != UnitCategory.Measure
            || u.Name is Units.Hour or Units.Minute)
        {
            return false;
        }

        if (after < t.Count && t[after].Kind == TokenKind.Word && Units.Container(t[after].Text) is { } container)
        {
            next = after + 1;
            results.Add(Make(text, t, QuantityKind.Amount, count, container, start, next, approx, new Measure(size.Value, u.Name)));
            return true;
        }

        if (containerOnly || u.Name is not (Units.Gallon or Units.Quart or Units.Inch or Units.Foot or Units.Pound))
        {
            return false;
        }

        results.Add(Make(text, t, QuantityKind.Amount, count, null, start, n, approx));
        results.Add(Make(text, t, QuantityKind.Size, size.Value, u.Name, k, after));
        next = after;
        return true;
    }

    private static bool TryHashNumber(string text, List<Token> t, int i, List<QuantityExpression> results, out int next)
    {
        var numberIndex = i + 1;
        var value = t[numberIndex].Value;
        var k = numberIndex + 1;
        var label = i > 0 && t[i - 1].Kind == TokenKind.Word && LabelWords.Contains(t[i - 1].Text);
        if (label || t[numberIndex].Value >= 100 || t[numberIndex].Text.Contains('.', StringComparison.Ordinal))
        {
            next = ConsumeAttached(t, k);
            results.Add(Make(text, t, QuantityKind.Reference, value, null, i, next));
            return true;
        }

        // "#5", "#5s": a nursery container size in gallons, not a count.
        if (k < t.Count && t[k].IsWord("s") && t[k].Attached)
        {
            k++;
        }

        next = k;
        results.Add(Make(text, t, QuantityKind.Size, value, Units.Gallon, i, k));
        return true;
    }

    /// <summary>Shapes of digits that are never amounts: dimensions, ordinals, clock times, dates, ratios, model numbers.</summary>
    private static bool TryShape(string text, List<Token> t, int start, int j, NumberRead num, List<QuantityExpression> results, out int next)
    {
        next = num.Next;
        var n = num.Next;
        var tok = t[j];
        QuantityKind? kind = null;
        if (n < t.Count && t[n].IsWord("x") && t[n].Attached && n + 1 < t.Count && t[n + 1].Kind == TokenKind.Number && t[n + 1].Attached)
        {
            // "16x25x1", "12x12", "2x4"
            n += 2;
            while (n + 1 < t.Count && t[n].IsWord("x") && t[n].Attached && t[n + 1].Kind == TokenKind.Number && t[n + 1].Attached)
            {
                n += 2;
            }

            if (n < t.Count && t[n].Attached && (t[n].IsSymbol('"') || t[n].IsWord("in")))
            {
                n++;
            }

            kind = QuantityKind.Size;
        }
        else if (n < t.Count && t[n].Attached && t[n].Kind == TokenKind.Word && t[n].Text is "x")
        {
            // "3x a day", "tries 3x": repetitions.
            n++;
            kind = QuantityKind.Reading;
        }
        else if (n < t.Count && t[n].Attached && t[n].Kind == TokenKind.Word && t[n].Text is "st" or "nd" or "rd" or "th" or "s")
        {
            // "2nd floor", "the 4th", "90s"
            n++;
            kind = QuantityKind.Reference;
        }
        else if (n + 1 < t.Count && t[n].IsSymbol(':') && t[n].Attached && t[n + 1].Kind == TokenKind.Number && t[n + 1].Attached)
        {
            // "4:30am"
            n += 2;
            if (n < t.Count && t[n].Kind == TokenKind.Word && t[n].Text is "am" or "pm" or "a" or "p")
            {
                n++;
            }

            kind = QuantityKind.Reference;
        }
        else if (n < t.Count && t[n].Kind == TokenKind.Word && t[n].Text is "am" or "pm")
        {
            n++;
            kind = QuantityKind.Reference;
        }
        else if (num.Form == NumberForm.Fraction && !tok.IsTradeFraction)
        {
            // "18/7 wire" and "45/5" are sizes; "10/12" and "6/30" are dates.
            kind = tok.Numerator > tok.Denominator ? QuantityKind.Size : QuantityKind.Reference;
        }
        else if (n + 1 < t.Count && t[n].IsSymbol('/') && t[n + 1].Kind == TokenKind.Number)
        {
            // "28 / 3.1": a pair of readings.
            n += 2;
            kind = QuantityKind.Reading;
        }
        else if (j > 0 && t[j - 1].IsSymbol('/') && t[j].Attached && j > 1 && t[j - 2].Kind == TokenKind.Number)
        {
            kind = QuantityKind.Reading;
        }
        else if (n < t.Count && t[n].IsSymbol('%'))
        {
            n++;
            kind = QuantityKind.Reading;
        }
        else if (n < t.Count && t[n].Kind == TokenKind.Word && t[n].Attached && t[n].Text != "ish" && !TryUnit(t, n, out _, out _))
        {
            // "825Y", "8z", "410A": model and part numbers.
            n = ConsumeAttached(t, n);
            kind = QuantityKind.Reference;
        }

        if (kind is null)
        {
            return false;
        }

        // A date or a gauge pair has no single value worth keeping.
        decimal? value = num.Form == NumberForm.Fraction && !tok.IsTradeFraction ? null : num.Value;
        next = n;
        results.Add(Make(text, t, kind.Value, value, null, start, n));
        return true;
    }

    private static QuantityKind ClassifyBareNumber(string text, List<Token> t, int start, int j, NumberRead num)
    {
        var tok = t[j];
        var prev = start > 0 ? t[start - 1] : default;
        var hasPrev = start > 0;
        if (hasPrev && prev.Kind == TokenKind.Word && LabelWords.Contains(prev.Text))
        {
            return QuantityKind.Reference;
        }

        if (hasPrev && prev.Kind == TokenKind.Word && ReadingWords.Contains(prev.Text))
        {
            return QuantityKind.Reading;
        }

        if (hasPrev && prev.IsWord("to") && start > 1 && t[start - 2].Kind == TokenKind.Word && SetVerbs.Contains(t[start - 2].Text))
        {
            return QuantityKind.Reading;
        }

        if (tok.Kind == TokenKind.Number && tok.Text.Contains('.', StringComparison.Ordinal))
        {
            // A decimal with no unit is a reading ("amps 4.2", "-1.1"), not a count of parts.
            return QuantityKind.Reading;
        }

        if (hasPrev && ((prev.Kind == TokenKind.Word && ClockWords.Contains(prev.Text)) || prev.IsSymbol('@'))
            && num.Value is >= 1 and <= 12 && num.Value == decimal.Truncate(num.Value) && tok.Kind == TokenKind.Number)
        {
            return QuantityKind.Reference;
        }

        if (tok.Kind == TokenKind.Number && !tok.Text.Contains(',', StringComparison.Ordinal) && num.Value >= 200)
        {
            // Model numbers, years, addresses: "Moen 1222", "811".
            return QuantityKind.Reference;
        }

        if (hasPrev && IsBrandBefore(text, t, start - 1))
        {
            return QuantityKind.Reference;
        }

        if (tok.Kind == TokenKind.Number && j > 0 && t[j - 1].IsSymbol('-') && t[j].Attached
            && (j == 1 || !t[j - 1].Attached))
        {
            return QuantityKind.Reading;
        }

        return QuantityKind.Amount;
    }

    // A Title-case word in the middle of a sentence right before a bare number is a brand or model: "Aprilaire 35", "Rachio 3".
    private static bool IsBrandBefore(string text, List<Token> t, int w)
    {
        var word = t[w];
        if (word.Kind != TokenKind.Word || word.Text.Length < 2 || !char.IsUpper(text[word.Start])
            || !char.IsLower(text[word.Start + 1]))
        {
            return false;
        }

        var k = word.Start - 1;
        while (k >= 0 && text[k] is ' ' or '\t')
        {
            k--;
        }

        return k >= 0 && text[k] is not ('.' or '!' or '?' or ':' or ';' or '\n' or '\r' or '-' or '+' or ',');
    }

    private static bool IsSizeDescriptor(List<Token> t, int n, string unit, bool shortForm)
    {
        if (n >= t.Count || t[n].Kind != TokenKind.Word)
        {
            return false;
        }

        var next = t[n].Text;
        return unit switch
        {
            Units.Inch => !InchAmountWords.Contains(next),
            Units.Gallon or Units.Quart => GallonSizeNouns.Contains(next) || (shortForm && !InchAmountWords.Contains(next)),
            _ => false,
        };
    }

    private static bool IsGluedToLetters(List<Token> t, int j)
    {
        if (j == 0 || !t[j].Attached)
        {
            return false;
        }

        var prev = t[j - 1];
        if (prev.Kind == TokenKind.Word)
        {
            return true;
        }

        return prev.IsSymbol('-') && j > 1 && prev.Attached && t[j - 2].Kind == TokenKind.Word;
    }

    private static int ConsumeAttached(List<Token> t, int n)
    {
        while (n < t.Count && t[n].Attached)
        {
            if (t[n].Kind is TokenKind.Word or TokenKind.Number)
            {
                n++;
            }
            else if (t[n].Kind == TokenKind.Symbol && t[n].Text is "-" or "/" && n + 1 < t.Count && t[n + 1].Attached
                     && t[n + 1].Kind is TokenKind.Word or TokenKind.Number)
            {
                n += 2;
            }
            else
            {
                break;
            }
        }

        return n;
    }

    internal enum UnitCategory
    {
        Measure,
        Container,
        Size,
        Reading,
    }

    internal readonly record struct UnitMatch(string Name, UnitCategory Category, bool Short);

    internal static bool TryUnit(List<Token> t, int n, out UnitMatch unit, out int next)
    {
        unit = default;
        next = n;
        if (n >= t.Count)
        {
            return false;
        }

        var tok = t[n];
        foreach (var (words, name) in MultiWordUnits)
        {
            if (Matches(t, n, words))
            {
                next = n + words.Length;
                if (next < t.Count && t[next].IsSymbol('.') && t[next].Attached)
                {
                    next++;
                }

                unit = new UnitMatch(name, name == "wc" ? UnitCategory.Reading : UnitCategory.Measure, false);
                return true;
            }
        }

        if (tok.Kind == TokenKind.Symbol)
        {
            if (!tok.Attached)
            {
                return false;
            }

            var symbolUnit = tok.Text switch
            {
                "'" => Units.Foot,
                "\"" => Units.Inch,
                "#" => Units.Pound,
                _ => null,
            };
            if (tok.Text is "°")
            {
                next = n + 1;
                if (next < t.Count && t[next].Attached && t[next].Kind == TokenKind.Word && t[next].Text is "f" or "c")
                {
                    next++;
                }

                unit = new UnitMatch("deg", UnitCategory.Reading, true);
                return true;
            }

            if (symbolUnit is null)
            {
                return false;
            }

            // "6'" but not the closing quote of "'6'"-style text: a following letter glued on means something else.
            next = n + 1;
            unit = new UnitMatch(symbolUnit, UnitCategory.Measure, true);
            return true;
        }

        if (tok.Kind != TokenKind.Word)
        {
            return false;
        }

        var w = tok.Text;
        next = n + 1;
        if (w is "f" && tok.Attached)
        {
            unit = new UnitMatch("deg", UnitCategory.Reading, true);
            return true;
        }

        if (w is "a" && tok.Attached)
        {
            unit = new UnitMatch("amp", UnitCategory.Reading, true);
            return true;
        }

        if (w is "k" && tok.Attached)
        {
            unit = new UnitMatch("k", UnitCategory.Size, true);
            return true;
        }

        if (SizeUnits.Contains(w) && !(w is "w" or "v" or "ga" or "pole" && !tok.Attached))
        {
            unit = new UnitMatch(w, UnitCategory.Size, false);
            return true;
        }

        if (ReadingUnits.Contains(w))
        {
            unit = new UnitMatch(w, UnitCategory.Reading, false);
            return true;
        }

        if (Units.Word(w) is { } measure)
        {
            var shortForm = w.Length == 1;
            if (shortForm && !tok.Attached)
            {
                return false;
            }

            if (w == "in" && !tok.Attached)
            {
                // "2 in the box" is not two inches, nor is "16 in-ground stations" (in-ground, in-line, in-wall).
                var k = n + 1;
                if (k < t.Count && ((t[k].Kind == TokenKind.Word && InchStop.Contains(t[k].Text)) || (t[k].IsSymbol('-') && t[k].Attached && k + 1 < t.Count && t[k + 1].Kind == TokenKind.Word && t[k + 1].Attached)))
                {
                    return false;
                }
            }

            if (w is "pair" or "pairs" or "pr")
            {
                unit = new UnitMatch(Units.Pair, UnitCategory.Container, false);
                return true;
            }

            if (measure == Units.Each)
            {
                unit = new UnitMatch(Units.Each, UnitCategory.Container, false);
                return true;
            }

            unit = new UnitMatch(measure, UnitCategory.Measure, shortForm || w == "g");
            return true;
        }

        if (Units.Container(w) is { } container)
        {
            unit = new UnitMatch(container, UnitCategory.Container, false);
            return true;
        }

        next = n;
        return false;
    }

    private static bool Matches(List<Token> t, int i, string[] words)
    {
        if (i + words.Length > t.Count)
        {
            return false;
        }

        for (var k = 0; k < words.Length; k++)
        {
            if (t[i + k].Text != words[k] || t[i + k].Kind == TokenKind.Number)
            {
                return false;
            }
        }

        return true;
    }

    private static QuantityExpression Make(
        string text, List<Token> t, QuantityKind kind, decimal? value, string? unit, int first, int next,
        bool approx = false, Measure? each = null, decimal? rangeLow = null)
    {
        var s = t[first].Start;
        var e = t[Math.Max(first, next - 1)].End;
        return new QuantityExpression(kind, value, unit, s, e - s, text[s..e], approx, each, rangeLow);
    }
}
