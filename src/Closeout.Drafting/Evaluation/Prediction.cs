using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Closeout.Drafting.Drafts;

namespace Closeout.Drafting.Evaluation;

/// <summary>A draft in the dataset's scoring format: one JSON object a line of a predictions <c>.jsonl</c> file.</summary>
public sealed record Prediction(
    string Id,
    IReadOnlyList<PredictionLine> Lines,
    IReadOnlyList<PredictionFlag> Flags,
    decimal Subtotal,
    decimal Tax,
    decimal Total)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A file for people and scripts, never embedded in HTML: keep note text ("2' of 1/2\" + tape") readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="caseId">The dataset case id (<c>cascade-017</c>), which scoring matches on; not Jobber's job id.</param>
    /// <param name="draft">The engine's draft for that case.</param>
    public static Prediction From(string caseId, DraftInvoice draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new Prediction(
            caseId,
            draft.Lines.Select(l => new PredictionLine(
                l.ItemId, l.Quantity, l.UnitPrice, l.Total, SourceName(l.Source),
                l.Evidence.Select(PredictionEvidence.From).ToList(), l.Description, Math.Round(l.Confidence, 2))).ToList(),
            draft.Flags.Select(f => new PredictionFlag(f.Kind.Code(), f.Message)).ToList(),
            draft.Subtotal,
            draft.Tax,
            draft.Total);
    }

    public string ToJsonLine() => JsonSerializer.Serialize(this, JsonOptions);

    public static string SourceName(LineSource source) => source switch
    {
        LineSource.Logged => "logged",
        LineSource.Notes => "notes",
        LineSource.Timesheet => "timesheet",
        LineSource.Policy => "policy",
        LineSource.History => "history",
        LineSource.Llm => "llm",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}

public sealed record PredictionLine(
    string Item,
    decimal Quantity,
    decimal UnitPrice,
    decimal Total,
    string Source,
    IReadOnlyList<PredictionEvidence> Evidence,
    string Description,
    double Confidence);

public sealed record PredictionFlag(string Kind, string Message);

/// <summary>An <see cref="Drafts.Evidence"/> written out flat with a <c>kind</c>; fields a kind does not have are omitted.</summary>
public sealed record PredictionEvidence(string Kind)
{
    public string? NoteId { get; init; }
    public int? Start { get; init; }
    public int? Length { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<string>? EntryIds { get; init; }
    public string? VisitId { get; init; }
    public string? UserId { get; init; }
    public string? LineItemId { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? PastJobIds { get; init; }
    public string? Phrase { get; init; }

    public static PredictionEvidence From(Evidence evidence) => evidence switch
    {
        Evidence.NoteSpan n => new("note") { NoteId = n.NoteId, Start = n.Start, Length = n.Length, Text = n.Text },
        Evidence.Timesheet t => new("timesheet") { EntryIds = t.EntryIds, VisitId = t.VisitId, UserId = t.UserId },
        Evidence.LoggedLine l => new("logged") { LineItemId = l.LineItemId, Name = l.Name },
        Evidence.Rule r => new("rule") { Description = r.Description },
        Evidence.History h => new("history") { PastJobIds = h.PastJobIds, Phrase = h.Phrase },
        _ => throw new ArgumentOutOfRangeException(nameof(evidence), evidence, null),
    };
}
