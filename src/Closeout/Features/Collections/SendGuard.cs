namespace Closeout.Features.Collections;

/// <summary>What is known about a client's channels at the moment of a send.</summary>
public sealed record Consent(bool EmailAddress, bool EmailOptedOut, bool PhoneNumber, bool SmsConsented, bool SmsOptedOut)
{
    public static Consent Everything { get; } = new(true, false, true, true, false);
}

/// <summary>Everything the guard re-reads right before one delivery (one channel of one reminder).</summary>
public sealed record SendContext(
    DateTimeOffset Now,
    bool Paid,
    bool Disputed,
    bool ClientPaused,
    bool InvoicePaused,
    Consent Consent,
    TimeZoneInfo ClientZone);

public enum Verdict
{
    /// <summary>Send now.</summary>
    Send,

    /// <summary>Not now; ask again at <see cref="GuardDecision.RetryAt"/> (quiet hours).</summary>
    Defer,

    /// <summary>Never on this channel (no consent, opted out); other channels of the reminder may still go.</summary>
    Refuse,

    /// <summary>Nothing more for this invoice (paid, disputed) or not while paused.</summary>
    Stop,
}

public sealed record GuardDecision(Verdict Verdict, string Reason, DateTimeOffset? RetryAt = null)
{
    public static GuardDecision Go { get; } = new(Verdict.Send, "all checks passed");
}

/// <summary>"Never wrong to send": the checks every delivery passes at the moment it would go out.</summary>
public static class SendGuard
{
    public static readonly TimeOnly QuietEnds = new(8, 0);
    public static readonly TimeOnly QuietStarts = new(21, 0);

    /// <param name="channel">A concrete channel: <see cref="ReminderChannel.Email"/>, <see cref="ReminderChannel.Sms"/> or <see cref="ReminderChannel.Call"/>.</param>
    /// <param name="context">What is true right now: payment, dispute, pauses, consent, the client's zone.</param>
    public static GuardDecision Check(ReminderChannel channel, SendContext context)
    {
        if (channel == ReminderChannel.Both)
        {
            throw new ArgumentException("Check each channel of a Both reminder on its own.", nameof(channel));
        }

        if (context.Paid)
        {
            return new(Verdict.Stop, "invoice is paid");
        }

        if (context.Disputed)
        {
            return new(Verdict.Stop, "invoice is disputed");
        }

        if (context.ClientPaused)
        {
            return new(Verdict.Stop, "client is paused");
        }

        if (context.InvoicePaused)
        {
            return new(Verdict.Stop, "invoice is paused");
        }

        var consent = context.Consent;
        switch (channel)
        {
            case ReminderChannel.Email when !consent.EmailAddress:
                return new(Verdict.Refuse, "no email address");
            case ReminderChannel.Email when consent.EmailOptedOut:
                return new(Verdict.Refuse, "client opted out of email");
            case ReminderChannel.Sms when !consent.PhoneNumber:
                return new(Verdict.Refuse, "no mobile number");
            case ReminderChannel.Sms when consent.SmsOptedOut:
                return new(Verdict.Refuse, "client opted out of texts (STOP)");
            case ReminderChannel.Sms when !consent.SmsConsented:
                return new(Verdict.Refuse, "no consent to text");
            case ReminderChannel.Sms when QuietHours.NextAllowed(context.Now, context.ClientZone) is { } next:
                return new(Verdict.Defer, "quiet hours in the client's time zone", next);
            default:
                return GuardDecision.Go;
        }
    }
}

/// <summary>SMS only from 08:00 to 21:00 at the recipient's local time (getting-paid.md §3, applied to every reminder).</summary>
public static class QuietHours
{
    /// <summary>Null when <paramref name="now"/> is inside the window; else the next 08:00 local, DST-correct, as an instant.</summary>
    public static DateTimeOffset? NextAllowed(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        if (time >= SendGuard.QuietEnds && time < SendGuard.QuietStarts)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(local.DateTime);
        if (time >= SendGuard.QuietStarts)
        {
            day = day.AddDays(1);
        }

        return ReminderSchedule.At(day, SendGuard.QuietEnds, zone);
    }
}
