using System.ComponentModel.DataAnnotations;

namespace Closeout.Features.Processing;

/// <summary>Section "Processing": the inbox workers and their retry schedule.</summary>
internal sealed class ProcessingOptions
{
    public const string Section = "Processing";

    /// <summary>Worker loops per instance on PostgreSQL; SQLite always runs one.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>After this many attempts an item is a dead letter (closeout inbox list --state dead).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    [Range(1, 3_600_000)]
    public int RetryBaseMilliseconds { get; set; } = 1_000;

    [Range(1, 86_400_000)]
    public int RetryMaxMilliseconds { get; set; } = 300_000;

    /// <summary>Auth and configuration failures wait longer: a person has to act.</summary>
    [Range(1, 86_400_000)]
    public int SlowRetryBaseMilliseconds { get; set; } = 30_000;

    /// <summary>How long a claimed item is held before another worker may take it over (its worker died).</summary>
    [Range(1, 3_600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>The sweep for due items when nothing wakes the worker.</summary>
    [Range(10, 600_000)]
    public int SweepMilliseconds { get; set; } = 2_000;

    /// <summary>Off for CLI verbs, which share the host's services but must not process.</summary>
    public bool Enabled { get; set; } = true;
}
