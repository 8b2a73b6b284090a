using System.Data.Common;
using System.Text.Json;
using Closeout.Features.Drafts;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Pilot;

/// <summary>Shadow comparisons (versions 180-189), one per job, and the shadow drafts still waiting for the office's invoice.</summary>
internal sealed class PilotStore(Database database)
{
    public static readonly Migration[] Migrations =
    [
        new(180, _ => """
            CREATE TABLE pilot_comparisons (
                account_id TEXT NOT NULL,
                job_id TEXT NOT NULL,
                invoice_id TEXT NOT NULL,
                draft_total TEXT NOT NULL,
                sent_total TEXT NOT NULL,
                exact BIGINT NOT NULL,
                comparison TEXT NOT NULL,
                compared_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, job_id)
            );
            CREATE INDEX pilot_comparisons_time ON pilot_comparisons (account_id, compared_at);
            """),
    ];

    private const string NotCompared = "NOT EXISTS (SELECT 1 FROM pilot_comparisons c WHERE c.account_id = a.account_id AND c.job_id = a.job_id)";

    /// <summary>The account's shadow drafts of these jobs that have no comparison yet.</summary>
    public async Task<List<string>> AwaitingAsync(string accountId, IReadOnlyCollection<string>? jobIds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var waiting = await connection.QueryAsync(
            $"""
            SELECT a.job_id FROM approvals a
            WHERE a.account_id = @account AND a.pilot_mode = 'shadow' AND {NotCompared}
            """,
            null, r => r.String("job_id")!, cancellationToken, ("account", accountId)).ConfigureAwait(false);
        return jobIds is null ? waiting : waiting.Where(jobIds.Contains).ToList();
    }

    /// <summary>Every shadow draft, of any account, that has no comparison yet.</summary>
    public async Task<List<(string AccountId, string JobId)>> AwaitingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"""
            SELECT a.account_id, a.job_id FROM approvals a
            WHERE a.pilot_mode = 'shadow' AND {NotCompared}
            ORDER BY a.requested_at
            """,
            null, r => (r.String("account_id")!, r.String("job_id")!), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a comparison once; false when the job already has one.</summary>
    public async Task<bool> SaveAsync(ShadowComparison comparison, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            """
            INSERT INTO pilot_comparisons (account_id, job_id, invoice_id, draft_total, sent_total, exact, comparison, compared_at)
            VALUES (@account, @job, @invoice, @draft, @sent, @exact, @comparison, @at)
            ON CONFLICT (account_id, job_id) DO NOTHING
            """,
            null, cancellationToken,
            ("account", comparison.AccountId), ("job", comparison.JobId), ("invoice", comparison.InvoiceId),
            ("draft", comparison.DraftTotal.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("sent", comparison.SentTotal.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("exact", comparison.Exact ? 1L : 0L), ("comparison", JsonSerializer.Serialize(comparison, DraftDocument.JsonOptions)), ("at", comparison.ComparedAt.Ms())).ConfigureAwait(false) == 1;
    }

    public async Task<List<ShadowComparison>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT comparison FROM pilot_comparisons WHERE account_id = @account ORDER BY compared_at, job_id",
            null, Map, cancellationToken, ("account", accountId)).ConfigureAwait(false);
    }

    private static ShadowComparison Map(DbDataReader r) => JsonSerializer.Deserialize<ShadowComparison>(r.String("comparison")!, DraftDocument.JsonOptions)!;
}
