using System.ComponentModel.DataAnnotations;

namespace Closeout.Features.Webhooks;

/// <summary>Section "Webhooks".</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Jobber's payloads are a few hundred bytes; anything far larger is refused with 413 before it is read.</summary>
    [Range(1_024, 10_485_760)]
    public int MaxBodyBytes { get; set; } = 65_536;

    /// <summary>
    /// On SQLite: acknowledge a delivery once it is appended to the intake journal beside the database, and move it to the
    /// inbox in batches (ADR 0016). Off: acknowledge after the inbox commit. PostgreSQL always commits to the inbox, so
    /// that any instance can die without taking acknowledged deliveries with it.
    /// </summary>
    public bool Journal { get; set; } = true;

    /// <summary>
    /// A copy of a Jobber delivery that arrives within this many seconds of the first, after the first was claimed, is
    /// worked again: Jobber's occurredAt has whole seconds, so two changes in one second are one key (ADR 0016). Later
    /// copies (retries, replays) do nothing. 0 turns it off.
    /// </summary>
    [Range(0, 3_600)]
    public int RedeliveryWindowSeconds { get; set; } = 60;
}
