using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Features.Audit;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Drafts;

/// <summary>Drafts, one per job and account, each saved together with the outbox row that writes its invoice to Jobber.</summary>
internal sealed class DraftStore(Database database, TimeProvider time, AuditLog audit)
{
    public static string OutboxKey(string accountId, string jobId) => $"invoiceCreate|{accountId}|{jobId}";

    /// <summary>
    /// Saves the draft, its outbox row and its audit entries in one transaction; false when the job already has a draft (it is kept).
    /// No invoice input (a shadow pilot, or nothing billable) stores no outbox row; <paramref name="alongside"/> stores what
    /// else must commit with the draft (its approval request and notifications). The job it was drafted from is kept with it
    /// (the review page shows its notes and time sheets).
    /// </summary>
    public async Task<bool> SaveAsync(DraftDocument draft, JsonNode? invoiceInput, CancellationToken cancellationToken, IReadOnlyList<AuditEntry>? record = null, Func<DbConnection, DbTransaction, Task>? alongside = null, JsonObject? job = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().Ms();
        var inserted = await connection.QueryAsync(
            """
            INSERT INTO drafts (account_id, job_id, job_number, document, created_at, job) VALUES (@account, @job, @number, @document, @now, @snapshot)
            ON CONFLICT (account_id, job_id) DO NOTHING
            RETURNING id
            """,
            transaction, r => r.Long("id"), cancellationToken,
            ("account", draft.AccountId), ("job", draft.JobId), ("number", draft.JobNumber),
            ("document", JsonSerializer.Serialize(draft, DraftDocument.JsonOptions)), ("now", now), ("snapshot", job?.ToJsonString())).ConfigureAwait(false);
        if (inserted.Count == 0)
        {
            return false;
        }

        if (invoiceInput is not null)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO outbox (outbox_key, account_id, job_id, payload, state, attempts, created_at)
                VALUES (@key, @account, @job, @payload, 'pending', 0, @now)
                ON CONFLICT (outbox_key) DO NOTHING
                """,
                transaction, cancellationToken,
                ("key", OutboxKey(draft.AccountId, draft.JobId)), ("account", draft.AccountId), ("job", draft.JobId),
                ("payload", invoiceInput.ToJsonString()), ("now", now)).ConfigureAwait(false);
        }

        if (alongside is not null)
        {
            await alongside(connection, transaction).ConfigureAwait(false);
        }

        if (record is { Count: > 0 })
        {
            await audit.AppendAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> ExistsAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT id FROM drafts WHERE account_id = @account AND job_id = @job", null, r => r.Long("id"), cancellationToken,
            ("account", accountId), ("job", jobId)).ConfigureAwait(false);
        return rows.Count > 0;
    }

    public async Task<StoredDraft?> FindAsync(string jobId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("WHERE d.job_id = @job", cancellationToken, ("job", jobId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<List<StoredDraft>> ListAsync(CancellationToken cancellationToken) => QueryAsync("", cancellationToken);

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync("SELECT COUNT(*) AS n FROM drafts", null, r => r.Long("n"), cancellationToken).ConfigureAwait(false))[0];
    }

    private async Task<List<StoredDraft>> QueryAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"""
            SELECT d.id, d.document, d.created_at, o.state AS invoice_state, o.invoice_id, o.last_error AS invoice_error
            FROM drafts d LEFT JOIN outbox o ON o.account_id = d.account_id AND o.job_id = d.job_id
            {where}
            ORDER BY d.id
            """,
            null, Map, cancellationToken, parameters).ConfigureAwait(false);
    }

    private static StoredDraft Map(DbDataReader r) => new(
        r.Long("id"),
        JsonSerializer.Deserialize<DraftDocument>(r.String("document")!, DraftDocument.JsonOptions)!,
        r.Time("created_at"),
        r.String("invoice_state") is { } state ? new InvoiceStatus(state, r.String("invoice_id"), r.String("invoice_error")) : null);
}
