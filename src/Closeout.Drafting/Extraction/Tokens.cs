using System.Text;

namespace Closeout.Drafting.Extraction;

/// <summary>A word of a text with its character span; <see cref="Stem"/> is the normalised form used for matching.</summary>
internal readonly record struct Token(string Text, string Stem, int Start, int Length)
{
    public int End => Start + Length;
    public bool IsNumber => Stem.Length > 0 && (char.IsDigit(Stem[0]) || Stem[0] == '.');
}

/// <summary>Splits text into word tokens and reduces them to a light stem (plural, -ing, -ed) for matching.</summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string text, int offset = 0, int length = -1)
    {
        var end = length < 0 ? text.Length : offset + length;
        var tokens = new List<Token>();
        var i = offset;
        while (i < end)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                var numeric = char.IsDigit(c);
                // Words keep inner apostrophes ("cust's"); numbers keep decimals and fractions ("1.5", "3/4");
                // a change between digits and letters starts a new token ("40g" is "40" "g", "R410A" is "R" "410" "A").
                while (i < end && ((char.IsLetterOrDigit(text[i]) && char.IsDigit(text[i]) == numeric)
                    || (numeric && text[i] is '.' or '/' or ',' && i + 1 < end && char.IsDigit(text[i + 1]) && char.IsDigit(text[i - 1])
                        && (text[i] != ',' || (i + 3 < end && char.IsDigit(text[i + 2]) && char.IsDigit(text[i + 3]))))
                    || (!numeric && text[i] == '\'' && i + 1 < end && char.IsLetter(text[i + 1]) && char.IsLetter(text[i - 1]))))
                {
                    i++;
                }

                var word = numeric ? text[start..i].Replace(",", "", StringComparison.Ordinal) : text[start..i];
                tokens.Add(new Token(word, Stem(word), start, i - start));
            }
            else
            {
                i++;
            }
        }

        return tokens;
    }

    public static string Stem(string word)
    {
        // "GFCIs", "GFIs", "TVs": an acronym's plural is its letters and a small s, whatever the letters end in.
        if (word.Length >= 3 && word[^1] == 's' && word[..^1].All(char.IsUpper))
        {
            word = word[..^1];
        }

        var w = word.ToLowerInvariant();
        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        if (w.Length > 0 && char.IsDigit(w[0]))
        {
            return w;
        }

        if (Irregular.TryGetValue(w, out var irregular))
        {
            return irregular;
        }

        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            w = w[..^3] + "y";
        }
        else if (w.Length > 4 && (w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal)))
        {
            w = w[..^2];
        }
        else if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal))
        {
            w = UndoDoubling(w[..^3]);
        }
        else if (w.Length > 4 && w.EndsWith("ed", StringComparison.Ordinal))
        {
            w = UndoDoubling(w[..^2]);
        }

        if (w.Length > 4 && w.EndsWith('e'))
        {
            w = w[..^1];
        }
        else if (w.Length > 6 && w.EndsWith("ular", StringComparison.Ordinal))
        {
            // "granular" and "granules", "cellular" and "cells": the adjective shares its noun's stem.
            w = w[..^2];
        }

        return w;
    }

    private static string UndoDoubling(string w) =>
        w.Length > 3 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z') ? w[..^1] : w;

    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["ran"] = "run",
        ["put"] = "put",
        ["set"] = "set",
        ["laid"] = "lay",
        ["hung"] = "hang",
        ["swept"] = "sweep",
        ["threw"] = "throw",
        ["thrown"] = "throw",
        ["left"] = "leave",
        ["went"] = "go",
        ["gone"] = "go",
        ["came"] = "come",
        ["took"] = "take",
        ["dug"] = "dig",
        ["bought"] = "buy",
        ["brought"] = "bring",
        ["ells"] = "ell",
        ["feet"] = "foot",
        ["leaves"] = "leaf",
        ["gas"] = "gas",
        ["pass"] = "pass",
        ["glass"] = "glass",
        ["brass"] = "brass",
        ["grass"] = "grass",
        ["series"] = "series",
        ["does"] = "do",
        ["was"] = "be",
        ["were"] = "be",
        ["is"] = "be",
        ["are"] = "be",
        ["has"] = "have",
        ["had"] = "have",
        ["needed"] = "need",
    };

    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var t in Tokenize(text))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(t.Stem);
        }

        return sb.ToString();
    }
}
