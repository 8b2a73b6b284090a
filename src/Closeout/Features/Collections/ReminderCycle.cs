using Microsoft.Extensions.Options;

namespace Closeout.Features.Collections;

/// <summary>What one pass did, for logs and tests; <paramref name="Resumed"/> counts invoices reopened by a payment taken back elsewhere.</summary>
public sealed record CycleReport(int Sent, int Deferred, int Refused, int Stopped, int Recovered, int Failed, int Busy = 0, int Resumed = 0);

/// <summary>
/// One pass over every open invoice: decide what is due, re-check payment at the moment of the send, record the intent,
/// send with the delivery key, record the result. A crash between any two steps leaves a row that the next pass resolves:
/// an intent without a result is looked up at the provider before anything is sent again.
/// </summary>
internal sealed partial class ReminderCycle(
    CollectionsStore store,
    AccountBook book,
    PaidCheck paid,
    PaidNoticeReader notices,
    ReminderRewriter rewriter,
    IEnumerable<IReminderChannel> channels,
    IOptions<CollectionsOptions> options,
    TimeProvider time,
    ILogger<ReminderCycle> logger)
{
    private const int MaxAttempts = 5;

    private readonly Dictionary<ReminderChannel, IReminderChannel> _channels = channels.ToDictionary(c => c.Channel);

    public async Task<CycleReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new Counter();
        // Payments other systems of record learned of since the last pass close their invoices before anything is decided.
        var applied = await notices.ApplyAsync(cancellationToken).ConfigureAwait(false);
        report.Stopped += applied.Closed;
        report.Resumed += applied.Reopened;
        foreach (var accountId in await store.AccountsWithOpenAsync(cancellationToken).ConfigureAwait(false))
        {
            using var scope = logger.BeginScope(new Dictionary<string, object?> { ["AccountId"] = accountId });
            var (plans, _, _) = await book.ReadAsync(accountId, cancellationToken).ConfigureAwait(false);
            foreach (var plan in plans)
            {
                await ClaimAndRunAsync(accountId, plan, report, cancellationToken).ConfigureAwait(false);
            }
        }

        return new CycleReport(report.Sent, report.Deferred, report.Refused, report.Stopped, report.Recovered, report.Failed, report.Busy, report.Resumed);
    }

    /// <summary>
    /// One invoice under this instance's lease: other instances skip it meanwhile, so no two decide or send its reminders at
    /// once (the unique delivery key alone would not stop a second instance from "recovering" a send still in flight). The
    /// rows are re-read under the lease, and the work is cut off before the lease ends.
    /// </summary>
    private async Task ClaimAndRunAsync(string accountId, InvoicePlan plan, Counter report, CancellationToken cancellationToken)
    {
        if (!MayHaveWork(plan, time.GetUtcNow()))
        {
            return;
        }

        var lease = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        var token = Guid.NewGuid().ToString("N");
        var claimed = await store.ClaimAsync(accountId, plan.Receivable.InvoiceId, token, lease, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            report.Busy++;
            return;
        }

        try
        {
            if (!claimed.Open)
            {
                return;
            }

            var rows = await store.DeliveriesAsync(accountId, plan.Receivable.InvoiceId, null, cancellationToken).ConfigureAwait(false);
            using var bounded = new CancellationTokenSource(lease * 0.8, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bounded.Token);
            try
            {
                await RunInvoiceAsync(accountId, plan with { Rows = rows.ToDictionary(r => r.Key, StringComparer.Ordinal) }, report, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                LogLeaseRanOut(logger, plan.Receivable.InvoiceId);
            }
        }
        finally
        {
            await store.ReleaseAsync(accountId, plan.Receivable.InvoiceId, token, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RunInvoiceAsync(string accountId, InvoicePlan plan, Counter report, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settled = plan.Schedule
            .Where(s => ReminderSchedule.Deliveries(s.Reminder.Channel).All(c => plan.Rows.TryGetValue(ReminderSchedule.DeliveryKey(s.Reminder.Id, c), out var row) && DeliveryState.Settled(row.State)))
            .Select(s => s.Reminder.Id).ToHashSet(StringComparer.Ordinal);
        var due = ReminderSchedule.Due(plan.Schedule, settled, now);
        foreach (var old in due.Superseded)
        {
            foreach (var channel in ReminderSchedule.Deliveries(old.Reminder.Channel))
            {
                await store.RecordVerdictAsync(accountId, plan.Receivable.InvoiceId, plan.Receivable.ClientId, old, channel, DeliveryState.Superseded, "a later step was due", null, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var scheduled in due.Now)
        {
            foreach (var channel in ReminderSchedule.Deliveries(scheduled.Reminder.Channel))
            {
                var key = ReminderSchedule.DeliveryKey(scheduled.Reminder.Id, channel);
                plan.Rows.TryGetValue(key, out var row);
                if (await DeliverAsync(accountId, plan, scheduled, channel, row, report, cancellationToken).ConfigureAwait(false) == Verdict.Stop)
                {
                    return;
                }
            }
        }

        // A delivery that failed at the provider goes once by the other channel when the account allows it and the
        // same reminder did not already go that way (a "both" step).
        if (options.Value.FallBackToOtherChannel)
        {
            foreach (var failed in plan.Rows.Values.Where(r => r.State == DeliveryState.Failed && !r.ReminderId.EndsWith(Fallback, StringComparison.Ordinal)))
            {
                var other = failed.Channel == ReminderChannel.Sms ? ReminderChannel.Email : failed.Channel == ReminderChannel.Email ? ReminderChannel.Sms : (ReminderChannel?)null;
                var original = plan.Schedule.FirstOrDefault(s => s.Reminder.Id == failed.ReminderId);
                var alreadyThere = other is { } o && plan.Rows.ContainsKey(ReminderSchedule.DeliveryKey(failed.ReminderId, o));
                if (other is null || original is null || alreadyThere)
                {
                    continue;
                }

                var retry = original with { Reminder = original.Reminder with { Id = original.Reminder.Id + Fallback, Channel = other.Value, Why = [.. original.Reminder.Why, $"{failed.Channel} failed ({failed.Reason}): sent by {other} instead"] } };
                plan.Rows.TryGetValue(ReminderSchedule.DeliveryKey(retry.Reminder.Id, other.Value), out var row);
                if (await DeliverAsync(accountId, plan, retry, other.Value, row, report, cancellationToken).ConfigureAwait(false) == Verdict.Stop)
                {
                    return;
                }
            }
        }
    }

    private const string Fallback = "~fallback";

    /// <summary>
    /// Whether the invoice needs a lease this pass, from the rows read at its start: a step due and not settled, or a
    /// failed delivery to fall back from. Rows only move towards settled, so "nothing" read earlier is still nothing.
    /// </summary>
    private bool MayHaveWork(InvoicePlan plan, DateTimeOffset now) =>
        plan.Schedule.Any(s => s.At <= now && ReminderSchedule.Deliveries(s.Reminder.Channel).Any(c => !plan.Rows.TryGetValue(ReminderSchedule.DeliveryKey(s.Reminder.Id, c), out var row) || !DeliveryState.Settled(row.State)))
        || (options.Value.FallBackToOtherChannel && plan.Rows.Values.Any(r => r.State == DeliveryState.Failed));

    private async Task<Verdict?> DeliverAsync(string accountId, InvoicePlan plan, ScheduledReminder scheduled, ReminderChannel channel, DeliveryRow? row, Counter report, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var receivable = plan.Receivable;
        var key = ReminderSchedule.DeliveryKey(scheduled.Reminder.Id, channel);
        if (row is not null && (DeliveryState.Settled(row.State) || (row.State == DeliveryState.Deferred && row.NotBefore > now)))
        {
            return null;
        }

        var sender = _channels[channel];
        var outgoing = await OutgoingAsync(accountId, plan, scheduled, channel, key, cancellationToken).ConfigureAwait(false);
        if (row?.State == DeliveryState.Sending)
        {
            // The intent is recorded and no result: the process died around the send. An attempt that passed its point of no
            // return is looked up at the provider before anything goes again; one that did not never reached it.
            if (row.HandedOverAt is not null)
            {
                var found = await sender.FindSentAsync(outgoing, row.CreatedAt, cancellationToken).ConfigureAwait(false);
                if (!found.IsSuccess)
                {
                    LogLookupFailed(logger, key, found.Failure!.Message);
                    return null;
                }

                if (found.Value is { } sent)
                {
                    await store.RecordResultAsync(accountId, key, DeliveryState.Sent, sent.ProviderRef, sent.Note ?? "recovered: the provider had it", cancellationToken).ConfigureAwait(false);
                    report.Recovered++;
                    return Verdict.Send;
                }
            }

            if (row.Attempts >= MaxAttempts)
            {
                await store.RecordResultAsync(accountId, key, DeliveryState.Failed, null, $"gave up after {row.Attempts} attempts", cancellationToken).ConfigureAwait(false);
                report.Failed++;
                return null;
            }
        }

        // Re-checked right before the send: a payment recorded a second ago stops it.
        var answer = await paid.CheckAsync(accountId, receivable.InvoiceId, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            LogPaidCheckFailed(logger, receivable.InvoiceId, answer.Failure!.Message);
            return null;
        }

        var client = plan.Client;
        var consent = new Consent(client.Contact.Email is not null, client.EmailOptedOutAt is not null, client.Contact.Phone is not null, client.Contact.SmsAllowed, client.SmsOptedOutAt is not null);
        var decision = SendGuard.Check(channel, new SendContext(now, answer.Value!.Paid, receivable.Disputed, client.Paused, receivable.Paused, consent, plan.ClientZone));
        if (decision.Verdict == Verdict.Send && sender.Unavailable is { } unavailable)
        {
            decision = new GuardDecision(Verdict.Refuse, unavailable);
        }

        switch (decision.Verdict)
        {
            case Verdict.Stop:
                if (row?.State == DeliveryState.Sending)
                {
                    await store.RecordResultAsync(accountId, key, DeliveryState.Cancelled, null, decision.Reason, cancellationToken).ConfigureAwait(false);
                }

                await store.CancelPendingAsync(accountId, receivable.InvoiceId, decision.Reason, cancellationToken).ConfigureAwait(false);
                report.Stopped++;
                return Verdict.Stop;
            case Verdict.Defer:
                await store.RecordVerdictAsync(accountId, receivable.InvoiceId, receivable.ClientId, scheduled, channel, DeliveryState.Deferred, decision.Reason, decision.RetryAt, cancellationToken).ConfigureAwait(false);
                report.Deferred++;
                return Verdict.Defer;
            case Verdict.Refuse:
                await store.RecordVerdictAsync(accountId, receivable.InvoiceId, receivable.ClientId, scheduled, channel, DeliveryState.Refused, decision.Reason, null, cancellationToken).ConfigureAwait(false);
                report.Refused++;
                return Verdict.Refuse;
            default:
                break;
        }

        var claimed = row?.State == DeliveryState.Sending
            ? await store.RetryIntentAsync(accountId, key, cancellationToken).ConfigureAwait(false)
            : await store.RecordIntentAsync(accountId, receivable.InvoiceId, receivable.ClientId, scheduled, channel, cancellationToken).ConfigureAwait(false);
        if (!claimed)
        {
            return null;
        }

        var handover = new Handover((handedOver, ct) => store.MarkHandedOverAsync(accountId, key, handedOver, ct));
        var result = await sender.SendAsync(outgoing, handover, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            await store.RecordResultAsync(accountId, key, DeliveryState.Sent, result.Value!.ProviderRef, null, cancellationToken).ConfigureAwait(false);
            report.Sent++;
            LogSent(logger, key, channel);
            return Verdict.Send;
        }

        // A transient failure leaves the intent: the next pass looks the delivery up and sends again if it did not go.
        if (result.Failure!.Kind == Infrastructure.FailureKind.Permanent)
        {
            await store.RecordResultAsync(accountId, key, DeliveryState.Failed, null, result.Failure.Message, cancellationToken).ConfigureAwait(false);
            report.Failed++;
        }

        LogSendFailed(logger, key, result.Failure.Message);
        return null;
    }

    private async Task<OutgoingReminder> OutgoingAsync(string accountId, InvoicePlan plan, ScheduledReminder scheduled, ReminderChannel channel, string key, CancellationToken cancellationToken)
    {
        var settings = options.Value.SettingsFor(accountId);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.BusinessTimeZone);
        var receivable = plan.Receivable;
        var contact = plan.Client.Contact;
        // Under an accepted plan the reminder chases the current instalment: its amount and its date.
        var target = plan.Open.Target;
        var today = AccountBook.Day(time.GetUtcNow(), zone);
        var facts = new ReminderFacts(
            settings.BusinessName, settings.BusinessAddress, settings.BusinessContact, contact.FirstName, contact.Name, receivable.InvoiceNumber,
            target.AmountDue, target.DueOn, settings.PayLink.Replace("{invoiceId}", Uri.EscapeDataString(receivable.InvoiceId), StringComparison.Ordinal),
            Math.Max(0, today.DayNumber - target.DueOn.DayNumber), target.Instalment, OptOutLinks.For(options.Value, accountId, contact.ClientId), ReminderMessages.ReferenceOf(key));
        var message = ReminderMessages.Render(channel, scheduled.Reminder.Tone, scheduled.Reminder.Template, facts, options.Value.TemplatesFor(accountId));
        if (channel != ReminderChannel.Call && options.Value.Rewrite is not null)
        {
            message = (await rewriter.RewriteAsync(message, channel, facts, cancellationToken).ConfigureAwait(false)).Message;
        }

        return new OutgoingReminder(accountId, key, channel, contact, receivable, ReminderMessages.Decorate(channel, message, facts), facts);
    }

    private sealed class Counter
    {
        public int Sent { get; set; }
        public int Deferred { get; set; }
        public int Refused { get; set; }
        public int Stopped { get; set; }
        public int Recovered { get; set; }
        public int Failed { get; set; }

        /// <summary>Invoices another instance held.</summary>
        public int Busy { get; set; }

        public int Resumed { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminders of invoice {InvoiceId}: the lease ran out mid-pass; an unfinished send is resolved by recovery")]
    private static partial void LogLeaseRanOut(ILogger logger, string invoiceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder {Key} sent by {Channel}")]
    private static partial void LogSent(ILogger logger, string key, ReminderChannel channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Key} not sent: {Error}")]
    private static partial void LogSendFailed(ILogger logger, string key, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Key}: could not ask the provider whether it went ({Error}); next pass")]
    private static partial void LogLookupFailed(ILogger logger, string key, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Paid check for invoice {InvoiceId} failed ({Error}); nothing sent for it this pass")]
    private static partial void LogPaidCheckFailed(ILogger logger, string invoiceId, string error);
}
