using System.Globalization;

namespace Closeout.Features.Collections;

public enum PayerKind
{
    Reliable,
    Typical,
    ChronicLate,
}

public sealed record Payment(DateOnly On, decimal Amount);

/// <summary>A reminder sent in the past, to learn which channel the client answers.</summary>
public sealed record PastReminder(DateOnly On, ReminderChannel Channel);

/// <summary>One invoice of a client's history, in the business's local dates.</summary>
public sealed record InvoiceHistory(string InvoiceId, decimal Total, DateOnly IssuedOn, DateOnly DueOn, IReadOnlyList<Payment> Payments, IReadOnlyList<PastReminder> Reminders)
{
    public decimal Paid => Payments.Sum(p => p.Amount);

    public decimal Balance => Total - Paid;

    /// <summary>The day the last cent arrived, or null while a balance remains.</summary>
    public DateOnly? PaidInFullOn
    {
        get
        {
            var running = 0m;
            foreach (var payment in Payments.OrderBy(p => p.On))
            {
                running += payment.Amount;
                if (running >= Total)
                {
                    return payment.On;
                }
            }

            return null;
        }
    }
}

public sealed record ChannelResponse(ReminderChannel Channel, int Sent, int Answered)
{
    public double Rate => Sent == 0 ? 0 : (double)Answered / Sent;
}

