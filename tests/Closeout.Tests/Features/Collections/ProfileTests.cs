using Closeout.Features.Collections;

namespace Closeout.Tests.Features.Collections;

public sealed class ProfileTests
{
    private static readonly DateOnly Today = new(2026, 11, 2);
    private static readonly CollectionSettings Settings = new();

    /// <summary>An invoice due on <paramref name="due"/> paid in full <paramref name="late"/> days after it (negative = early).</summary>
    private static InvoiceHistory Paid(string id, DateOnly due, int late, decimal total = 100m, params PastReminder[] reminders) =>
        new(id, total, due.AddDays(-14), due, [new Payment(due.AddDays(late), total)], reminders);

    public static TheoryData<string, int[], PayerKind, double, double> Kinds => new()
    {
        // name, days late per invoice, kind, median, spread (IQR)
        { "always on time", [0, -2, 0, -1, 0], PayerKind.Reliable, 0, 0 },
        { "one slip in ten", [0, 0, 0, 0, 0, 0, 0, 0, 0, 3], PayerKind.Reliable, 0, 0 },
        { "a few days late", [0, 3, 5, 0, 4], PayerKind.Typical, 3, 4 },
        { "two weeks late", [12, 15, 9, 14, 20], PayerKind.ChronicLate, 14, 3 },
        { "never on time though not by much", [2, 3, 1, 4, 2], PayerKind.ChronicLate, 2, 1 },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Kind_median_and_spread_come_from_days_late(string name, int[] lateness, PayerKind kind, double median, double spread)
    {
        var due = new DateOnly(2026, 1, 9);
        var history = lateness.Select((late, i) => Paid($"{name}-{i}", due.AddDays(21 * i), late)).ToList();

        var profile = PaymentProfiler.Build(history, Today, Settings);

        Assert.Equal(kind, profile.Kind);
        Assert.Equal(median, profile.MedianDaysLate);
        Assert.Equal(spread, profile.DaysLateSpread);
        Assert.False(profile.FromDefaults);
    }

    [Fact]
    public void A_new_client_starts_from_the_account_defaults()
    {
        var profile = PaymentProfiler.Build([Paid("a", new DateOnly(2026, 10, 1), 30)], Today, Settings with { NewClientKind = PayerKind.ChronicLate });

        Assert.True(profile.FromDefaults);
        Assert.Equal(PayerKind.ChronicLate, profile.Kind);
        Assert.StartsWith("only 1 invoice(s) so far", profile.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_overdue_invoices_count_as_late_and_make_the_balance()
    {
        List<InvoiceHistory> history =
        [
            Paid("a", new DateOnly(2026, 8, 1), 0),
            Paid("b", new DateOnly(2026, 9, 1), 0),
            new("c", 250m, new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 3), [new Payment(new DateOnly(2026, 10, 20), 100m)], []),
            new("d", 400m, new DateOnly(2026, 10, 20), new DateOnly(2026, 11, 10), [], []),
        ];

        var profile = PaymentProfiler.Build(history, Today, Settings);

        Assert.Equal(550m, profile.Balance);
        Assert.Equal(30, profile.OldestOverdueDays);
        Assert.Equal(3, profile.InvoicesSeen);
        Assert.Equal(1.0 / 3, profile.PartialPaymentRate, 6);
        Assert.Contains("owes $550.00, oldest 30 days overdue", profile.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describes_lateness_weekday_and_the_channel_the_client_answers()
    {
        // Due on Mondays, paid 11-12 days later on Fridays; texts were answered within three days, emails were not.
        var history = Enumerable.Range(0, 5).Select(i =>
        {
            var due = new DateOnly(2026, 6, 1).AddDays(14 * i);
            var paidOn = due.AddDays(11);
            PastReminder[] reminders = [new(due, ReminderChannel.Email), new(paidOn.AddDays(-2), ReminderChannel.Sms)];
            return new InvoiceHistory($"i{i}", 80m, due.AddDays(-14), due, [new Payment(paidOn, 80m)], reminders);
        }).ToList();

        var profile = PaymentProfiler.Build(history, Today, Settings);

        Assert.Equal(DayOfWeek.Friday, profile.TypicalWeekday);
        Assert.Equal(ReminderChannel.Sms, profile.PreferredChannel);
        Assert.Equal(PayerKind.ChronicLate, profile.Kind);
        Assert.Equal("pays 11 days late on average (median; spread 0 days); 0% on time; usually on Fridays; answers texts, not emails", profile.Describe());
    }

    [Fact]
    public void No_preferred_channel_until_both_were_tried_enough()
    {
        var due = new DateOnly(2026, 6, 1);
        List<InvoiceHistory> history =
        [
            Paid("a", due, 5, 100m, new PastReminder(due.AddDays(4), ReminderChannel.Sms)),
            Paid("b", due.AddDays(30), 5, 100m, new PastReminder(due.AddDays(30), ReminderChannel.Email)),
            Paid("c", due.AddDays(60), 5, 100m),
        ];

        var profile = PaymentProfiler.Build(history, Today, Settings);

        Assert.Null(profile.PreferredChannel);
        Assert.Equal([new ChannelResponse(ReminderChannel.Email, 1, 0), new ChannelResponse(ReminderChannel.Sms, 1, 1)], profile.Responses);
    }
}
