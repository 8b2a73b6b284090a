using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Closeout.JobberSandbox.Limits;

internal sealed record ThrottleStatus(int MaximumAvailable, int CurrentlyAvailable, int RestoreRate);

internal sealed record CostDecision(bool Allowed, ThrottleStatus Status);

/// <summary>The leaky bucket of query cost per account: MaximumAvailable points, refilled at RestoreRate per second.</summary>
internal sealed class CostBucket(IOptionsMonitor<LimitsOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, State> _accounts = new(StringComparer.Ordinal);

    public CostDecision TryTake(string accountId, int cost, bool forceThrottled)
    {
        var limits = options.CurrentValue;
        var state = _accounts.GetOrAdd(accountId, _ => new State(limits.MaximumAvailable, time.GetUtcNow()));
        lock (state)
        {
            var now = time.GetUtcNow();
            var elapsed = Math.Max(0, (now - state.UpdatedAt).TotalSeconds);
            state.Available = Math.Min(limits.MaximumAvailable, state.Available + (elapsed * limits.RestoreRate));
            state.UpdatedAt = now;
            var allowed = !forceThrottled && cost <= state.Available;
            if (allowed)
            {
                state.Available -= cost;
            }

            return new CostDecision(allowed, new ThrottleStatus(limits.MaximumAvailable, (int)Math.Floor(state.Available), limits.RestoreRate));
        }
    }

    private sealed class State(double available, DateTimeOffset updatedAt)
    {
        public double Available { get; set; } = available;
        public DateTimeOffset UpdatedAt { get; set; } = updatedAt;
    }
}

/// <summary>The request-rate limit per app and account: RequestsPerWindow in a sliding WindowSeconds, then HTTP 429.</summary>
internal sealed class RequestRateLimiter(IOptionsMonitor<LimitsOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);

    /// <summary>True when the request may go ahead; otherwise how long until it would.</summary>
    public bool TryAcquire(string appId, string accountId, out TimeSpan retryAfter)
    {
        var limits = options.CurrentValue;
        var window = TimeSpan.FromSeconds(limits.WindowSeconds);
        var queue = _windows.GetOrAdd($"{appId}|{accountId}", _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            var now = time.GetUtcNow();
            while (queue.Count > 0 && now - queue.Peek() >= window)
            {
                queue.Dequeue();
            }

            if (queue.Count >= limits.RequestsPerWindow)
            {
                retryAfter = queue.Peek() + window - now;
                return false;
            }

            queue.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
