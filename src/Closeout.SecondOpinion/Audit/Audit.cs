using System.Collections.Concurrent;

namespace Closeout.SecondOpinion.Audit;

/// <summary>One call to a model, kept whatever came of it: what was sent, what came back, what it cost.</summary>
public sealed record LlmCallRecord(
    string AccountId,
    string JobId,
    string Provider,
    string Model,
    int Attempt,
    DateTimeOffset At,
    string Prompt,
    string? RawResponse,
    long? InputTokens,
    long? OutputTokens,
    TimeSpan Latency,
    decimal? EstimatedCost,
    string Outcome);

/// <summary>Where call records go; the service will keep them beside the draft.</summary>
public interface ISecondOpinionAudit
{
    ValueTask RecordAsync(LlmCallRecord record, CancellationToken cancellationToken);
}

/// <summary>An account's spending on second opinions per calendar month (UTC, first day of the month as the key).</summary>
public interface ISecondOpinionBudget
{
    ValueTask<decimal> SpentAsync(string accountId, DateOnly month, CancellationToken cancellationToken);

    ValueTask AddAsync(string accountId, DateOnly month, decimal cost, CancellationToken cancellationToken);
}

public sealed class InMemorySecondOpinionAudit : ISecondOpinionAudit
{
    private readonly ConcurrentQueue<LlmCallRecord> _records = new();

    public IReadOnlyList<LlmCallRecord> Records => [.. _records];

    public ValueTask RecordAsync(LlmCallRecord record, CancellationToken cancellationToken)
    {
        _records.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}

public sealed class InMemorySecondOpinionBudget : ISecondOpinionBudget
{
    private readonly ConcurrentDictionary<(string, DateOnly), decimal> _spent = new();

    public ValueTask<decimal> SpentAsync(string accountId, DateOnly month, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_spent.GetValueOrDefault((accountId, month)));

    public ValueTask AddAsync(string accountId, DateOnly month, decimal cost, CancellationToken cancellationToken)
    {
        _spent.AddOrUpdate((accountId, month), cost, (_, spent) => spent + cost);
        return ValueTask.CompletedTask;
    }
}
