using Closeout.Infrastructure;

namespace Closeout.Features.Collections;

/// <summary>One delivery ready to go: who, what, and the key it is sent under.</summary>
public sealed record OutgoingReminder(string AccountId, string DeliveryKey, ReminderChannel Channel, ClientContact Client, Receivable Invoice, RenderedMessage Message, ReminderFacts Facts);

/// <summary>The provider's id for what went out; a recovery may say how it knows (or that it cannot be sure).</summary>
public sealed record SentRef(string ProviderRef, string? Note = null);

/// <summary>
/// The point of no return of one send attempt, recorded on the delivery row. A channel calls <see cref="HandedOverAsync"/>
/// at the last moment before the provider may hold the message (SMTP: recipients accepted, DATA next; Twilio: the create
/// request goes) and <see cref="NotTakenAsync"/> when the provider answered that it did not take it. After a crash, a row
/// never handed over is sent again without asking anyone; one handed over is looked up at the provider (ADR 0013).
/// </summary>
public sealed class Handover(Func<bool, CancellationToken, Task> mark)
{
    public Task HandedOverAsync(CancellationToken cancellationToken) => mark(true, cancellationToken);

    public Task NotTakenAsync(CancellationToken cancellationToken) => mark(false, cancellationToken);
}

/// <summary>A way to reach a client. Sends are not assumed idempotent: recovery asks <see cref="FindSentAsync"/> before a resend.</summary>
public interface IReminderChannel
{
    ReminderChannel Channel { get; }

    /// <summary>Null when the channel is ready; else why it cannot be used (not configured).</summary>
    string? Unavailable { get; }

    Task<Result<SentRef>> SendAsync(OutgoingReminder reminder, Handover handover, CancellationToken cancellationToken);

    /// <summary>
    /// After a crash once the delivery was handed over: whether it went (its reference found at the provider). Null means
    /// the provider certainly does not have it and it may go again.
    /// </summary>
    Task<Result<SentRef?>> FindSentAsync(OutgoingReminder reminder, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>A call task for a person: recorded as the delivery itself and listed on the reminders page; nothing leaves.</summary>
internal sealed class CallTaskChannel : IReminderChannel
{
    public ReminderChannel Channel => ReminderChannel.Call;

    public string? Unavailable => null;

    public Task<Result<SentRef>> SendAsync(OutgoingReminder reminder, Handover handover, CancellationToken cancellationToken) =>
        Task.FromResult(Result.Ok(new SentRef("task:" + reminder.DeliveryKey)));

    public Task<Result<SentRef?>> FindSentAsync(OutgoingReminder reminder, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Result.Ok<SentRef?>(null));
}
