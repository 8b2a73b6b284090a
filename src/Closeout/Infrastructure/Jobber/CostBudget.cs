using System.Collections.Concurrent;
using System.Text.Json;

namespace Closeout.Infrastructure.Jobber;

/// <summary>
/// Each account's view of Jobber's leaky bucket (extensions.cost.throttleStatus), so a request that would be THROTTLED
/// waits for the bucket to refill instead of being sent.
/// </summary>
internal sealed class CostBudget(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Account, string Operation), double> _lastCost = new();

    /// <summary>How long to wait before sending <paramref name="operation"/> for the account; zero when the bucket has room.</summary>
    public TimeSpan WaitBefore(string accountId, string operation)
    {
        if (!_buckets.TryGetValue(accountId, out var bucket) || !_lastCost.TryGetValue((accountId, operation), out var cost) || bucket.RestoreRate <= 0)
        {
            return TimeSpan.Zero;
        }

        var elapsed = (time.GetUtcNow() - bucket.At).TotalSeconds;
        var available = Math.Min(bucket.Maximum, bucket.Available + (elapsed * bucket.RestoreRate));
        return available >= cost ? TimeSpan.Zero : TimeSpan.FromSeconds((cost - available) / bucket.RestoreRate);
    }

    /// <summary>Records the cost extension of a response; returns the wait a THROTTLED answer asks for.</summary>
    public TimeSpan Observe(string accountId, string operation, JsonElement response)
    {
        if (!response.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("cost", out var cost) || cost.ValueKind != JsonValueKind.Object)
        {
            return TimeSpan.Zero;
        }

        var requested = cost.TryGetProperty("requestedQueryCost", out var r) && r.TryGetDouble(out var rv) ? rv : 0;
        if (requested > 0)
        {
            _lastCost[(accountId, operation)] = requested;
        }

        if (!cost.TryGetProperty("throttleStatus", out var status))
        {
            return TimeSpan.Zero;
        }

        var bucket = new Bucket(
            Number(status, "maximumAvailable"), Number(status, "currentlyAvailable"), Number(status, "restoreRate"), time.GetUtcNow());
        _buckets[accountId] = bucket;
        return bucket.RestoreRate > 0 && requested > bucket.Available ? TimeSpan.FromSeconds((requested - bucket.Available) / bucket.RestoreRate) : TimeSpan.Zero;
    }

    private static double Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetDouble(out var number) ? number : 0;

    private sealed record Bucket(double Maximum, double Available, double RestoreRate, DateTimeOffset At);
}
