namespace Closeout.Features.Collections;

/// <summary>An unpaid invoice as the scheduler sees it; <paramref name="ViewedOn"/> is the business-local day the client last opened it in the client hub.</summary>
public sealed record OpenInvoice(string InvoiceId, string ClientId, DateOnly IssuedOn, DateOnly DueOn, decimal Balance, PaymentPlan? Plan = null, DateOnly? ViewedOn = null)
{
    /// <summary>What reminders chase: the current instalment of an accepted plan, else the balance by the due date.</summary>
    public ReminderTarget Target => Plan?.Current is { } current
        ? new ReminderTarget(InvoiceId, IssuedOn, current.DueOn, current.Remaining, current.Number, ViewedOn)
        : new ReminderTarget(InvoiceId, IssuedOn, DueOn, Balance, null, ViewedOn);
}

/// <summary>A planned reminder placed at an instant: its day at the account's send time in the business's zone (and where it stood before a view held it).</summary>
public sealed record ScheduledReminder(PlannedReminder Reminder, DateTimeOffset At, DateTimeOffset? HeldFromAt = null);

/// <summary>The reminders of one pass: those to attempt now and earlier ones a later due step makes pointless.</summary>
public sealed record DueReminders(IReadOnlyList<ScheduledReminder> Now, IReadOnlyList<ScheduledReminder> Superseded);

/// <summary>Turns a plan into instants and picks what is due; the same code runs in the worker and in the simulation.</summary>
public static class ReminderSchedule
{
    public static IReadOnlyList<ScheduledReminder> For(OpenInvoice invoice, PaymentProfile profile, CollectionSettings settings, Reachability reach)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.BusinessTimeZone);
        return [.. CadencePlanner.Plan(invoice.Target, profile, settings, reach)
            .Select(r => new ScheduledReminder(r, At(r.On, settings.SendAt, zone), r.HeldFrom is { } from ? At(from, settings.SendAt, zone) : null))];
    }

    /// <summary>
    /// Due and not yet settled (sent, refused, superseded). When a pass finds several messages due (the worker was down, or the
    /// invoice arrived late), only the latest goes: a client gets one current reminder, not a backlog. Call tasks are kept apart.
    /// </summary>
    public static DueReminders Due(IReadOnlyList<ScheduledReminder> schedule, IReadOnlySet<string> settled, DateTimeOffset now)
    {
        var due = schedule.Where(s => s.At <= now && !settled.Contains(s.Reminder.Id)).ToList();
        var messages = due.Where(s => s.Reminder.Channel != ReminderChannel.Call).OrderBy(s => s.At).ToList();
        var calls = due.Where(s => s.Reminder.Channel == ReminderChannel.Call).ToList();
        var latestDay = messages.Count == 0 ? (DateOnly?)null : messages[^1].Reminder.On;

        // A message held by a client-hub view whose own time has come is the current one: earlier steps do not go in its place.
        var heldDay = schedule.Where(s => s.HeldFromAt <= now && s.At > now && s.Reminder.Channel != ReminderChannel.Call && !settled.Contains(s.Reminder.Id))
            .Select(s => s.Reminder.HeldFrom).Max();
        if (heldDay is { } held && (latestDay is null || latestDay < held))
        {
            return new DueReminders(calls, messages);
        }

        var go = messages.Where(s => s.Reminder.On == latestDay).Concat(calls).ToList();
        return new DueReminders(go, [.. messages.Where(s => s.Reminder.On != latestDay)]);
    }

    /// <summary>The channels a reminder is delivered on, each guarded and keyed on its own.</summary>
    public static IReadOnlyList<ReminderChannel> Deliveries(ReminderChannel channel) =>
        channel == ReminderChannel.Both ? [ReminderChannel.Email, ReminderChannel.Sms] : [channel];

    /// <summary>Idempotency key of one delivery: the reminder id and the channel.</summary>
    public static string DeliveryKey(string reminderId, ReminderChannel channel) => $"{reminderId}#{channel.ToString().ToLowerInvariant()}";

    public static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offsets = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local) : [zone.GetUtcOffset(local)];
        return new DateTimeOffset(local, offsets.Max());
    }
}