/// <summary>How a client pays, learned from their invoices; <see cref="Describe"/> says it in words for the client's page.</summary>
public sealed record PaymentProfile(
    PayerKind Kind,
    bool FromDefaults,
    int InvoicesSeen,
    double OnTimeRate,
    double MedianDaysLate,
    double DaysLateSpread,
    DayOfWeek? TypicalWeekday,
    double PartialPaymentRate,
    IReadOnlyList<ChannelResponse> Responses,
    decimal Balance,
    int OldestOverdueDays)
{
    /// <summary>The channel whose reminders were answered clearly more often, when each has been tried enough to tell.</summary>
    public ReminderChannel? PreferredChannel
    {
        get
        {
            var email = Responses.FirstOrDefault(r => r.Channel == ReminderChannel.Email);
            var sms = Responses.FirstOrDefault(r => r.Channel == ReminderChannel.Sms);
            if (email is not { Sent: >= PaymentProfiler.MinimumTries } || sms is not { Sent: >= PaymentProfiler.MinimumTries })
            {
                return null;
            }

            return Math.Abs(sms.Rate - email.Rate) < 0.25 ? null : sms.Rate > email.Rate ? ReminderChannel.Sms : ReminderChannel.Email;
        }
    }

    public string Describe()
    {
        var parts = new List<string>();
        if (FromDefaults)
        {
            parts.Add(InvoicesSeen == 0 ? "new client: no payment history yet, the account's defaults apply" : $"only {InvoicesSeen} invoice(s) so far: the account's defaults apply");
        }
        else if (MedianDaysLate <= 0)
        {
            parts.Add($"pays on time ({Percent(OnTimeRate)} of invoices)");
        }
        else
        {
            parts.Add($"pays {Days(MedianDaysLate)} late on average (median; spread {Days(DaysLateSpread)}); {Percent(OnTimeRate)} on time");
        }

        if (TypicalWeekday is { } day)
        {
            parts.Add($"usually on {day}s");
        }

        if (PreferredChannel is { } preferred)
        {
            parts.Add(preferred == ReminderChannel.Sms ? "answers texts, not emails" : "answers emails, not texts");
        }

        if (PartialPaymentRate > 0)
        {
            parts.Add($"pays in parts on {Percent(PartialPaymentRate)} of invoices");
        }

        if (Balance > 0)
        {
            parts.Add(OldestOverdueDays > 0 ? $"owes {Money.Format(Balance)}, oldest {Days(OldestOverdueDays)} overdue" : $"owes {Money.Format(Balance)}, none overdue");
        }

        return string.Join("; ", parts);
    }

    private static string Percent(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Days(double days) => days == 1 ? "1 day" : days.ToString("0.#", CultureInfo.InvariantCulture) + " days";
}

/// <summary>Builds a <see cref="PaymentProfile"/> from a client's invoice history as of a day.</summary>
public static class PaymentProfiler
{
    /// <summary>A channel needs this many past reminders before its answer rate counts.</summary>
    public const int MinimumTries = 2;

    /// <summary>A payment this many days after a reminder counts as its answer.</summary>
    public const int AnswerWindowDays = 3;

    /// <summary>A median this late (about the field's average of 9+ days past due, getting-paid.md J7) marks a chronic late payer.</summary>
    public const double ChronicMedianDaysLate = 10;

    public static PaymentProfile Build(IReadOnlyList<InvoiceHistory> history, DateOnly today, CollectionSettings settings)
    {
        // An invoice tells us something once it is paid or its due date has passed; open overdue ones count as late so far.
        var lateness = new List<int>();
        foreach (var invoice in history)
        {
            if (invoice.PaidInFullOn is { } paidOn)
            {
                lateness.Add(Math.Max(0, paidOn.DayNumber - invoice.DueOn.DayNumber));
            }
            else if (invoice.DueOn < today)
            {
                lateness.Add(today.DayNumber - invoice.DueOn.DayNumber);
            }
        }

        var paid = history.Where(i => i.Payments.Count > 0).ToList();
        var partial = paid.Count == 0 ? 0 : (double)paid.Count(i => i.Payments.Count > 1 || (i.PaidInFullOn is null && i.Balance > 0)) / paid.Count;
        var open = history.Where(i => i.Balance > 0).ToList();
        var balance = open.Sum(i => i.Balance);
        var oldest = open.Where(i => i.DueOn < today).Select(i => today.DayNumber - i.DueOn.DayNumber).DefaultIfEmpty(0).Max();
        var responses = Responses(history);
        var weekday = TypicalWeekday(history.SelectMany(i => i.Payments).ToList());

        if (lateness.Count < settings.MinimumHistory)
        {
            return new PaymentProfile(settings.NewClientKind, true, lateness.Count, 0, 0, 0, weekday, partial, responses, balance, oldest);
        }

        var sorted = lateness.Order().ToList();
        var median = Quantile(sorted, 0.5);
        var spread = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        var onTime = (double)sorted.Count(d => d == 0) / sorted.Count;
        var kind = onTime >= 0.9 ? PayerKind.Reliable
            : median >= ChronicMedianDaysLate || onTime < 0.25 ? PayerKind.ChronicLate
            : PayerKind.Typical;
        return new PaymentProfile(kind, false, sorted.Count, onTime, median, spread, weekday, partial, responses, balance, oldest);
    }

    private static List<ChannelResponse> Responses(IReadOnlyList<InvoiceHistory> history)
    {
        var counts = new Dictionary<ReminderChannel, (int Sent, int Answered)>();
        foreach (var invoice in history)
        {
            foreach (var reminder in invoice.Reminders)
            {
                var answered = invoice.Payments.Any(p => p.On >= reminder.On && p.On.DayNumber - reminder.On.DayNumber <= AnswerWindowDays);
                ReminderChannel[] channels = reminder.Channel == ReminderChannel.Both ? [ReminderChannel.Email, ReminderChannel.Sms] : [reminder.Channel];
                foreach (var channel in channels)
                {
                    var (sent, yes) = counts.GetValueOrDefault(channel);
                    counts[channel] = (sent + 1, yes + (answered ? 1 : 0));
                }
            }
        }

        return [.. counts.OrderBy(c => c.Key).Select(c => new ChannelResponse(c.Key, c.Value.Sent, c.Value.Answered))];
    }

    /// <summary>The weekday most payments fall on, when it holds at least 40% of at least three payments.</summary>
    private static DayOfWeek? TypicalWeekday(List<Payment> payments)
    {
        if (payments.Count < 3)
        {
            return null;
        }

        var top = payments.GroupBy(p => p.On.DayOfWeek).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First();
        return top.Count() * 10 >= payments.Count * 4 ? top.Key : null;
    }

    /// <summary>Linear interpolation between closest ranks (the common "type 7" quantile).</summary>
    private static double Quantile(List<int> sorted, double q)
    {
        var position = (sorted.Count - 1) * q;
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}

public static class Money
{
    /// <summary>Half away from zero to the cent: the one rounding rule for money.</summary>
    public static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static string Format(decimal amount) => "$" + amount.ToString("#,0.00", CultureInfo.InvariantCulture);
}
