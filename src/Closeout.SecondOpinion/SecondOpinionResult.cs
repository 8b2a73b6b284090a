using Closeout.Drafting.Drafts;
using Closeout.SecondOpinion.Audit;
using Closeout.SecondOpinion.Review;

namespace Closeout.SecondOpinion;

/// <summary>How a second opinion ended.</summary>
public enum SecondOpinionOutcome
{
    /// <summary>The account's mode is off.</summary>
    Off,

    /// <summary>The profile cannot be used (no key, no endpoint, unknown provider).</summary>
    Unavailable,

    /// <summary>The account's monthly budget is spent.</summary>
    BudgetSpent,

    /// <summary>Merge mode: validated changes were applied and the draft goes to review.</summary>
    Merged,

    /// <summary>Suggest mode: validated proposals are for the reviewer; the draft is the engine's.</summary>
    Suggested,

    /// <summary>The model answered, but nothing valid would change the draft.</summary>
    NoChanges,

    Timeout,
    RateLimited,
    ProviderError,
    Refused,

    /// <summary>The answer did not parse against the schema, twice.</summary>
    Malformed,
}

/// <summary>
/// What the second opinion made of a job. <see cref="Draft"/> is the draft to keep: the engine's unchanged, except in
/// merge mode with validated changes (then it carries an <see cref="FlagKind.LlmReview"/> flag: a person reviews it).
/// </summary>
public sealed record SecondOpinionResult(
    SecondOpinionOutcome Outcome,
    string Reason,
    DraftInvoice Draft,
    IReadOnlyList<AcceptedProposal> Accepted,
    IReadOnlyList<RejectedProposal> Rejected,
    IReadOnlyList<NoOpProposal> NoOps,
    IReadOnlyList<ReviewFlag> Flags,
    IReadOnlyList<LineDescription> Descriptions,
    IReadOnlyList<LlmCallRecord> Calls)
{
    /// <summary>The server's wait hint on a rate limit, for the worker's next attempt.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The model put a price in its answer; it was ignored (prices come from the catalog only).</summary>
    public bool PriceIgnored { get; init; }

    /// <summary>How the catalog candidates were chosen (lexical, or fused with embeddings), and why embeddings were not used when they failed.</summary>
    public string Retrieval { get; init; } = "lexical";

    /// <summary>Notes that read as instructions to an automated reader.</summary>
    public IReadOnlyList<string> SteeringNoteIds { get; init; } = [];

    public decimal Cost => Calls.Sum(c => c.EstimatedCost ?? 0m);

    internal static SecondOpinionResult Unchanged(SecondOpinionOutcome outcome, string reason, DraftInvoice draft, IReadOnlyList<LlmCallRecord>? calls = null) =>
        new(outcome, reason, draft, [], [], [], [], [], calls ?? []);
}
