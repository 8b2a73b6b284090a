using Closeout.Features.Collections;

namespace Closeout.Tests.Features.Collections;

public sealed class GuardTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset Noon = new(2026, 11, 10, 17, 0, 0, TimeSpan.Zero);

    private static SendContext Context(bool paid = false, bool disputed = false, bool clientPaused = false, bool invoicePaused = false, Consent? consent = null, DateTimeOffset? now = null) =>
        new(now ?? Noon, paid, disputed, clientPaused, invoicePaused, consent ?? Consent.Everything, NewYork);

    public static TheoryData<string, ReminderChannel, SendContext, Verdict> Table => new()
    {
        { "all clear: email", ReminderChannel.Email, Context(), Verdict.Send },
        { "all clear: sms at noon", ReminderChannel.Sms, Context(), Verdict.Send },
        { "all clear: call task", ReminderChannel.Call, Context(), Verdict.Send },
        { "paid", ReminderChannel.Email, Context(paid: true), Verdict.Stop },
        { "paid wins over quiet hours", ReminderChannel.Sms, Context(paid: true, now: Noon.AddHours(12)), Verdict.Stop },
        { "disputed", ReminderChannel.Sms, Context(disputed: true), Verdict.Stop },
        { "client paused", ReminderChannel.Email, Context(clientPaused: true), Verdict.Stop },
        { "invoice paused", ReminderChannel.Call, Context(invoicePaused: true), Verdict.Stop },
        { "no email address", ReminderChannel.Email, Context(consent: Consent.Everything with { EmailAddress = false }), Verdict.Refuse },
        { "email opt-out", ReminderChannel.Email, Context(consent: Consent.Everything with { EmailOptedOut = true }), Verdict.Refuse },
        { "STOP", ReminderChannel.Sms, Context(consent: Consent.Everything with { SmsOptedOut = true }), Verdict.Refuse },
        { "no sms consent", ReminderChannel.Sms, Context(consent: Consent.Everything with { SmsConsented = false }), Verdict.Refuse },
        { "STOP does not stop email", ReminderChannel.Email, Context(consent: Consent.Everything with { SmsOptedOut = true }), Verdict.Send },
        { "sms at 23:00 local", ReminderChannel.Sms, Context(now: Noon.AddHours(11)), Verdict.Defer },
        { "email at 23:00 local", ReminderChannel.Email, Context(now: Noon.AddHours(11)), Verdict.Send },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_delivery_passes_the_guard(string name, ReminderChannel channel, SendContext context, Verdict expected)
    {
        var decision = SendGuard.Check(channel, context);

        Assert.True(expected == decision.Verdict, $"{name}: {decision.Verdict} ({decision.Reason})");
    }

    public static TheoryData<string, string, string?> Quiet => new()
    {
        // zone, instant (UTC), expected next allowed instant (UTC) or null when inside 08:00-21:00 local
        { "America/New_York", "2026-11-10T12:59:00Z", "2026-11-10T13:00:00Z" }, // 07:59 EST
        { "America/New_York", "2026-11-10T13:00:00Z", null }, // 08:00 EST
        { "America/New_York", "2026-11-11T01:59:00Z", null }, // 20:59 EST
        { "America/New_York", "2026-11-11T02:00:00Z", "2026-11-11T13:00:00Z" }, // 21:00 EST -> next day 08:00
        { "America/New_York", "2026-03-07T23:00:00Z", null }, // 18:00 EST the evening before DST starts
        { "America/New_York", "2026-03-08T03:00:00Z", "2026-03-08T12:00:00Z" }, // 22:00 EST; 08:00 next morning is EDT
        { "America/New_York", "2026-10-31T02:00:00Z", "2026-10-31T12:00:00Z" }, // 22:00 EDT; 08:00 still EDT
        { "America/New_York", "2026-11-01T02:00:00Z", "2026-11-01T13:00:00Z" }, // 22:00 EDT; 08:00 next morning is EST
        { "America/Los_Angeles", "2026-11-10T14:00:00Z", "2026-11-10T16:00:00Z" }, // 09:00 in New York is 06:00 here
        { "Pacific/Honolulu", "2026-07-01T17:00:00Z", "2026-07-01T18:00:00Z" }, // no DST: 07:00 HST
        { "Australia/Lord_Howe", "2026-10-04T10:00:00Z", "2026-10-04T21:00:00Z" }, // 21:00 LHST(+10:30) -> 08:00 LHDT(+11) after the half-hour change
    };

    [Theory]
    [MemberData(nameof(Quiet))]
    public void Sms_only_between_eight_and_nine_in_the_clients_zone(string zone, string now, string? expected)
    {
        var next = QuietHours.NextAllowed(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }
}
