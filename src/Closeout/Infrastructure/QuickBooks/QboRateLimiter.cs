using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Closeout.Infrastructure.QuickBooks;

/// <summary>
/// Keeps each realm inside Intuit's limits before a request is sent: at most N concurrent, N a second and N a minute
/// (sliding windows), and nothing at all while a 429's wait runs. One instance's view; several instances share a realm's
/// budget only loosely, which the 429 handling then absorbs.
/// </summary>
internal sealed class QboRateLimiter(IOptions<QuickBooksOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Realm> _realms = new(StringComparer.Ordinal);

    private sealed class Realm(int concurrency)
    {
        public SemaphoreSlim Slots { get; } = new(concurrency, concurrency);

        public Queue<DateTimeOffset> LastMinute { get; } = new();

        public DateTimeOffset PausedUntil { get; set; }
    }

    /// <summary>Waits for a slot; dispose the lease when the response is in.</summary>
    public async Task<IDisposable> AcquireAsync(string realmId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var realm = _realms.GetOrAdd(realmId, _ => new Realm(settings.MaxConcurrentRequests));
        await realm.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (realm)
                {
                    var now = time.GetUtcNow();
                    while (realm.LastMinute.Count > 0 && realm.LastMinute.Peek() <= now - TimeSpan.FromMinutes(1))
                    {
                        realm.LastMinute.Dequeue();
                    }

                    wait = Wait(realm, now, settings);
                    if (wait <= TimeSpan.Zero)
                    {
                        realm.LastMinute.Enqueue(now);
                        return new Lease(realm.Slots);
                    }
                }

                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            realm.Slots.Release();
            throw;
        }
    }

    /// <summary>After a 429: nothing more goes to the realm until the wait is over.</summary>
    public void Pause(string realmId, TimeSpan wait)
    {
        var realm = _realms.GetOrAdd(realmId, _ => new Realm(options.Value.MaxConcurrentRequests));
        lock (realm)
        {
            var until = time.GetUtcNow() + wait;
            if (until > realm.PausedUntil)
            {
                realm.PausedUntil = until;
            }
        }
    }

    private static TimeSpan Wait(Realm realm, DateTimeOffset now, QuickBooksOptions settings)
    {
        var wait = realm.PausedUntil - now;
        if (realm.LastMinute.Count >= settings.RequestsPerMinute)
        {
            wait = Max(wait, realm.LastMinute.Peek() + TimeSpan.FromMinutes(1) - now);
        }

        var inLastSecond = realm.LastMinute.Where(t => t > now - TimeSpan.FromSeconds(1)).ToList();
        if (inLastSecond.Count >= settings.RequestsPerSecond)
        {
            wait = Max(wait, inLastSecond[0] + TimeSpan.FromSeconds(1) - now);
        }

        return wait;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
