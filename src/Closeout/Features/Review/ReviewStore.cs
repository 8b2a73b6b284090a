using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Features.Drafts;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Review;

/// <summary>A change to a draft's review, applied only when nobody changed it since <c>ExpectedVersion</c>.</summary>
internal sealed record ReviewUpdate(long ExpectedVersion, string State, DraftDocument? Reviewed, string? Reason, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? SendError);

/// <summary>The review columns of the drafts table, and each account's review settings.</summary>
internal sealed class ReviewStore(Database database)
{
    public async Task<List<ReviewedDraft>> ListAsync(string? state, CancellationToken cancellationToken) =>
        state is null ? await QueryAsync("", cancellationToken).ConfigureAwait(false) : await QueryAsync("WHERE d.review_state = @state", cancellationToken, ("state", state)).ConfigureAwait(false);

    public async Task<ReviewedDraft?> FindAsync(string jobId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("WHERE d.job_id = @job", cancellationToken, ("job", jobId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Keeps the job as Jobber returned it, for drafts made before it was stored with them.</summary>
    public async Task SaveJobAsync(long id, JsonObject job, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE drafts SET job = @job WHERE id = @id AND job IS NULL", null, cancellationToken, ("job", job.ToJsonString()), ("id", id)).ConfigureAwait(false);
    }

    /// <summary>Applies the change; false when someone else changed the review first (the caller answers 409).</summary>
    public async Task<bool> UpdateAsync(long id, ReviewUpdate update, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            """
            UPDATE drafts SET review_state = @state, reviewed = @reviewed, review_reason = @reason, reviewed_by = @by, reviewed_at = @at,
                send_error = @error, review_version = review_version + 1
            WHERE id = @id AND review_version = @version
            """,
            null, cancellationToken,
            ("state", update.State), ("reviewed", update.Reviewed is null ? null : JsonSerializer.Serialize(update.Reviewed, DraftDocument.JsonOptions)),
            ("reason", update.Reason), ("by", update.ReviewedBy), ("at", update.ReviewedAt?.Ms()), ("error", update.SendError),
            ("id", id), ("version", update.ExpectedVersion)).ConfigureAwait(false) == 1;
    }

    public async Task<ReviewSettings> SettingsAsync(string accountId, bool defaultSendOnApprove, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT send_on_approve FROM review_settings WHERE account_id = @account", null, r => r.Long("send_on_approve") != 0,
            cancellationToken, ("account", accountId)).ConfigureAwait(false);
        return new ReviewSettings(accountId, rows.Count == 0 ? defaultSendOnApprove : rows[0]);
    }

    public async Task SaveSettingsAsync(ReviewSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO review_settings (account_id, send_on_approve) VALUES (@account, @send)
            ON CONFLICT (account_id) DO UPDATE SET send_on_approve = @send
            """,
            null, cancellationToken, ("account", settings.AccountId), ("send", settings.SendOnApprove ? 1L : 0L)).ConfigureAwait(false);
    }

    private async Task<List<ReviewedDraft>> QueryAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"""
            SELECT d.id, d.document, d.created_at, d.job, d.review_state, d.reviewed, d.review_reason, d.reviewed_by, d.reviewed_at, d.send_error, d.review_version,
                o.state AS invoice_state, o.invoice_id, o.last_error AS invoice_error
            FROM drafts d LEFT JOIN outbox o ON o.account_id = d.account_id AND o.job_id = d.job_id
            {where}
            ORDER BY d.id
            """,
            null, Map, cancellationToken, parameters).ConfigureAwait(false);
    }

    private static ReviewedDraft Map(DbDataReader r)
    {
        var engine = JsonSerializer.Deserialize<DraftDocument>(r.String("document")!, DraftDocument.JsonOptions)!;
        return new ReviewedDraft(
            r.Long("id"),
            engine,
            r.String("reviewed") is { } reviewed ? JsonSerializer.Deserialize<DraftDocument>(reviewed, DraftDocument.JsonOptions)! : engine,
            r.Time("created_at"),
            r.String("invoice_state") is { } state ? new InvoiceStatus(state, r.String("invoice_id"), r.String("invoice_error")) : null,
            r.String("job") is { } job ? JsonNode.Parse(job) as JsonObject : null,
            r.String("review_state")!,
            r.String("review_reason"),
            r.String("reviewed_by"),
            r.NullableTime("reviewed_at"),
            r.String("send_error"),
            r.Long("review_version"));
    }
}
