using System.Globalization;

namespace Closeout.Drafting.Quantities;

internal enum TokenKind
{
    Number,
    Word,
    Symbol,
}

/// <summary>
/// A token of a note: a number ("1,200", "3.5", "1/2"), a run of letters, or one symbol. <see cref="Attached"/> says no
/// space separates it from the token before ("2in", "R410", "6'"), which is what tells "2in PVC" from "2 in the box".
/// </summary>
internal readonly record struct Token(
    TokenKind Kind,
    string Text,
    int Start,
    int End,
    bool Attached,
    decimal Value = 0,
    int Numerator = 0,
    int Denominator = 0)
{
    public bool IsFraction => Denominator != 0;

    public bool IsWord(string lower) => Kind == TokenKind.Word && Text == lower;

    public bool IsSymbol(char c) => Kind == TokenKind.Symbol && Text.Length == 1 && Text[0] == c;

    /// <summary>A fraction written the way trade sizes and amounts are: 1/2, 3/4, 5/8, 1/3.</summary>
    public bool IsTradeFraction => IsFraction && Numerator < Denominator && Denominator is 2 or 3 or 4 or 8 or 16 or 32 or 64;
}

internal static class NoteTokens
{
    /// <summary>Tokenises text. Words are lower-cased; <see cref="Token.Start"/> and <see cref="Token.End"/> index the original.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(text.Length / 3);
        var i = 0;
        var attached = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                attached = false;
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])
                && (i == 0 || !char.IsAsciiDigit(text[i - 1]))))
            {
                tokens.Add(ReadNumber(text, ref i, attached));
            }
            else if (char.IsLetter(c))
            {
                while (i < text.Length && (char.IsLetter(text[i])
                    || (text[i] == '\'' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > start)))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i].ToLowerInvariant(), start, i, attached));
            }
            else
            {
                var symbol = c switch
                {
                    '\u2019' or '\u2018' or '\u2032' => '\'',
                    '\u201C' or '\u201D' or '\u2033' => '"',
                    _ => c,
                };
                tokens.Add(new Token(TokenKind.Symbol, symbol.ToString(), start, i + 1, attached));
                i++;
            }

            attached = true;
        }

        return tokens;
    }

    private static Token ReadNumber(string text, ref int i, bool attached)
    {
        var start = i;
        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        // Thousands separators only in the "1,200" shape, so "3,4" stays two numbers.
        var plain = i - digits is >= 1 and <= 3;
        while (plain && i < text.Length && text[i] == ',' && HasDigits(text, i + 1, 3)
               && !(i + 4 < text.Length && char.IsAsciiDigit(text[i + 4])))
        {
            i += 4;
        }

        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        var raw = text[start..i].Replace(",", "", StringComparison.Ordinal);
        var isInteger = !raw.Contains('.', StringComparison.Ordinal);
        if (isInteger && i + 1 < text.Length && text[i] == '/' && char.IsAsciiDigit(text[i + 1]))
        {
            var slash = i;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var num)
                && int.TryParse(text.AsSpan(slash + 1, i - slash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var den)
                && den != 0)
            {
                return new Token(TokenKind.Number, text[start..i], start, i, attached, (decimal)num / den, num, den);
            }

            i = slash;
        }

        var value = decimal.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : 0m;
        return new Token(TokenKind.Number, text[start..i], start, i, attached, value);
    }

    private static bool HasDigits(string text, int from, int count)
    {
        if (from + count > text.Length)
        {
            return false;
        }

        for (var k = from; k < from + count; k++)
        {
            if (!char.IsAsciiDigit(text[k]))
            {
                return false;
            }
        }

        return true;
    }
}
