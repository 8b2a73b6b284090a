using System.Globalization;
using Closeout.Infrastructure.Persistence;
using Closeout.SecondOpinion.Audit;

namespace Closeout.Features.SecondOpinion;

/// <summary>A stored model call, as the draft's audit shows it.</summary>
public sealed record StoredLlmCall(
    long Id, string AccountId, string JobId, long? DraftId, string Provider, string Model, int Attempt, DateTimeOffset At, string Prompt,
    string? RawResponse, long? InputTokens, long? OutputTokens, long LatencyMs, decimal? EstimatedCost, string Outcome);

/// <summary>
/// Every model call, stored as it happens (a paid call is recorded even if the draft never is) and linked to the draft
/// once it is saved; and each account's spending per UTC month, in millionths so both databases add it exactly.
/// </summary>
internal sealed class LlmCallStore(Database database) : ISecondOpinionAudit, ISecondOpinionBudget
{
    public async ValueTask RecordAsync(LlmCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO llm_calls (account_id, job_id, provider, model, attempt, called_at, prompt, raw_response, input_tokens, output_tokens, latency_ms, cost_micros, outcome)
            VALUES (@account, @job, @provider, @model, @attempt, @at, @prompt, @raw, @input, @output, @latency, @cost, @outcome)
            """,
            null, cancellationToken,
            ("account", record.AccountId), ("job", record.JobId), ("provider", record.Provider), ("model", record.Model), ("attempt", (long)record.Attempt),
            ("at", record.At.Ms()), ("prompt", record.Prompt), ("raw", record.RawResponse), ("input", record.InputTokens), ("output", record.OutputTokens),
            ("latency", (long)record.Latency.TotalMilliseconds), ("cost", record.EstimatedCost is { } c ? Micros(c) : null), ("outcome", record.Outcome)).ConfigureAwait(false);
    }

    /// <summary>Links the job's calls not yet linked to its stored draft.</summary>
    public async Task LinkAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            UPDATE llm_calls SET draft_id = (SELECT d.id FROM drafts d WHERE d.account_id = @account AND d.job_id = @job)
            WHERE account_id = @account AND job_id = @job AND draft_id IS NULL
            """,
            null, cancellationToken, ("account", accountId), ("job", jobId)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredLlmCall>> ForDraftAsync(long draftId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            "SELECT * FROM llm_calls WHERE draft_id = @draft ORDER BY id", null,
            r => new StoredLlmCall(
                r.Long("id"), r.String("account_id")!, r.String("job_id")!, r.NullableLong("draft_id"), r.String("provider")!, r.String("model")!,
                (int)r.Long("attempt"), r.Time("called_at"), r.String("prompt")!, r.String("raw_response"), r.NullableLong("input_tokens"),
                r.NullableLong("output_tokens"), r.Long("latency_ms"), r.NullableLong("cost_micros") is { } m ? m / 1_000_000m : null, r.String("outcome")!),
            cancellationToken, ("draft", draftId)).ConfigureAwait(false);
    }

    public async ValueTask<decimal> SpentAsync(string accountId, DateOnly month, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(
            "SELECT spent_micros FROM llm_budget WHERE account_id = @account AND month = @month", null, r => r.Long("spent_micros"), cancellationToken,
            ("account", accountId), ("month", Key(month))).ConfigureAwait(false);
        return rows.Count == 0 ? 0m : rows[0] / 1_000_000m;
    }

    public async ValueTask AddAsync(string accountId, DateOnly month, decimal cost, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO llm_budget (account_id, month, spent_micros) VALUES (@account, @month, @cost)
            ON CONFLICT (account_id, month) DO UPDATE SET spent_micros = llm_budget.spent_micros + excluded.spent_micros
            """,
            null, cancellationToken, ("account", accountId), ("month", Key(month)), ("cost", Micros(cost))).ConfigureAwait(false);
    }

    private static long Micros(decimal amount) => (long)Math.Round(amount * 1_000_000m, MidpointRounding.AwayFromZero);

    private static string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
