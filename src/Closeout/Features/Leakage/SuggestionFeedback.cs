using System.Text.Json;
using Closeout.Drafting.Leakage;
using Closeout.Features.Audit;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Leakage;

public sealed record SuggestionDecision(string JobId, string ItemId, string Decision, string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>
/// People's decisions on suggestions. A decision is recorded once per draft and item; a rejection adds one to the
/// rejections of every rule the suggestion rested on (a job that had those antecedents and did not bill the item).
/// </summary>
internal sealed class SuggestionFeedback(Database database, TimeProvider time, AuditLog audit)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    /// <summary>False when this draft's suggestion of this item was already decided (the first decision stands).</summary>
    public async Task<bool> DecideAsync(string accountId, string jobId, SuggestionView suggestion, string decision, string decidedBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.QueryAsync(
            """
            INSERT INTO suggestion_decisions (account_id, job_id, item_id, decision, decided_by, rule_keys, decided_at)
            VALUES (@account, @job, @item, @decision, @by, @keys, @now)
            ON CONFLICT (account_id, job_id, item_id) DO NOTHING
            RETURNING id
            """,
            transaction, r => r.Long("id"), cancellationToken,
            ("account", accountId), ("job", jobId), ("item", suggestion.ItemId), ("decision", decision), ("by", decidedBy),
            ("keys", JsonSerializer.Serialize(suggestion.RuleKeys)), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
        if (inserted.Count == 0)
        {
            return false;
        }

        if (decision == Rejected)
        {
            foreach (var key in suggestion.RuleKeys.Distinct(StringComparer.Ordinal))
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO rule_feedback (account_id, rule_key, rejections) VALUES (@account, @key, 1)
                    ON CONFLICT (account_id, rule_key) DO UPDATE SET rejections = rule_feedback.rejections + 1
                    """,
                    transaction, cancellationToken, ("account", accountId), ("key", key)).ConfigureAwait(false);
            }
        }

        await audit.AppendAsync(connection, transaction, [LeakageAudit.Decided(accountId, jobId, suggestion, decision, decidedBy)], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<RuleFeedback> FeedbackAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT rule_key, rejections FROM rule_feedback WHERE account_id = @account", null,
            r => (Key: r.String("rule_key")!, Rejections: (int)r.Long("rejections")), cancellationToken, ("account", accountId)).ConfigureAwait(false);
        return new RuleFeedback(rows.ToDictionary(r => r.Key, r => r.Rejections, StringComparer.Ordinal));
    }

    public async Task<IReadOnlyList<SuggestionDecision>> DecisionsAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            "SELECT job_id, item_id, decision, decided_by, decided_at FROM suggestion_decisions WHERE account_id = @account AND job_id = @job ORDER BY id",
            null, r => new SuggestionDecision(r.String("job_id")!, r.String("item_id")!, r.String("decision")!, r.String("decided_by")!, r.Time("decided_at")),
            cancellationToken, ("account", accountId), ("job", jobId)).ConfigureAwait(false);
    }
}
