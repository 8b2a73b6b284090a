namespace Closeout.JobberSandbox.Control;

/// <summary>Switches that make the sandbox misbehave on purpose, for tests of Closeout's resilience.</summary>
public sealed record FaultSettings
{
    /// <summary>Added to every GraphQL request before it is answered.</summary>
    public int LatencyMilliseconds { get; init; }

    /// <summary>Share of GraphQL requests (0..1) answered with HTTP 500 before anything runs.</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>Every GraphQL request gets the THROTTLED error, as when the cost bucket is empty.</summary>
    public bool ForceThrottled { get; init; }

    /// <summary>Every webhook is delivered twice.</summary>
    public bool DuplicateWebhooks { get; init; }

    /// <summary>Each webhook waits a random 0..OutOfOrderMaxDelayMilliseconds before its first attempt, so they arrive out of order.</summary>
    public bool OutOfOrderWebhooks { get; init; }

    public int OutOfOrderMaxDelayMilliseconds { get; init; } = 300;
}

internal sealed class SandboxFaults
{
    private FaultSettings _current = new();

    public FaultSettings Current => Volatile.Read(ref _current);

    public void Set(FaultSettings settings) => Volatile.Write(ref _current, settings);
}
