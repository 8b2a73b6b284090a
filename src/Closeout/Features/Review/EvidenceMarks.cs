using Closeout.Features.Drafts;

namespace Closeout.Features.Review;

/// <summary>A piece of a note's text and the evidence classes that cover it (empty: plain text).</summary>
public sealed record TextSegment(string Text, string Classes);

/// <summary>
/// Marks the evidence of a draft's lines and flags in the job's texts: each evidence item gets a class (ev-{line}-{k} for
/// lines, ev-f{flag}-{k} for flags) on the note spans, time-sheet rows and logged lines it cites, so the page can highlight
/// exactly what a line's "why" link points at.
/// </summary>
public static class EvidenceMarks
{
    public static string LineClass(int line, int evidence) => $"ev-{line}-{evidence}";

    public static string FlagClass(int flag, int evidence) => $"ev-f{flag}-{evidence}";

    /// <summary>Every (class, evidence) pair of the draft's lines and flags.</summary>
    public static IEnumerable<(string Class, EvidenceView Evidence)> All(DraftDocument draft)
    {
        for (var i = 0; i < draft.Lines.Count; i++)
        {
            for (var k = 0; k < draft.Lines[i].Evidence.Count; k++)
            {
                yield return (LineClass(i, k), draft.Lines[i].Evidence[k]);
            }
        }

        for (var f = 0; f < draft.Flags.Count; f++)
        {
            for (var k = 0; k < draft.Flags[f].Evidence.Count; k++)
            {
                yield return (FlagClass(f, k), draft.Flags[f].Evidence[k]);
            }
        }
    }

    /// <summary>The text split at every cited span's edges; a span whose offsets do not match its text is found by its text instead.</summary>
    public static IReadOnlyList<TextSegment> Segments(string text, string noteId, DraftDocument draft)
    {
        var spans = new List<(int Start, int End, string Class)>();
        foreach (var (cls, evidence) in All(draft))
        {
            if (evidence is not { Kind: "note", Text: { Length: > 0 } cited } || evidence.NoteId != noteId)
            {
                continue;
            }

            var start = evidence.Start is { } s && evidence.Length is { } l && s >= 0 && s + l <= text.Length && string.CompareOrdinal(text, s, cited, 0, l) == 0
                ? s
                : text.IndexOf(cited, StringComparison.Ordinal);
            if (start >= 0)
            {
                spans.Add((start, start + cited.Length, cls));
            }
        }

        var edges = spans.SelectMany(s => new[] { s.Start, s.End }).Append(0).Append(text.Length).Distinct().Order().ToList();
        var segments = new List<TextSegment>();
        for (var e = 0; e + 1 < edges.Count; e++)
        {
            var (from, to) = (edges[e], edges[e + 1]);
            var classes = string.Join(' ', spans.Where(s => s.Start <= from && s.End >= to).Select(s => s.Class));
            segments.Add(new TextSegment(text[from..to], classes));
        }

        return segments;
    }

    /// <summary>The classes of the evidence citing a time-sheet entry or a logged line item.</summary>
    public static string Citing(DraftDocument draft, Func<EvidenceView, bool> cites) =>
        string.Join(' ', All(draft).Where(p => cites(p.Evidence)).Select(p => p.Class));

    /// <summary>What a person must decide about a flag of this kind.</summary>
    public static string Decision(string kind) => kind switch
    {
        "declined" => "The customer declined this. Leave it off, or add it if they changed their mind.",
        "customer_supplied" => "The customer supplied this part. Bill only the labor, unless they did not.",
        "warranty" => "This may be under warranty. Decide whether the customer pays.",
        "not_in_catalog" => "The notes mention something the catalog lacks. Add the nearest catalog item, or leave it off.",
        "ambiguous" => "The notes are unclear about what or how much. Check with the technician, then edit or add the line.",
        "no_labor_recorded" => "No time was recorded. Add the labor that was worked, or confirm there was none.",
        "invalid_input" => "Part of the job could not be read. Check the job in Jobber before approving.",
        _ => "Check this before approving.",
    };
}
