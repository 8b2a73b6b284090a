using Closeout.Infrastructure;

namespace Closeout.Features.Collections;

/// <summary>One delivery ready to go: who, what, and the key it is sent under.</summary>
public sealed record OutgoingReminder(string AccountId, string DeliveryKey, ReminderChannel Channel, ClientContact Client, Receivable Invoice, RenderedMessage Message, ReminderFacts Facts);

/// <summary>The provider's id for what went out.</summary>
public sealed record SentRef(string ProviderRef);

/// <summary>A way to reach a client. Sends are not assumed idempotent: recovery asks <see cref="FindSentAsync"/> before a resend.</summary>
public interface IReminderChannel
{
    ReminderChannel Channel { get; }

    /// <summary>Null when the channel is ready; else why it cannot be used (not configured).</summary>
    string? Unavailable { get; }

    Task<Result<SentRef>> SendAsync(OutgoingReminder reminder, CancellationToken cancellationToken);

    /// <summary>After a crash between send and record: whether this delivery already went (its reference found at the provider).</summary>
    Task<Result<SentRef?>> FindSentAsync(OutgoingReminder reminder, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>A call task for a person: recorded as the delivery itself and listed on the reminders page; nothing leaves.</summary>
internal sealed class CallTaskChannel : IReminderChannel
{
    public ReminderChannel Channel => ReminderChannel.Call;

    public string? Unavailable => null;

    public Task<Result<SentRef>> SendAsync(OutgoingReminder reminder, CancellationToken cancellationToken) =>
        Task.FromResult(Result.Ok(new SentRef("task:" + reminder.DeliveryKey)));

    public Task<Result<SentRef?>> FindSentAsync(OutgoingReminder reminder, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Result.Ok<SentRef?>(null));
}
