using System.Text.Json.Nodes;
using Closeout.Features.Drafts;

namespace Closeout.Features.Review;

/// <summary>Where a draft stands in review.</summary>
public static class ReviewStates
{
    public const string Waiting = "waiting";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Sent = "sent";

    public static IReadOnlyList<string> All { get; } = [Waiting, Approved, Rejected, Sent];
}

/// <summary>
/// A draft with its review: the engine's document, the current (reviewed) one with a person's edits, the job as Jobber
/// returned it, and the decision. <see cref="Version"/> changes with every change, so two people cannot overwrite each other.
/// </summary>
public sealed record ReviewedDraft(
    long Id,
    DraftDocument Engine,
    DraftDocument Current,
    DateTimeOffset CreatedAt,
    InvoiceStatus? Invoice,
    JsonObject? Job,
    string State,
    string? Reason,
    string? ReviewedBy,
    DateTimeOffset? ReviewedAt,
    string? SendError,
    long Version)
{
    public string AccountId => Engine.AccountId;

    public string JobId => Engine.JobId;

    public bool Edited => !ReferenceEquals(Engine, Current);
}

/// <summary>One row of the review queue.</summary>
public sealed record QueueItem(
    string AccountId,
    string JobId,
    long? JobNumber,
    string? Title,
    string? Client,
    IReadOnlyList<string> Technicians,
    string? ServiceLine,
    IReadOnlyList<string> FlagKinds,
    int Lines,
    decimal Total,
    DateTimeOffset CreatedAt,
    string State,
    string? InvoiceState,
    bool MayDecide = false,
    IReadOnlyList<string>? WaitingOn = null);

/// <summary>
/// What the queue shows: filters (null: any), the sort (amount or age; descending puts the largest or oldest first), and
/// <paramref name="Mine"/>: only drafts the signed-in user may decide (their approval request names them or their role).
/// </summary>
public sealed record QueueQuery(
    string? State = ReviewStates.Waiting,
    string? Flag = null,
    string? ServiceLine = null,
    string? Technician = null,
    string? Client = null,
    string Sort = "age",
    bool Descending = true,
    bool Mine = false);

/// <summary>One page of the queue: its items, how many match in all, and where it starts (pages count from 1).</summary>
public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public int First => Total == 0 ? 0 : ((Page - 1) * PageSize) + 1;

    public int Last => Math.Min(Total, Page * PageSize);

    /// <summary>The page asked for of <paramref name="items"/>, clamped to the pages there are.</summary>
    public static QueuePage Of(IReadOnlyList<QueueItem> items, int page, int pageSize)
    {
        var size = Math.Max(1, pageSize);
        var pages = Math.Max(1, (items.Count + size - 1) / size);
        var at = Math.Clamp(page, 1, pages);
        return new QueuePage(items.Skip((at - 1) * size).Take(size).ToList(), items.Count, at, size);
    }
}

public sealed record ReviewSettings(string AccountId, bool SendOnApprove);

/// <summary>A draft's review as the API returns it: the current (reviewed) draft, the engine's totals, the decision and the version to send back with a change.</summary>
public sealed record DraftReviewView(
    string AccountId, string JobId, string State, long Version, DraftDocument Draft, decimal EngineTotal, bool Edited,
    string? Reason, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? SendError, InvoiceStatus? Invoice, DateTimeOffset CreatedAt)
{
    public static DraftReviewView From(ReviewedDraft d) => new(
        d.AccountId, d.JobId, d.State, d.Version, d.Current, d.Engine.Total, d.Edited, d.Reason, d.ReviewedBy, d.ReviewedAt, d.SendError, d.Invoice, d.CreatedAt);
}

public sealed record LineChange(long Version, string ItemId, decimal Quantity, int? ForFlag = null);

public sealed record Decision(long Version, string? Reason = null);

public sealed record CatalogChoice(string Id, string Name, string Category, string Unit, decimal UnitPrice, bool Taxable);
