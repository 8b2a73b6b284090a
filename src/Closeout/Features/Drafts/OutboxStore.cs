using System.Text.Json.Nodes;
using Closeout.Features.Audit;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Drafts;

public sealed record OutboxItem(long Id, string Key, string AccountId, string JobId, JsonNode Payload, long Attempts);

/// <summary>The invoice writes to Jobber. A row is claimed before its mutation is sent, so two workers never send the same one.</summary>
internal sealed class OutboxStore(Database database, TimeProvider time, AuditLog audit)
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>Claims the row to send it; null with the row's state when it is not claimable (done, failed, or held by another worker).</summary>
    public async Task<(OutboxItem? Item, string? State)> ClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var rows = await connection.QueryAsync(
            """
            UPDATE outbox SET state = 'sending', attempts = attempts + 1, locked_until = @lease
            WHERE outbox_key = @key AND (state = 'pending' OR (state = 'sending' AND locked_until < @now))
            RETURNING id, outbox_key, account_id, job_id, payload, attempts
            """,
            null, r => new OutboxItem(r.Long("id"), r.String("outbox_key")!, r.String("account_id")!, r.String("job_id")!, JsonNode.Parse(r.String("payload")!)!, r.Long("attempts")),
            cancellationToken, ("key", key), ("now", now.Ms()), ("lease", (now + lease).Ms())).ConfigureAwait(false);
        if (rows.Count > 0)
        {
            return (rows[0], Sending);
        }

        var states = await connection.QueryAsync("SELECT state FROM outbox WHERE outbox_key = @key", null, r => r.String("state"), cancellationToken, ("key", key)).ConfigureAwait(false);
        return (null, states.Count == 0 ? null : states[0]);
    }

    /// <summary>The Jobber invoice a done row wrote; null while it is not done.</summary>
    public async Task<string?> InvoiceIdAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync("SELECT invoice_id FROM outbox WHERE outbox_key = @key AND state = 'done'", null, r => r.String("invoice_id"), cancellationToken, ("key", key)).ConfigureAwait(false);
        return ids.Count == 0 ? null : ids[0];
    }

    /// <summary>Marks the row done with its invoice id; the audit entry, if any, commits with it.</summary>
    public async Task CompleteAsync(OutboxItem item, string invoiceId, CancellationToken cancellationToken, AuditEntry? record = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE outbox SET state = 'done', invoice_id = @invoice, locked_until = NULL, last_error = NULL, sent_at = @now WHERE id = @id",
            transaction, cancellationToken, ("invoice", invoiceId), ("now", time.GetUtcNow().Ms()), ("id", item.Id)).ConfigureAwait(false);
        if (record is not null)
        {
            await audit.AppendAsync(connection, transaction, [record], cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the row for another attempt, or marks it failed for good.</summary>
    public async Task ReleaseAsync(OutboxItem item, string error, bool permanent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE outbox SET state = @state, locked_until = NULL, last_error = @error WHERE id = @id",
            null, cancellationToken, ("state", permanent ? Failed : Pending), ("error", error), ("id", item.Id)).ConfigureAwait(false);
    }

    /// <summary>Puts a failed write back to pending (replaying its dead-lettered delivery).</summary>
    public async Task ResetAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE outbox SET state = 'pending' WHERE account_id = @account AND job_id = @job AND state = 'failed'",
            null, cancellationToken, ("account", accountId), ("job", jobId)).ConfigureAwait(false);
    }
}
