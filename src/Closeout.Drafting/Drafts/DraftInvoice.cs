namespace Closeout.Drafting.Drafts;

/// <summary>Where a draft line came from.</summary>
public enum LineSource
{
    Logged,
    Notes,
    Timesheet,
    Policy,
    History,
    Llm,
}

/// <summary>The review flags of the dataset spec, plus <see cref="InvalidInput"/> for a job the engine could not fully read.</summary>
public enum FlagKind
{
    Declined,
    CustomerSupplied,
    Warranty,
    NotInCatalog,
    Ambiguous,
    NoLaborRecorded,
    InvalidInput,

    /// <summary>A language model's second opinion changed the draft: a person reviews it before it is sent, never auto-approved.</summary>
    LlmReview,
}

public static class FlagKinds
{
    /// <summary>The spec's snake_case name of a flag kind (<c>customer_supplied</c>).</summary>
    public static string Code(this FlagKind kind) => kind switch
    {
        FlagKind.Declined => "declined",
        FlagKind.CustomerSupplied => "customer_supplied",
        FlagKind.Warranty => "warranty",
        FlagKind.NotInCatalog => "not_in_catalog",
        FlagKind.Ambiguous => "ambiguous",
        FlagKind.NoLaborRecorded => "no_labor_recorded",
        FlagKind.InvalidInput => "invalid_input",
        FlagKind.LlmReview => "llm_review",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static FlagKind? Parse(string code) =>
        Enum.GetValues<FlagKind>().Cast<FlagKind?>().FirstOrDefault(k => k!.Value.Code() == code);
}

/// <summary>Why a line or a flag is there: a span of a note, time-sheet entries, a logged line item, or a policy rule.</summary>
public abstract record Evidence
{
    private Evidence()
    {
    }

    /// <summary>The exact text <c>Text</c> at <c>[Start, Start+Length)</c> of note <c>NoteId</c> (or of the job's instructions when <c>NoteId</c> is "instructions").</summary>
    public sealed record NoteSpan(string NoteId, int Start, int Length, string Text) : Evidence;

    public sealed record Timesheet(IReadOnlyList<string> EntryIds, string VisitId, string UserId) : Evidence;

    public sealed record LoggedLine(string LineItemId, string Name) : Evidence;

    public sealed record Rule(string Description) : Evidence;

    public sealed record History(IReadOnlyList<string> PastJobIds, string Phrase) : Evidence;
}

/// <summary>One priced invoice line. <see cref="UnitPrice"/> is always the catalog's.</summary>
public sealed record DraftLine(
    string ItemId,
    string Name,
    decimal Quantity,
    decimal UnitPrice,
    decimal Total,
    bool Taxable,
    LineSource Source,
    IReadOnlyList<Evidence> Evidence,
    double Confidence,
    string Description);

/// <summary>Something a person must decide, with a message saying what.</summary>
public sealed record ReviewFlag(FlagKind Kind, string Message, IReadOnlyList<Evidence> Evidence);

/// <summary>The engine's output: a fully priced draft with its flags.</summary>
public sealed record DraftInvoice(
    string JobId,
    IReadOnlyList<DraftLine> Lines,
    IReadOnlyList<ReviewFlag> Flags,
    decimal Subtotal,
    decimal Tax,
    decimal Total);
