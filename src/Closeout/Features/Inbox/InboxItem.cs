namespace Closeout.Features.Inbox;

/// <summary>Where a delivery stands: waiting, being worked, finished, recorded only (unknown topic), or given up on.</summary>
public static class InboxState
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Done = "done";
    public const string Ignored = "ignored";
    public const string Dead = "dead";
}

/// <summary>A webhook delivery as received: its unique key is topic + item + occurredAt (Jobber redelivers the same body).</summary>
/// <remarks><c>TraceParent</c> is the W3C traceparent of the intake's span, so the work continues the webhook's trace.</remarks>
public sealed record InboxDelivery(string DeliveryKey, string Topic, string? AccountId, string? ItemId, string? OccurredAt, string State, string? TraceParent = null);

public sealed record InboxItem(
    long Id, string Topic, string? AccountId, string? ItemId, string State, long Attempts, DateTimeOffset ReceivedAt,
    DateTimeOffset NextAttemptAt, string? ErrorKind, string? LastError, string? TraceParent = null);
