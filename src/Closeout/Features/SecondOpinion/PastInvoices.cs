using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Drafting.Engine;
using Closeout.Features.Drafts;
using Closeout.Features.Processing;
using Closeout.Features.Review;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.SecondOpinion;

/// <summary>
/// An account's invoice history, from which the second opinion shows the model the most similar past invoices: invoices
/// the business sent from Jobber (kept in <c>past_invoices</c> as INVOICE_UPDATE reads them), drafts approved or sent in
/// Closeout, and the business folder's history/ the engine learned from. One invoice per job, the most authoritative
/// first: what Jobber sent, then what a person approved here, then the folder.
/// </summary>
internal sealed class PastInvoices(Database database, TimeProvider time)
{
    /// <summary>How many of each stored source are read per job, newest first: enough to find neighbours, bounded in cost.</summary>
    public const int Recent = 500;

    public async Task RecordAsync(string accountId, string jobId, JsonObject job, IReadOnlyList<string> billedItemIds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO past_invoices (account_id, job_id, job, items, recorded_at) VALUES (@account, @job, @snapshot, @items, @now)
            ON CONFLICT (account_id, job_id) DO UPDATE SET job = excluded.job, items = excluded.items, recorded_at = excluded.recorded_at
            """,
            null, cancellationToken, ("account", accountId), ("job", jobId), ("snapshot", job.ToJsonString()),
            ("items", JsonSerializer.Serialize(billedItemIds)), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
    }

    /// <summary>The account's past invoices, the job being drafted left out.</summary>
    public async Task<IReadOnlyList<PastJob>> ForAsync(string accountId, string exceptJobId, DraftEngine engine, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sent = await connection.QueryAsync(
            $"SELECT job_id, job, items FROM past_invoices WHERE account_id = @account ORDER BY recorded_at DESC LIMIT {Recent}", null,
            r => Past(engine, r.String("job_id")!, r.String("job"), JsonSerializer.Deserialize<List<string>>(r.String("items")!) ?? []),
            cancellationToken, ("account", accountId)).ConfigureAwait(false);
        var approved = await connection.QueryAsync(
            $"""
            SELECT job_id, job, document, reviewed FROM drafts
            WHERE account_id = @account AND review_state IN ('{ReviewStates.Approved}', '{ReviewStates.Sent}') AND job IS NOT NULL
            ORDER BY id DESC LIMIT {Recent}
            """,
            null, r => Past(engine, r.String("job_id")!, r.String("job"), BilledItems(r.String("reviewed") ?? r.String("document")!)),
            cancellationToken, ("account", accountId)).ConfigureAwait(false);

        var seen = new HashSet<string>(StringComparer.Ordinal) { exceptJobId };
        return sent.Concat(approved).Concat(engine.History)
            .Where(p => p is not null && (p.Job.Id is null || seen.Add(p.Job.Id)))
            .Select(p => p!)
            .ToList();
    }

    /// <summary>The job as Jobber returned it, in the engine's terms; null (it shows the model nothing) when it cannot be read.</summary>
    private static PastJob? Past(DraftEngine engine, string jobId, string? job, List<string> items)
    {
        try
        {
            return job is null || items.Count == 0 || JsonNode.Parse(job) is not JsonObject raw
                || JobTranslation.ToEngineJob(raw, engine.Catalog, engine.Policy) is not { IsSuccess: true } translated
                ? null
                : new PastJob(translated.Value! with { Id = jobId }, items);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> BilledItems(string document) =>
        JsonSerializer.Deserialize<DraftDocument>(document, DraftDocument.JsonOptions)?.Lines.Select(l => l.ItemId).Distinct(StringComparer.Ordinal).ToList() ?? [];
}
