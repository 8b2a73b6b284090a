using System.Text.Json.Nodes;

namespace Closeout.Features.Audit;

/// <summary>
/// One change to record: who (a user's id, or "engine", "llm:&lt;model&gt;", "system") did what to which subject
/// ("draft:&lt;jobId&gt;", "user:&lt;id&gt;", "policy"), with the state before and after and the evidence that justified it.
/// Actions are dotted names: draft.created, line.proposed, line.edited, line.removed, line.added, draft.approved,
/// draft.rejected, invoice.sent, ...
/// </summary>
public sealed record AuditEntry(
    string AccountId,
    string Subject,
    string Action,
    string Actor,
    JsonNode? Before = null,
    JsonNode? After = null,
    JsonNode? Evidence = null);

/// <summary>An entry as stored: its sequence in the account's chain, when it was recorded and its hash.</summary>
public sealed record RecordedAuditEntry(long Sequence, DateTimeOffset RecordedAt, AuditEntry Entry, string Hash);

/// <summary>The append-only, per-account hash-chained record of every automated and human change.</summary>
public interface IAuditTrail
{
    Task<RecordedAuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Every entry about one subject of one account, oldest first (the draft page's history).</summary>
    Task<IReadOnlyList<RecordedAuditEntry>> HistoryAsync(string accountId, string subject, CancellationToken cancellationToken);
}
