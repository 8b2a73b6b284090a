using System.Text;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Jobs;

namespace Closeout.SecondOpinion.Review;

/// <summary>
/// Finds a model's quote in the job's notes (and instructions): case-insensitive, whitespace runs counted as one
/// space, and answers with the exact span of the original text, so the evidence a reviewer sees is the note's words.
/// </summary>
internal sealed class NoteQuotes
{
    public const string InstructionsId = "instructions";

    private readonly List<(string NoteId, string Text, string Folded, int[] Map)> _notes = [];

    public NoteQuotes(JobberJob job)
    {
        foreach (var note in job.Notes?.Items ?? [])
        {
            if (note?.Message is { Length: > 0 } message)
            {
                Add(note.Id ?? string.Empty, message);
            }
        }

        if (job.Instructions is { Length: > 0 } instructions)
        {
            Add(InstructionsId, instructions);
        }
    }

    /// <summary>Quotes shorter than this (folded) prove nothing: "1" or "ok" occur in most notes.</summary>
    public const int MinQuoteLength = 4;

    public Evidence.NoteSpan? Find(string? quote)
    {
        var (folded, _) = Fold(quote ?? string.Empty);
        folded = folded.Trim();
        if (folded.Length < MinQuoteLength)
        {
            return null;
        }

        foreach (var (noteId, text, foldedNote, map) in _notes)
        {
            var at = foldedNote.IndexOf(folded, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = map[at];
                var end = map[at + folded.Length - 1] + 1;
                return new Evidence.NoteSpan(noteId, start, end - start, text[start..end]);
            }
        }

        return null;
    }

    /// <summary>The whole text of the note a span is in.</summary>
    public string NoteText(string noteId) => _notes.FirstOrDefault(n => n.NoteId == noteId).Text ?? string.Empty;

    private void Add(string id, string text)
    {
        var (folded, map) = Fold(text);
        _notes.Add((id, text, folded, map));
    }

    /// <summary>Lower-cased text with whitespace runs as one space, and for each folded char the index of its source.</summary>
    private static (string Folded, int[] Map) Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var map = new List<int>(text.Length);
        var inSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace)
                {
                    folded.Append(' ');
                    map.Add(i);
                }

                inSpace = true;
                continue;
            }

            inSpace = false;
            folded.Append(char.ToLowerInvariant(Normalise(c)));
            map.Add(i);
        }

        return (folded.ToString(), map.ToArray());
    }

    // Models "fix" typography: curly quotes and dashes count as their plain forms.
    private static char Normalise(char c) => c switch
    {
        '\u2018' or '\u2019' => '\'',
        '\u201C' or '\u201D' => '"',
        '\u2013' or '\u2014' => '-',
        _ => c,
    };
}
