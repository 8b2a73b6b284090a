using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;

namespace Closeout.Drafting.Extraction;

/// <summary>What a clause says happened to the thing it mentions.</summary>
internal enum MentionStatus
{
    Done,
    Observed,
    NotDone,
    CameWith,
    Declined,
    Planned,
    CustomerSupplied,
    Conditional,
}

/// <summary>One mention of a catalog item in a note, with its status, amount and evidence.</summary>
internal sealed record Mention(
    CatalogItem Item,
    MentionStatus Status,
    decimal? Quantity,
    bool Vague,
    bool IsTotal,
    bool Plural,
    Evidence.NoteSpan Evidence,
    int NoteOrder,
    string? VisitId,
    bool CorrectionNote,
    bool Secondary,
    bool Strict,
    double Confidence)
{
    /// <summary>The clause adds to what was used before: "1 more smoke detector", "another 20 ft".</summary>
    public bool Additional { get; init; }
}

/// <summary>Something a clause says was installed that no catalog item fits.</summary>
internal sealed record UnmatchedWork(string Phrase, Evidence.NoteSpan Evidence, string? VisitId, bool CustomerSupplied = false)
{
    /// <summary>What the flag is: not in the catalog (default), or declined or an unquantified material when the clause says so.</summary>
    public Drafts.FlagKind Kind { get; init; } = CustomerSupplied ? Drafts.FlagKind.CustomerSupplied : Drafts.FlagKind.NotInCatalog;
}
