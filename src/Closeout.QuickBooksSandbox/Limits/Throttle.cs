using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Closeout.QuickBooksSandbox.Limits;

/// <summary>
/// Intuit's limits per company: requests per minute per realm, per second per realm and app, concurrent requests
/// per realm and app, batch requests per minute per realm and app. Over any of them: 429 ThrottleExceeded.
/// </summary>
internal sealed class Throttle(IOptionsMonitor<LimitsOptions> options, SandboxClock clock)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox> _inFlight = new(StringComparer.Ordinal);

    /// <summary>A lease while the request runs (concurrency), or null when a limit is reached.</summary>
    public IDisposable? TryEnter(string clientId, string realmId, bool batch)
    {
        var limits = options.CurrentValue;
        var now = clock.GetUtcNow();
        var app = $"{realmId}|{clientId}";
        var counter = _inFlight.GetOrAdd(app, _ => new StrongBox());
        if (Interlocked.Increment(ref counter.Value) > limits.ConcurrentRequestsPerRealmAndApp)
        {
            Interlocked.Decrement(ref counter.Value);
            return null;
        }

        var windows = new List<(string Key, TimeSpan Window, int Limit)>
        {
            ($"minute|{realmId}", TimeSpan.FromMinutes(1), limits.RequestsPerMinutePerRealm),
            ($"second|{app}", TimeSpan.FromSeconds(1), limits.RequestsPerSecondPerRealmAndApp),
        };
        if (batch)
        {
            windows.Add(($"batch|{app}", TimeSpan.FromMinutes(1), limits.BatchRequestsPerMinutePerRealmAndApp));
        }

        lock (_windows)
        {
            var queues = windows.ConvertAll(w => (Queue: Trim(_windows.GetOrAdd(w.Key, _ => new Queue<DateTimeOffset>()), now, w.Window), w.Limit));
            if (queues.Exists(q => q.Queue.Count >= q.Limit))
            {
                Interlocked.Decrement(ref counter.Value);
                return null;
            }

            queues.ForEach(q => q.Queue.Enqueue(now));
        }

        return new Lease(counter);
    }

    private static Queue<DateTimeOffset> Trim(Queue<DateTimeOffset> queue, DateTimeOffset now, TimeSpan window)
    {
        while (queue.Count > 0 && now - queue.Peek() >= window)
        {
            queue.Dequeue();
        }

        return queue;
    }

    private sealed class StrongBox
    {
        public int Value;
    }

    private sealed class Lease(StrongBox counter) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref counter.Value);
            }
        }
    }
}
