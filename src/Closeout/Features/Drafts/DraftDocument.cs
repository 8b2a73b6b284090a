using System.Text.Json;
using System.Text.Json.Serialization;
using Closeout.Drafting.Drafts;

namespace Closeout.Features.Drafts;

/// <summary>Why a line or flag is there, flattened for storage and the API (kind: note, timesheet, logged, rule, history).</summary>
public sealed record EvidenceView(
    string Kind,
    string? NoteId = null,
    int? Start = null,
    int? Length = null,
    string? Text = null,
    IReadOnlyList<string>? EntryIds = null,
    string? VisitId = null,
    string? UserId = null,
    string? LineItemId = null,
    string? Name = null,
    string? Description = null,
    IReadOnlyList<string>? PastJobIds = null,
    string? Phrase = null)
{
    public static EvidenceView From(Evidence evidence) => evidence switch
    {
        Evidence.NoteSpan n => new("note", NoteId: n.NoteId, Start: n.Start, Length: n.Length, Text: n.Text),
        Evidence.Timesheet t => new("timesheet", EntryIds: t.EntryIds, VisitId: t.VisitId, UserId: t.UserId),
        Evidence.LoggedLine l => new("logged", LineItemId: l.LineItemId, Name: l.Name),
        Evidence.Rule r => new("rule", Description: r.Description),
        Evidence.History h => new("history", PastJobIds: h.PastJobIds, Phrase: h.Phrase),
        _ => new("unknown"),
    };
}

public sealed record DraftLineView(
    string ItemId, string Name, string Description, decimal Quantity, decimal UnitPrice, decimal Total, bool Taxable,
    string Source, double Confidence, IReadOnlyList<EvidenceView> Evidence);

public sealed record DraftFlagView(string Kind, string Message, IReadOnlyList<EvidenceView> Evidence);

/// <summary>
/// A stored draft: the engine's invoice for one job with each line's evidence, as kept in the drafts table, and the
/// review suggestions (items the business's history usually bills that the draft lacks), which are never lines.
/// </summary>
public sealed record DraftDocument(
    string AccountId,
    string JobId,
    long? JobNumber,
    IReadOnlyList<DraftLineView> Lines,
    IReadOnlyList<DraftFlagView> Flags,
    decimal Subtotal,
    decimal Tax,
    decimal Total)
{
    /// <summary>Missed-billable suggestions from the business's history (empty for drafts stored before they existed).</summary>
    public IReadOnlyList<Leakage.SuggestionView> Suggestions { get; init; } = [];

    /// <summary>The language model's second opinion on this draft, when the account has one on.</summary>
    public SecondOpinion.SecondOpinionView? SecondOpinion { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static DraftDocument From(string accountId, long? jobNumber, DraftInvoice draft) => new(
        accountId,
        draft.JobId,
        jobNumber,
        draft.Lines.Select(l => new DraftLineView(
            l.ItemId, l.Name, l.Description, l.Quantity, l.UnitPrice, l.Total, l.Taxable, l.Source.ToString(), l.Confidence,
            l.Evidence.Select(EvidenceView.From).ToList())).ToList(),
        draft.Flags.Select(f => new DraftFlagView(f.Kind.Code(), f.Message, f.Evidence.Select(EvidenceView.From).ToList())).ToList(),
        draft.Subtotal,
        draft.Tax,
        draft.Total);
}

/// <summary>Where the draft's invoice stands in Jobber: pending, sending, done (with its id) or failed (with the error).</summary>
public sealed record InvoiceStatus(string State, string? InvoiceId, string? Error);

public sealed record StoredDraft(long Id, DraftDocument Draft, DateTimeOffset CreatedAt, InvoiceStatus? Invoice);
