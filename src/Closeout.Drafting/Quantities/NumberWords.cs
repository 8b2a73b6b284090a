namespace Closeout.Drafting.Quantities;

/// <summary>How a number was written, which the quantity parser uses to tell counts from sizes.</summary>
[Flags]
internal enum NumberForm
{
    Digits = 0,
    Words = 1,
    Fraction = 2,
    Mixed = 4,
    Article = 8,
}

/// <summary>A number read from tokens [<see cref="First"/>, <see cref="Next"/>).</summary>
internal readonly record struct NumberRead(decimal Value, int First, int Next, NumberForm Form)
{
    public bool Is(NumberForm form) => (Form & form) == form;
}

/// <summary>Numbers written in digits or words: "3", "3.5", "1,200", "twenty-five", "a dozen", "one and a half", "1-1/2".</summary>
public static class NumberWords
{
    private static readonly Dictionary<string, int> Small = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
    };

    private static readonly Dictionary<string, int> Tens = new(StringComparer.Ordinal)
    {
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fourty"] = 40, ["fifty"] = 50, ["sixty"] = 60,
        ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    /// <summary>
    /// Parses a whole phrase that is only a number: "3", "1,200", "twenty-five", "a dozen", "half a", "one and a half",
    /// "1 1/2", "1-1/2", "both". False when anything else is left over.
    /// </summary>
    public static bool TryParse(string phrase, out decimal value)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var tokens = NoteTokens.Tokenize(phrase);
        if (tokens.Count > 0 && TryRead(tokens, 0, out var read) && read.Next == tokens.Count)
        {
            value = read.Value;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The value of one number word ("seven", "forty", "dozen"), or null.</summary>
    public static int? Word(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var w = word.ToLowerInvariant();
        if (Small.TryGetValue(w, out var n) || Tens.TryGetValue(w, out n))
        {
            return n;
        }

        return w switch
        {
            "dozen" => 12,
            "hundred" => 100,
            "thousand" => 1000,
            "both" or "pair" => 2,
            _ => null,
        };
    }

    internal static bool TryRead(List<Token> t, int i, out NumberRead read)
    {
        read = default;
        if (i >= t.Count)
        {
            return false;
        }

        var tok = t[i];
        decimal value;
        int next;
        var form = NumberForm.Digits;
        if (tok.Kind == TokenKind.Number)
        {
            value = tok.Value;
            next = i + 1;
            if (tok.IsFraction)
            {
                form = NumberForm.Fraction;
            }
            else if (!tok.Text.Contains('.', StringComparison.Ordinal))
            {
                // "1 1/2", "1-1/2": a whole number and a fraction.
                if (next < t.Count && t[next].IsTradeFraction && !t[next].Attached)
                {
                    value += t[next].Value;
                    next++;
                    form = NumberForm.Mixed;
                }
                else if (next + 1 < t.Count && t[next].IsSymbol('-') && t[next].Attached && t[next + 1].IsTradeFraction
                         && t[next + 1].Attached)
                {
                    value += t[next + 1].Value;
                    next += 2;
                    form = NumberForm.Mixed;
                }
            }
        }
        else if (tok.Kind == TokenKind.Word)
        {
            if (!TryReadWords(t, i, out value, out next, out form))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        // "2 dozen", "one and a half".
        if (next < t.Count && t[next].IsWord("dozen") && !form.HasFlag(NumberForm.Fraction))
        {
            value *= 12;
            next++;
        }
        else if (IsAndAHalf(t, next) && form is NumberForm.Digits or NumberForm.Words)
        {
            value += 0.5m;
            next += 3;
        }

        read = new NumberRead(value, i, next, form);
        return true;
    }

    /// <summary>"and a half" (or "and 1/2") starting at <paramref name="i"/>.</summary>
    internal static bool IsAndAHalf(List<Token> t, int i) =>
        i + 2 < t.Count && (t[i].IsWord("and") || t[i].IsSymbol('&'))
        && (t[i + 1].IsWord("a") || t[i + 1].IsWord("one")) && t[i + 2].IsWord("half");

    private static bool TryReadWords(List<Token> t, int i, out decimal value, out int next, out NumberForm form)
    {
        var w = t[i].Text;
        form = NumberForm.Words;
        next = i + 1;
        value = 0;
        switch (w)
        {
            case "a" or "an" or "one" when next < t.Count && t[next].Kind == TokenKind.Word && Multiplier(t[next].Text) is { } m:
                value = m;
                next++;
                // "a hundred and twenty", "a hundred twenty": the tens and units after the hundred add to it.
                if (m >= 100)
                {
                    value += RestAfterHundreds(t, ref next);
                }

                return true;
            case "a" or "an":
                if (next + 1 < t.Count && t[next].IsWord("half") && t[next + 1].IsWord("dozen"))
                {
                    value = 6;
                    next += 2;
                    return true;
                }

                value = 1;
                form = NumberForm.Words | NumberForm.Article;
                return true;
            case "half" when next < t.Count && (t[next].IsWord("a") || t[next].IsWord("an")):
                next++;
                if (next < t.Count && t[next].IsWord("dozen"))
                {
                    value = 6;
                    next++;
                    return true;
                }

                value = 0.5m;
                form = NumberForm.Words | NumberForm.Fraction;
                return true;
            case "half" when next < t.Count && t[next].Kind == TokenKind.Word && t[next].Text.Length > 1
                && Units.Normalize(t[next].Text) is Units.Gallon or Units.Quart or Units.Pint or Units.Liter or Units.Pound or Units.Ounce
                    or Units.Yard or Units.Ton or Units.Hour:
                // "half gal acid", "half yd": half of the unit that follows (not "half inch", a size).
                value = 0.5m;
                form = NumberForm.Words | NumberForm.Fraction;
                return true;
            case "both":
                value = 2;
                return true;
            case "dozen":
                value = 12;
                return true;
            case "single":
                value = 1;
                return true;
        }

        if (Small.TryGetValue(w, out var small))
        {
            value = small;
        }
        else if (Tens.TryGetValue(w, out var tens))
        {
            value = tens;
            // "twenty-five", "twenty five"
            var k = next < t.Count && t[next].IsSymbol('-') && t[next].Attached ? next + 1 : next;
            if (k < t.Count && t[k].Kind == TokenKind.Word && Small.TryGetValue(t[k].Text, out var unit) && unit is > 0 and < 10)
            {
                value += unit;
                next = k + 1;
            }
        }
        else
        {
            return false;
        }

        if (next < t.Count && t[next].IsWord("hundred"))
        {
            value *= 100;
            next++;
            value += RestAfterHundreds(t, ref next);
        }
        else if (next < t.Count && t[next].IsWord("thousand"))
        {
            value *= 1000;
            next++;
        }

        return true;
    }

    // "... hundred and twenty", "... hundred five": a words number under a hundred after the hundreds, if one follows.
    private static decimal RestAfterHundreds(List<Token> t, ref int next)
    {
        var k = next < t.Count && t[next].IsWord("and") ? next + 1 : next;
        if (k < t.Count && t[k].Kind == TokenKind.Word && TryReadWords(t, k, out var rest, out var after, out var restForm)
            && restForm == NumberForm.Words && rest is > 0 and < 100)
        {
            next = after;
            return rest;
        }

        return 0;
    }

    private static int? Multiplier(string word) => word switch
    {
        "pair" => 2,
        "dozen" => 12,
        "hundred" => 100,
        "thousand" => 1000,
        _ => null,
    };
}
