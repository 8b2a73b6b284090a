namespace Closeout.Features.Collections.Simulation;

public enum Habit
{
    Prompt,
    Typical,
    Chronic,
    Partial,
}

/// <summary>
/// The behaviour model. Every number is either from getting-paid.md (key in the comment) or marked ASSUMPTION; ADR 0009 lists them.
/// </summary>
public sealed record BehaviourModel
{
    /// <summary>Chance a read reminder gets the invoice paid within two days: 29% with name and amount vs 5% with no text (E1). Both arms' templates carry name and amount.</summary>
    public double ResponseToReadReminder { get; init; } = 0.29 - 0.05;

    /// <summary>Email open rate, Mailchimp measured benchmark (E8).</summary>
    public double EmailRead { get; init; } = 0.23;

    /// <summary>ASSUMPTION: SMS read rate; the often-quoted 98% is unverified (E7), so a lower figure.</summary>
    public double SmsRead { get; init; } = 0.90;

    /// <summary>ASSUMPTION: a call task reaches the client this often (no figure found; E5 says inviting contact helps).</summary>
    public double CallReached { get; init; } = 0.5;

    /// <summary>A reminder before the due date cuts lateness by about two days (E2).</summary>
    public int PreDueDaysEarlier { get; init; } = 2;

    /// <summary>ASSUMPTION: chance a client answers a reminder text with STOP.</summary>
    public double StopPerText { get; init; } = 0.02;

    /// <summary>ASSUMPTION: share of clients who gave SMS consent and a mobile number.</summary>
    public double SmsConsent { get; init; } = 0.7;

    /// <summary>ASSUMPTION: the office offers the suggested plan (<see cref="PlanSuggester"/>) once an invoice is this many days overdue.</summary>
    public int PlanOfferDaysOverdue { get; init; } = 7;

    /// <summary>
    /// ASSUMPTION: share of offered plans a client accepts, when they were not about to pay anyway (their own pay date is
    /// more than a week away). E5 found that inviting contact raised the number of agreed plans, with no rate to borrow.
    /// </summary>
    public double PlanAcceptance { get; init; } = 0.3;

    /// <summary>ASSUMPTION: chance a client on a plan pays an instalment on its date; otherwise 1-14 days late.</summary>
    public double InstalmentOnTime { get; init; } = 0.8;

    /// <summary>ASSUMPTION: share of invoices disputed (never paid in the window, no reminders).</summary>
    public double Disputed { get; init; } = 0.02;

    /// <summary>
    /// ASSUMPTION, calibrated so the population without reminders pays about 9 days past due on average, the figure
    /// Jobber/Fundbox report for field-service firms (J7): share and mean/sd of days late per habit.
    /// </summary>
    public IReadOnlyList<(Habit Habit, double Share, double Mean, double Sd)> Habits { get; init; } =
    [
        (Habit.Prompt, 0.30, -2, 2),
        (Habit.Typical, 0.35, 5, 3),
        (Habit.Chronic, 0.25, 22, 7),
        (Habit.Partial, 0.10, 10, 5),
    ];

    /// <summary>ASSUMPTION: clients' time zones (business in New York): 60/15/10/10/5.</summary>
    public IReadOnlyList<(string Zone, double Share)> Zones { get; init; } =
    [
        ("America/New_York", 0.60),
        ("America/Chicago", 0.15),
        ("America/Denver", 0.10),
        ("America/Los_Angeles", 0.10),
        ("Pacific/Honolulu", 0.05),
    ];
}

public sealed record SimClient(string Id, int Index, Habit Habit, TimeZoneInfo Zone, bool Email, bool Sms, ReminderChannel InvoiceChannel, int IntervalDays);

public sealed record SimInvoiceSpec(string Id, SimClient Client, int Number, DateOnly IssuedOn, DateOnly DueOn, decimal Total, double DaysLate, bool Disputed, int Seed);

/// <summary>A seeded population: the same seed gives the same clients and invoices, and both arms see the same ones.</summary>
public static class Population
{
    public static IReadOnlyList<SimClient> Clients(int count, int seed, BehaviourModel model, IReadOnlyList<Habit>? habits = null)
    {
        var clients = new List<SimClient>(count);
        for (var i = 0; i < count; i++)
        {
            var random = new Random(unchecked((seed * 7919) + i));
            var habit = habits is { Count: > 0 } ? habits[i % habits.Count] : Pick(random, model.Habits.Select(h => (h.Habit, h.Share)));
            var zone = TimeZoneInfo.FindSystemTimeZoneById(Pick(random, model.Zones));
            var sms = random.NextDouble() < model.SmsConsent;
            var email = !sms || random.NextDouble() < 0.95;
            var invoiceChannel = sms && (!email || random.NextDouble() < 0.3) ? ReminderChannel.Sms : ReminderChannel.Email;
            clients.Add(new SimClient($"c{i + 1:000}", i, habit, zone, email, sms, invoiceChannel, random.Next(14, 46)));
        }

        return clients;
    }

    /// <summary>Invoices from <paramref name="from"/> until <paramref name="until"/>, each with its own seed and an unreminded lateness drawn from the client's habit.</summary>
    public static IReadOnlyList<SimInvoiceSpec> Invoices(IReadOnlyList<SimClient> clients, DateOnly from, DateOnly until, int seed, BehaviourModel model)
    {
        var invoices = new List<SimInvoiceSpec>();
        foreach (var client in clients)
        {
            var random = new Random(unchecked((seed * 104729) + client.Index));
            var habit = model.Habits.First(h => h.Habit == client.Habit);
            var day = from.AddDays(random.Next(0, client.IntervalDays));
            var number = 0;
            while (day < until)
            {
                number++;
                var large = random.NextDouble() < 0.08;
                var total = large ? Money.Cents(2000m + (decimal)(random.NextDouble() * 4000)) : Money.Cents((decimal)Math.Exp(Normal(random, Math.Log(350), 0.6)));
                var terms = random.NextDouble() < 0.6 ? 14 : 30;
                var late = Normal(random, habit.Mean, habit.Sd);
                invoices.Add(new SimInvoiceSpec($"{client.Id}-{number:00}", client, number, day, day.AddDays(terms), Math.Max(25m, total), late, random.NextDouble() < model.Disputed, random.Next()));
                day = day.AddDays(client.IntervalDays + random.Next(-5, 6));
            }
        }

        return invoices;
    }

    public static double Normal(Random random, double mean, double sd)
    {
        // Box-Muller
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private static T Pick<T>(Random random, IEnumerable<(T Value, double Share)> shares)
    {
        var roll = random.NextDouble();
        var list = shares.ToList();
        foreach (var (value, share) in list)
        {
            roll -= share;
            if (roll < 0)
            {
                return value;
            }
        }

        return list[^1].Value;
    }
}
