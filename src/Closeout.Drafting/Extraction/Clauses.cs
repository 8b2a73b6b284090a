namespace Closeout.Drafting.Extraction;

/// <summary>A piece of a note: a sentence, or a fragment of one (list item, "+"-joined part), with its span in the note.</summary>
internal sealed record Fragment(int Start, int Length, string Text, int Index);

internal sealed record Sentence(string SourceId, int Start, int Length, string Text, IReadOnlyList<Fragment> Fragments);

/// <summary>Splits note text into sentences and their fragments, keeping character spans into the original text.</summary>
internal static class ClauseSplitter
{
    public static List<Sentence> Split(string sourceId, string text)
    {
        var sentences = new List<Sentence>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || IsSentenceEnd(text, i))
            {
                AddSentence(sourceId, text, start, i, sentences);
                start = i + 1;
            }
        }

        return sentences;
    }

    private static bool IsSentenceEnd(string text, int i)
    {
        var c = text[i];
        if (c is '\n' or ';' or '!' or '?')
        {
            return true;
        }

        if (c != '.')
        {
            return false;
        }

        var nextIsSpace = i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]);
        // "springs .218 x 2": a point after a space and before a digit starts a decimal, not a sentence.
        if (i > 0 && char.IsWhiteSpace(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]))
        {
            return false;
        }

        var prevIsDigit = i > 0 && char.IsDigit(text[i - 1]);
        var nextIsDigit = i + 1 < text.Length && char.IsDigit(text[i + 1]);
        return nextIsSpace || !(prevIsDigit && nextIsDigit) && !(i > 0 && char.IsLetter(text[i - 1]) && i + 1 < text.Length && char.IsLetter(text[i + 1]));
    }

    private static void AddSentence(string sourceId, string text, int start, int end, List<Sentence> into)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end <= start)
        {
            return;
        }

        var fragments = new List<Fragment>();
        var fs = start;
        List<Amount>? amounts = null;
        for (var i = start; i <= end; i++)
        {
            var sep = i == end ? 0 : SeparatorLength(text, i, end);
            // "1 gal + 1 qt of acid", "2 lbs and 8 oz": one amount in two units is not two clauses.
            if (sep > 0 && text[i] is '+' or '&' or ' ' && HasDigit(text, Math.Max(start, i - 12), i) && HasDigit(text, i, Math.Min(end, i + 8)))
            {
                amounts ??= Amounts.Find(text[start..end]);
                if (amounts.Any(a => a.Start < i - start && i - start < a.End))
                {
                    sep = 0;
                }
            }

            if (i == end || sep > 0)
            {
                AddFragment(text, fs, i, fragments);
                fs = i + Math.Max(sep, 1);
                i = fs - 1;
            }
        }

        into.Add(new Sentence(sourceId, start, end - start, text[start..end], fragments));
    }

    // Fragment separators: "," "+" "&" ":" "(" ")" " - " " and " " then ".
    private static int SeparatorLength(string text, int i, int end)
    {
        var c = text[i];
        if (c is ',' && !(i > 0 && char.IsDigit(text[i - 1]) && i + 1 < end && char.IsDigit(text[i + 1])))
        {
            return 1;
        }

        // "(3)" is a count, not an aside.
        if (c == '(' && System.Text.RegularExpressions.Regex.IsMatch(text.AsSpan(i, Math.Min(6, end - i)), @"^\(\d+\)"))
        {
            return 0;
        }

        if (c == ')' && i > 0 && char.IsDigit(text[i - 1]) && text.LastIndexOf('(', i) is var open && open >= 0 && System.Text.RegularExpressions.Regex.IsMatch(text.AsSpan(open, i - open + 1), @"^\(\d+\)$"))
        {
            return 0;
        }

        if (c is '+' or '&' or ':' or '(' or ')')
        {
            return 1;
        }

        if (c == '-' && i > 0 && text[i - 1] == ' ' && i + 1 < end && text[i + 1] == ' ')
        {
            return 1;
        }

        if (c == ' ')
        {
            foreach (var word in Joiners)
            {
                if (string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 && i + word.Length <= end
                    && !(word == " and " && (string.Compare(text, i + word.Length, "a half", 0, 6, StringComparison.OrdinalIgnoreCase) == 0
                        || text.AsSpan(0, i).TrimEnd().EndsWith("hundred", StringComparison.OrdinalIgnoreCase)
                        || text.AsSpan(0, i).TrimEnd().EndsWith("thousand", StringComparison.OrdinalIgnoreCase))))
                {
                    // "instead of" and "rather than" stay with what they reject: "... instead of the cleaning".
                    return word is " instead of " or " rather than " ? 1 : word.Length;
                }
            }
        }

        return 0;
    }

    private static readonly string[] Joiners = [" and ", " then ", " but ", " plus ", " also ", " so ", " since ", " because ", " instead of ", " rather than ", " which ", " where ", " while "];

    private static bool HasDigit(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (char.IsDigit(text[k]))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddFragment(string text, int start, int end, List<Fragment> into)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            into.Add(new Fragment(start, end - start, text[start..end], into.Count));
        }
    }
}
