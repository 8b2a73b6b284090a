namespace Closeout.Drafting.Quantities;

/// <summary>Who a stated labor duration is for.</summary>
public enum LaborWorkerKind
{
    /// <summary>The note's author ("2.5 hrs", "3.5 hrs me").</summary>
    Author,

    /// <summary>A person named as written ("w/ Sam", "Jo 3 hrs").</summary>
    Named,

    /// <summary>A role word ("w/ helper", "apprentice", "crew").</summary>
    Role,
}

/// <summary>
/// Hours a note states someone worked: <see cref="Who"/> is "author", the name as written, or the role word. The span is
/// the duration's ("2.5 hrs").
/// </summary>
public sealed record LaborDuration(LaborWorkerKind Kind, string Who, decimal Hours, int Start, int Length, bool Approximate)
{
    public const string AuthorName = "author";
}

/// <summary>
/// Finds labor time stated in a note ("2.5 hrs w/ helper", "3.5 hrs me, Jo 3 hrs", "took about an hour") and leaves
/// out every other duration ("ran it 20 min", "dry after 20 min", "15 min sprays"). Conservative: a labor clause is the
/// duration with only people, approximation and filler words around it.
/// </summary>
public static class LaborDurationParser
{
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "total", "tot", "labor", "labour", "lab", "onsite", "on", "site", "time", "took", "spent", "about", "approx",
        "approximately", "around", "roughly", "it", "for", "worked", "work", "job", "all", "in", "of", "the", "a", "an", "each",
        "ea", "both", "so", "ish", "there", "here", "hrs", "hours", "today", "just", "over", "under", "us", "we", "our", "my",
        "was", "were", "had", "has", "onsite", "at", "this", "that", "visit", "call", "altogether", "overall", "including",
    };

    private static readonly HashSet<string> AuthorWords = new(StringComparer.Ordinal) { "me", "myself", "i", "i'm", "self" };

    private static readonly HashSet<string> WithWords = new(StringComparer.Ordinal) { "w", "with", "plus", "and" };

    private static readonly HashSet<string> RoleWords = new(StringComparer.Ordinal)
    {
        "helper", "helpers", "apprentice", "apprentices", "crew", "tech", "techs", "laborer", "laborers", "partner", "assistant",
        "trainee", "foreman", "journeyman", "lead", "installer", "installers", "crewman", "crewmember", "sub", "mate", "guy",
        "guys", "hand", "operator",
    };

    private static readonly HashSet<string> IgnoreAfter = new(StringComparer.Ordinal) { "incl", "including", "inc", "includes", "inclusive" };

    // Capitalised words that start sentences and are never names.
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "ran", "run", "runs", "running", "dry", "after", "took", "total", "labor", "time", "tested", "test", "held", "flushed",
        "soaked", "cycled", "water", "watered", "waited", "wait", "let", "set", "back", "then", "plus", "and", "incl", "about",
        "approx", "around", "it", "on", "site", "job", "all", "worked", "spent", "drove", "drive", "travel", "break", "lunch",
        "every", "each", "left", "for", "me", "we", "us", "our", "the", "a", "an", "crew", "helper", "lead", "apprentice",
    };

    /// <summary>Every stated labor duration in <paramref name="text"/>, per person.</summary>
    public static IReadOnlyList<LaborDuration> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var results = new List<LaborDuration>();
        foreach (var sentence in Split(text, sentence: true))
        {
            var chunks = Split(text, sentence: false, sentence.Start, sentence.End);
            LaborDuration? pending = null;
            var sentenceHasLabor = false;
            foreach (var chunk in chunks)
            {
                var reading = ReadChunk(text, chunk.Start, chunk.End, sentenceHasLabor);
                if (reading is null)
                {
                    pending = null;
                    continue;
                }

                var (duration, people, withAuthor) = reading.Value;
                if (duration is null)
                {
                    // "3 hrs, Rosa + Lee": names after a bare duration are who worked it.
                    if (pending is not null && people.Count > 0)
                    {
                        results.Remove(pending);
                        results.AddRange(For(pending, people, withAuthor));
                    }

                    pending = null;
                    continue;
                }

                var entries = For(duration, people, withAuthor || people.Count == 0).ToList();
                results.AddRange(entries);
                sentenceHasLabor = true;
                pending = people.Count == 0 ? entries[0] : null;
            }
        }

        return results;
    }

    private static IEnumerable<LaborDuration> For(LaborDuration d, List<(LaborWorkerKind Kind, string Who)> people, bool author)
    {
        if (author)
        {
            yield return d with { Kind = LaborWorkerKind.Author, Who = LaborDuration.AuthorName };
        }

        foreach (var (kind, who) in people)
        {
            yield return d with { Kind = kind, Who = who };
        }
    }

    private static (LaborDuration? Duration, List<(LaborWorkerKind Kind, string Who)> People, bool WithAuthor)? ReadChunk(
        string text, int start, int end, bool sentenceHasLabor)
    {
        var chunk = text[start..end];
        var quantities = QuantityParser.FindAll(chunk);
        LaborDuration? duration = null;
        var covered = new bool[chunk.Length];
        foreach (var q in quantities)
        {
            if (q.Kind == QuantityKind.Amount && q.Value is { } v && q.Unit is Units.Hour or Units.Minute)
            {
                if (duration is not null)
                {
                    return null; // two durations in one clause: a schedule or a test, not a time sheet
                }

                var hours = q.Unit == Units.Hour ? v : v / 60m;
                duration = new LaborDuration(LaborWorkerKind.Author, LaborDuration.AuthorName, hours, start + q.Start, q.Length, q.Approximate);
                Array.Fill(covered, true, q.Start, q.Length);
            }
            else
            {
                return null; // any other number makes this a reading, a test or a material line
            }
        }

        var tokens = NoteTokens.Tokenize(chunk);
        var people = new List<(LaborWorkerKind, string)>();
        var withAuthor = false;
        var sawWith = false;
        var sawDurationAt = -1;
        var approx = duration?.Approximate ?? false;
        for (var k = 0; k < tokens.Count; k++)
        {
            var tok = tokens[k];
            if (covered[tok.Start])
            {
                sawDurationAt = k;
                continue;
            }

            if (tok.Kind == TokenKind.Symbol)
            {
                if (tok.Text is "~")
                {
                    approx = true;
                }
                else if (tok.Text is "+" or "&" or "/" or ":" or "-")
                {
                    if (tok.Text is "/" && k > 0 && tokens[k - 1].IsWord("w"))
                    {
                        sawWith = true;
                    }
                }
                else if (tok.Text is not ("." or "'"))
                {
                    return null;
                }

                continue;
            }

            if (tok.Kind != TokenKind.Word)
            {
                return null;
            }

            var w = tok.Text;
            if (IgnoreAfter.Contains(w) && duration is not null && sawDurationAt >= 0)
            {
                break;
            }

            if (w is "about" or "approx" or "approximately" or "around" or "roughly" or "ish")
            {
                approx = true;
                continue;
            }

            if (AuthorWords.Contains(w))
            {
                withAuthor = true;
                continue;
            }

            if (WithWords.Contains(w))
            {
                if (w is "w" or "with")
                {
                    sawWith = true;
                }

                continue;
            }

            if (RoleWords.Contains(w))
            {
                people.Add((LaborWorkerKind.Role, w));
                continue;
            }

            var original = chunk[tok.Start..tok.End];
            var isName = char.IsUpper(original[0]) && !NotNames.Contains(w) && w.Length > 1;
            if (isName)
            {
                // A capitalised word before the duration ("Jo 3 hrs") is a name only when the sentence already states labor
                // or a "w/" names it; otherwise "Ran 20 min" would read as a person called Ran.
                var beforeDuration = duration is not null && sawDurationAt < 0;
                if (beforeDuration && !sentenceHasLabor && !sawWith && !NextIsPersonJoiner(tokens, k) && !PreviousIsPersonJoiner(tokens, k))
                {
                    return null;
                }

                people.Add((LaborWorkerKind.Named, original));
                continue;
            }

            if (Fillers.Contains(w))
            {
                continue;
            }

            return null;
        }

        if (duration is null && (people.Count == 0 || !people.TrueForAll(p => p.Item1 == LaborWorkerKind.Named || sawWith)))
        {
            return duration is null && people.Count > 0 ? (null, people, sawWith || withAuthor) : null;
        }

        if (duration is not null)
        {
            duration = duration with { Approximate = approx };
            if (sawWith)
            {
                withAuthor = true;
            }
        }

        return (duration, people, withAuthor);
    }

    // "Rosa + Lee 3 hrs": a capitalised word joined to another by + or "and" is a list of people.
    private static bool NextIsPersonJoiner(List<Token> tokens, int k) =>
        k + 1 < tokens.Count && (tokens[k + 1].IsSymbol('+') || tokens[k + 1].IsSymbol('&') || tokens[k + 1].IsWord("and"));

    private static bool PreviousIsPersonJoiner(List<Token> tokens, int k) =>
        k > 0 && (tokens[k - 1].IsSymbol('+') || tokens[k - 1].IsSymbol('&') || tokens[k - 1].IsWord("and"));

    private static List<(int Start, int End)> Split(string text, bool sentence, int from = 0, int to = -1)
    {
        if (to < 0)
        {
            to = text.Length;
        }

        var parts = new List<(int, int)>();
        var start = from;
        for (var i = from; i < to; i++)
        {
            var c = text[i];
            var boundary = c is '!' or '?' or ';' or '\n' or '\r'
                || (c == '.' && (i + 1 >= to || char.IsWhiteSpace(text[i + 1])) && !(i > 0 && char.IsAsciiDigit(text[i - 1]) && i + 1 < to && char.IsAsciiDigit(text[i + 1])))
                || (!sentence && (c is ',' or '(' or ')' || (c == '-' && i > 0 && text[i - 1] == ' ' && i + 1 < to && text[i + 1] == ' ')));
            if (boundary)
            {
                if (i > start)
                {
                    parts.Add((start, i));
                }

                start = i + 1;
            }
        }

        if (to > start)
        {
            parts.Add((start, to));
        }

        return parts;
    }
}
