namespace Closeout.QuickBooksSandbox.Control;

/// <summary>Switches that make the sandbox misbehave on purpose. Counts apply to the next N occurrences, then wear off.</summary>
public sealed record FaultSettings
{
    /// <summary>Added to every API request before it is answered.</summary>
    public int LatencyMilliseconds { get; init; }

    /// <summary>The next N API requests answer HTTP 500 before anything runs.</summary>
    public int ServerErrors { get; init; }

    /// <summary>The next N API requests answer 429 ThrottleExceeded.</summary>
    public int Throttles { get; init; }

    /// <summary>
    /// The next N updates, deletes or voids meet a QuickBooks user who edited the record just before: its SyncToken
    /// moves on (with its webhook), so the write fails with 5010 and a re-read gets the new token.
    /// </summary>
    public int StaleSyncTokens { get; init; }

    /// <summary>The next N webhook deliveries are never sent (recorded as dropped).</summary>
    public int DropWebhooks { get; init; }

    /// <summary>Every webhook delivery is sent twice, byte for byte.</summary>
    public bool DuplicateWebhooks { get; init; }

    /// <summary>
    /// Changes reach each endpoint in swapped pairs (the second before the first), as Intuit warns events can arrive
    /// out of order. A change waits for the next one to swap with.
    /// </summary>
    public bool OutOfOrderWebhooks { get; init; }
}

internal sealed class SandboxFaults
{
    private readonly Lock _lock = new();
    private FaultSettings _current = new();

    public FaultSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public void Set(FaultSettings settings)
    {
        lock (_lock)
        {
            _current = settings;
        }
    }

    public bool TakeServerError() => Take(f => f.ServerErrors, (f, n) => f with { ServerErrors = n });

    public bool TakeThrottle() => Take(f => f.Throttles, (f, n) => f with { Throttles = n });

    public bool TakeStaleSyncToken() => Take(f => f.StaleSyncTokens, (f, n) => f with { StaleSyncTokens = n });

    public bool TakeDropWebhook() => Take(f => f.DropWebhooks, (f, n) => f with { DropWebhooks = n });

    private bool Take(Func<FaultSettings, int> count, Func<FaultSettings, int, FaultSettings> with)
    {
        lock (_lock)
        {
            var left = count(_current);
            if (left <= 0)
            {
                return false;
            }

            _current = with(_current, left - 1);
            return true;
        }
    }
}
