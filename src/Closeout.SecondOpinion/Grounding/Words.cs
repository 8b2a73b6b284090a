using System.Text.RegularExpressions;

namespace Closeout.SecondOpinion.Grounding;

/// <summary>The crude words retrieval compares: lower case, letters and digits, a plural's s dropped, filler left out.</summary>
internal static partial class Words
{
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "was", "were", "are", "has", "had", "have", "not", "but", "from", "into", "this",
        "that", "all", "out", "per", "new", "old", "got", "cust", "customer", "job", "back", "each", "ok", "one", "two",
    };

    [GeneratedRegex(@"[a-z0-9][a-z0-9/\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    public static HashSet<string> Of(string? text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        foreach (Match m in Token().Matches(text.ToLowerInvariant()))
        {
            var w = m.Value.Trim('-', '/');
            if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal))
            {
                w = w[..^1];
            }

            if (w.Length >= 2 && !Filler.Contains(w))
            {
                words.Add(w);
            }
        }

        return words;
    }
}
