using Microsoft.Extensions.Time.Testing;

namespace Closeout.Features.Collections.Simulation;

public enum Arm
{
    /// <summary>Closeout: the account cadence adjusted by each client's profile.</summary>
    Personalised,

    /// <summary>Jobber's two fixed follow-ups: on the due date and 7 days after, on the invoice's channel.</summary>
    JobberFixed,
}

public sealed record SimulationOptions
{
    public int Days { get; init; } = 90;

    public int Clients { get; init; } = 200;

    public int Seed { get; init; } = 7;

    /// <summary>Days of history before the window, reminded with Jobber's follow-ups in both arms, so profiles have something to learn from.</summary>
    public int HistoryDays { get; init; } = 180;

    public DateOnly Start { get; init; } = new(2026, 3, 2);

    public BehaviourModel Model { get; init; } = new();

    public CollectionSettings Settings { get; init; } = new();

    /// <summary>Cycle habits in this order instead of drawing them (tests that want every kind of client).</summary>
    public IReadOnlyList<Habit>? Habits { get; init; }
}

public sealed record SentMessage(Arm Arm, string ClientId, string InvoiceId, ScheduledReminder Reminder, ReminderChannel Channel, DateTimeOffset At);

public sealed record Refusal(Arm Arm, string ClientId, string InvoiceId, string DeliveryKey, Verdict Verdict, string Reason, DateTimeOffset At);

public sealed record ArmResult(
    Arm Arm,
    IReadOnlyList<SentMessage> Messages,
    IReadOnlyList<Refusal> Refusals,
    int Invoices,
    decimal Invoiced,
    decimal Outstanding,
    double Dso,
    double PaidWithinTerms,
    double MeanDaysToPaid,
    IReadOnlyDictionary<string, DateTimeOffset> PaidAt,
    IReadOnlyDictionary<string, DateTimeOffset> OptedOutAt,
    IReadOnlyList<InvoiceHistory> Ledger,
    PlanAndFeeFigures PlansAndFees,
    IReadOnlyDictionary<string, AcceptedPlan> Plans)
{
    public int Count(ReminderChannel channel) => Messages.Count(m => m.Channel == channel);

    public int QuietHourDeferrals => Refusals.Count(r => r.Verdict == Verdict.Defer);

    public int OptOutRefusals => Refusals.Count(r => r.Verdict == Verdict.Refuse && r.Reason.Contains("STOP", StringComparison.Ordinal));
}

/// <summary>Payment plans offered, accepted and paid, and late fees charged and collected, over the window.</summary>
public sealed record PlanAndFeeFigures(int PlansOffered, int PlansAccepted, int InstalmentsDue, int InstalmentsPaid, int FeesCharged, decimal FeeAmount, decimal FeesCollected);

/// <summary>A plan a client accepted: the day, and its instalments as agreed (payments from that day on fill them).</summary>
public sealed record AcceptedPlan(DateOnly AcceptedOn, IReadOnlyList<Instalment> Instalments);

public sealed record SimulationResult(SimulationOptions Options, IReadOnlyList<SimClient> Clients, ArmResult Personalised, ArmResult JobberFixed);

/// <summary>
/// Runs the real planner, schedule and send guard for a seeded population on a fake clock, hour by hour, once per arm.
/// Both arms share the clients, invoices and every random draw keyed by invoice and delivery, so they differ only in policy.
/// </summary>
public static class CollectionsSimulation
{
    public static SimulationResult Run(SimulationOptions options)
    {
        var clients = Population.Clients(options.Clients, options.Seed, options.Model, options.Habits);
        var from = options.Start.AddDays(-options.HistoryDays);
        var until = options.Start.AddDays(options.Days);
        var invoices = Population.Invoices(clients, from, until, options.Seed, options.Model);
        return new SimulationResult(options, clients, RunArm(Arm.Personalised, options, clients, invoices), RunArm(Arm.JobberFixed, options, clients, invoices));
    }

    private static ArmResult RunArm(Arm arm, SimulationOptions options, IReadOnlyList<SimClient> clients, IReadOnlyList<SimInvoiceSpec> specs)
    {
        var settings = options.Settings;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.BusinessTimeZone);
        var start = ReminderSchedule.At(options.Start.AddDays(-options.HistoryDays), TimeOnly.MinValue, zone);
        var end = ReminderSchedule.At(options.Start.AddDays(options.Days), TimeOnly.MinValue, zone);
        var windowStart = ReminderSchedule.At(options.Start, TimeOnly.MinValue, zone);
        var clock = new FakeTimeProvider(start);
        var run = new ArmRun(arm, options, clients, specs, zone, windowStart);

        while (clock.GetUtcNow() < end)
        {
            run.Tick(clock.GetUtcNow());
            clock.Advance(TimeSpan.FromHours(1));
        }

        return run.Result(end);
    }

    private sealed class SimInvoice(SimInvoiceSpec spec, DateTimeOffset payAt)
    {
        public SimInvoiceSpec Spec { get; } = spec;

        public List<Payment> Payments { get; } = [];

        public List<PastReminder> Reminders { get; } = [];

        public List<(DateTimeOffset At, decimal Amount)> Due { get; } = [];

        public DateTimeOffset PayAt { get; set; } = payAt;

        public bool Active { get; set; }

        public bool PreDueShift { get; set; }

        public DateTimeOffset? PaidAt { get; set; }

        public DateTimeOffset? StoppedAt { get; set; }

        public decimal Balance => Spec.Total - Payments.Sum(p => p.Amount);

        public IReadOnlyList<ScheduledReminder> Schedule { get; set; } = [];

        public DateOnly ScheduledOn { get; set; }

        public HashSet<string> Settled { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DateTimeOffset> NotBefore { get; } = new(StringComparer.Ordinal);

        public bool PlanOffered { get; set; }

        public PaymentPlan? Plan { get; set; }

        public DateOnly AcceptedOn { get; set; }

        public decimal Fee { get; set; }
    }

    private sealed class ArmRun
    {
        private readonly Arm arm;
        private readonly SimulationOptions options;
        private readonly BehaviourModel model;
        private readonly TimeZoneInfo zone;
        private readonly DateTimeOffset windowStart;
        private readonly List<SimInvoice> invoices;
        private readonly Dictionary<string, List<SimInvoice>> byClient;
        private readonly Dictionary<string, DateTimeOffset> optedOutAt = new(StringComparer.Ordinal);
        private readonly List<SentMessage> messages = [];
        private readonly List<Refusal> refusals = [];
        private int plansOffered;
        private int plansAccepted;
        private int feesCharged;

        public ArmRun(Arm arm, SimulationOptions options, IReadOnlyList<SimClient> clients, IReadOnlyList<SimInvoiceSpec> specs, TimeZoneInfo zone, DateTimeOffset windowStart)
        {
            this.arm = arm;
            this.options = options;
            model = options.Model;
            this.zone = zone;
            this.windowStart = windowStart;
            invoices = [.. specs.Select(s => new SimInvoice(s, PayInstant(s)))];
            byClient = clients.ToDictionary(c => c.Id, c => invoices.Where(i => i.Spec.Client.Id == c.Id).ToList(), StringComparer.Ordinal);
        }

        /// <summary>When the client would pay unreminded: the habit's days late at a seeded hour of the business day.</summary>
        private DateTimeOffset PayInstant(SimInvoiceSpec spec)
        {
            var day = spec.DueOn.AddDays((int)Math.Round(spec.DaysLate));
            if (day <= spec.IssuedOn)
            {
                day = spec.IssuedOn.AddDays(1);
            }

            return ReminderSchedule.At(day, new TimeOnly(8 + (spec.Seed % 12), spec.Seed % 60), zone);
        }

        private DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

        public void Tick(DateTimeOffset now)
        {
            var today = Today(now);
            foreach (var invoice in invoices)
            {
                if (!invoice.Active)
                {
                    if (ReminderSchedule.At(invoice.Spec.IssuedOn, new TimeOnly(7, 0), zone) > now)
                    {
                        continue;
                    }

                    invoice.Active = true;
                    invoice.Due.AddRange(invoice.Spec.Client.Habit == Habit.Partial
                        ? [(invoice.PayAt, Money.Cents(invoice.Spec.Total / 2)), (invoice.PayAt.AddDays(10), invoice.Spec.Total - Money.Cents(invoice.Spec.Total / 2))]
                        : [(invoice.PayAt, invoice.Spec.Total)]);
                }

                if (invoice.Balance <= 0 || invoice.Spec.Disputed)
                {
                    continue;
                }

                TakePayments(invoice, now);
                if (invoice.Balance <= 0)
                {
                    continue;
                }

                if (invoice.ScheduledOn != today || invoice.Schedule.Count == 0)
                {
                    if (arm == Arm.Personalised && today >= Today(windowStart))
                    {
                        OfferPlan(invoice, today);
                        AssessFee(invoice, today);
                    }

                    invoice.Schedule = Plan(invoice, today);
                    invoice.ScheduledOn = today;
                }

                Remind(invoice, now);
            }
        }

        private void TakePayments(SimInvoice invoice, DateTimeOffset now)
        {
            for (var i = 0; i < invoice.Due.Count; i++)
            {
                var (at, amount) = invoice.Due[i];
                if (at > now || amount <= 0)
                {
                    continue;
                }

                invoice.Payments.Add(new Payment(Today(at), amount));
                invoice.Due[i] = (at, 0);
                if (invoice.Plan is { } plan)
                {
                    invoice.Plan = plan.Apply(amount).Plan;
                }

                if (invoice.Balance <= 0)
                {
                    invoice.PaidAt = at;
                }
            }
        }

        private IReadOnlyList<ScheduledReminder> Plan(SimInvoice invoice, DateOnly today)
        {
            var client = invoice.Spec.Client;
            var open = new OpenInvoice(invoice.Spec.Id, client.Id, invoice.Spec.IssuedOn, invoice.Spec.DueOn, invoice.Balance, invoice.Plan);
            var reach = new Reachability(client.Email, client.Sms && !optedOutAt.ContainsKey(client.Id));
            if (arm == Arm.JobberFixed || today < Today(windowStart))
            {
                // Jobber: one account-wide schedule on the invoice's channel, no profile; it has no call tasks.
                var jobber = options.Settings with { Cadence = CadencePolicy.JobberFixed(client.InvoiceChannel), LargeBalance = decimal.MaxValue };
                var neutral = new PaymentProfile(PayerKind.Typical, true, 0, 0, 0, 0, null, 0, [], 0, 0);
                return ReminderSchedule.For(open, neutral, jobber, new Reachability(client.InvoiceChannel == ReminderChannel.Email, client.InvoiceChannel == ReminderChannel.Sms));
            }

            return ReminderSchedule.For(open, ProfileOf(client.Id, today), options.Settings, reach);
        }

        /// <summary>
        /// The office offers the plan the product suggests once the invoice is a week overdue. A client who was not about
        /// to pay anyway may accept; their payments then follow the instalments instead of their habit.
        /// </summary>
        private void OfferPlan(SimInvoice invoice, DateOnly today)
        {
            if (invoice.PlanOffered || invoice.Plan is not null || today.DayNumber - invoice.Spec.DueOn.DayNumber < model.PlanOfferDaysOverdue)
            {
                return;
            }

            var suggestion = PlanSuggester.Suggest(invoice.Balance, ProfileOf(invoice.Spec.Client.Id, today), options.Settings.Plans, today.AddDays(7));
            if (suggestion is null)
            {
                return;
            }

            invoice.PlanOffered = true;
            plansOffered++;
            var random = new Random(unchecked(invoice.Spec.Seed ^ StableHash("plan")));
            var ownDate = invoice.Due.Where(d => d.Amount > 0).Select(d => d.At).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (random.NextDouble() >= model.PlanAcceptance || ownDate <= ReminderSchedule.At(today.AddDays(7), TimeOnly.MinValue, zone))
            {
                return;
            }

            plansAccepted++;
            invoice.Plan = new PaymentPlan(invoice.Spec.Id, suggestion.Instalments);
            invoice.AcceptedOn = today;
            invoice.Due.RemoveAll(d => d.Amount > 0);
            foreach (var instalment in suggestion.Instalments)
            {
                var late = random.NextDouble() < model.InstalmentOnTime ? 0 : random.Next(1, 15);
                invoice.Due.Add((ReminderSchedule.At(instalment.DueOn.AddDays(late), new TimeOnly(8 + (invoice.Spec.Seed % 12), invoice.Spec.Seed % 60), zone), instalment.Amount));
            }
        }

        /// <summary>The account's late-fee rule, once a day: at most one fee per invoice, none on a plan in good standing.</summary>
        private void AssessFee(SimInvoice invoice, DateOnly today)
        {
            var settings = options.Settings;
            if (invoice.Fee > 0 || !settings.LateFees.Enabled)
            {
                return;
            }

            var decision = LateFees.Assess(settings.LateFees, new FeeSubject(invoice.Spec.DueOn, invoice.Balance, invoice.Spec.Disputed, invoice.Plan, false), today, settings.Plans.GraceDays);
            if (decision.Charge)
            {
                invoice.Fee = decision.Amount;
                feesCharged++;
            }
        }

        /// <summary>The client's profile from what was known before today: payments and reminders dated earlier.</summary>
        public PaymentProfile ProfileOf(string clientId, DateOnly today) =>
            PaymentProfiler.Build(History(byClient[clientId], today), today, options.Settings);

        public static List<InvoiceHistory> History(IEnumerable<SimInvoice> invoices, DateOnly before) =>
        [
            .. invoices.Where(i => i.Active && i.Spec.IssuedOn < before).Select(i => new InvoiceHistory(i.Spec.Id, i.Spec.Total, i.Spec.IssuedOn, i.Spec.DueOn,
                [.. i.Payments.Where(p => p.On < before)], [.. i.Reminders.Where(r => r.On < before)])),
        ];

        private void Remind(SimInvoice invoice, DateTimeOffset now)
        {
            var settledReminders = invoice.Schedule.Where(s => ReminderSchedule.Deliveries(s.Reminder.Channel).All(c => invoice.Settled.Contains(ReminderSchedule.DeliveryKey(s.Reminder.Id, c)))).Select(s => s.Reminder.Id).ToHashSet(StringComparer.Ordinal);
            var due = ReminderSchedule.Due(invoice.Schedule, settledReminders, now);
            foreach (var old in due.Superseded)
            {
                foreach (var channel in ReminderSchedule.Deliveries(old.Reminder.Channel))
                {
                    invoice.Settled.Add(ReminderSchedule.DeliveryKey(old.Reminder.Id, channel));
                }
            }

            var client = invoice.Spec.Client;
            foreach (var scheduled in due.Now)
            {
                foreach (var channel in ReminderSchedule.Deliveries(scheduled.Reminder.Channel))
                {
                    var key = ReminderSchedule.DeliveryKey(scheduled.Reminder.Id, channel);
                    if (invoice.Settled.Contains(key) || (invoice.NotBefore.TryGetValue(key, out var notBefore) && notBefore > now))
                    {
                        continue;
                    }

                    // Re-checked at the moment of the send: a payment due this very hour lands first.
                    TakePayments(invoice, now);
                    var consent = new Consent(client.Email, false, client.Sms, client.Sms, optedOutAt.ContainsKey(client.Id));
                    var decision = SendGuard.Check(channel, new SendContext(now, invoice.Balance <= 0, invoice.Spec.Disputed, false, false, consent, client.Zone));
                    switch (decision.Verdict)
                    {
                        case Verdict.Send:
                            invoice.Settled.Add(key);
                            Deliver(invoice, scheduled, channel, key, now);
                            break;
                        case Verdict.Defer:
                            if (!invoice.NotBefore.ContainsKey(key))
                            {
                                refusals.Add(new Refusal(arm, client.Id, invoice.Spec.Id, key, decision.Verdict, decision.Reason, now));
                            }

                            invoice.NotBefore[key] = decision.RetryAt!.Value;
                            break;
                        case Verdict.Refuse:
                            invoice.Settled.Add(key);
                            refusals.Add(new Refusal(arm, client.Id, invoice.Spec.Id, key, decision.Verdict, decision.Reason, now));
                            break;
                        default:
                            invoice.StoppedAt ??= now;
                            return;
                    }
                }
            }
        }

        private void Deliver(SimInvoice invoice, ScheduledReminder scheduled, ReminderChannel channel, string key, DateTimeOffset now)
        {
            var client = invoice.Spec.Client;
            messages.Add(new SentMessage(arm, client.Id, invoice.Spec.Id, scheduled, channel, now));
            invoice.Reminders.Add(new PastReminder(Today(now), channel));

            // Draws keyed by invoice and delivery: both arms roll the same dice for the same message.
            var random = new Random(unchecked(invoice.Spec.Seed ^ StableHash(key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..])));
            var read = channel switch
            {
                ReminderChannel.Email => random.NextDouble() < model.EmailRead,
                ReminderChannel.Sms => random.NextDouble() < model.SmsRead,
                _ => random.NextDouble() < model.CallReached,
            };
            var responds = random.NextDouble() < model.ResponseToReadReminder;
            var delay = TimeSpan.FromHours(1 + random.Next(0, 48));
            if (channel == ReminderChannel.Sms && random.NextDouble() < model.StopPerText)
            {
                optedOutAt.TryAdd(client.Id, now.AddMinutes(5));
            }

            if (!read)
            {
                return;
            }

            var shift = TimeSpan.Zero;
            if (scheduled.Reminder.On < invoice.Spec.DueOn && !invoice.PreDueShift)
            {
                invoice.PreDueShift = true;
                shift = TimeSpan.FromDays(model.PreDueDaysEarlier);
            }

            for (var i = 0; i < invoice.Due.Count; i++)
            {
                var (at, amount) = invoice.Due[i];
                if (amount <= 0)
                {
                    continue;
                }

                var moved = at - shift;
                if (responds && i == invoice.Due.FindIndex(d => d.Amount > 0))
                {
                    moved = Min(moved, now + delay);
                }

                invoice.Due[i] = (Max(moved, now.AddHours(1)), amount);
            }
        }

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

        private static int StableHash(string text)
        {
            unchecked
            {
                var hash = (int)2166136261;
                foreach (var c in text)
                {
                    hash = (hash ^ c) * 16777619;
                }

                return hash;
            }
        }

        public ArmResult Result(DateTimeOffset end)
        {
            var window = invoices.Where(i => ReminderSchedule.At(i.Spec.IssuedOn, TimeOnly.MinValue, zone) >= windowStart && i.Active).ToList();
            var invoiced = window.Sum(i => i.Spec.Total);
            var outstanding = window.Sum(i => i.Balance);
            var days = (end - windowStart).TotalDays;
            var dueInWindow = window.Where(i => i.Spec.DueOn < Today(end)).ToList();
            var withinTerms = dueInWindow.Count(i => i.PaidAt is { } paid && Today(paid) <= i.Spec.DueOn);
            var paid = window.Where(i => i.PaidAt is not null).ToList();
            return new ArmResult(
                arm,
                [.. messages.Where(m => m.At >= windowStart)],
                [.. refusals.Where(r => r.At >= windowStart)],
                window.Count,
                invoiced,
                outstanding,
                invoiced == 0 ? 0 : (double)(outstanding / invoiced) * days,
                dueInWindow.Count == 0 ? 0 : (double)withinTerms / dueInWindow.Count,
                paid.Count == 0 ? 0 : paid.Average(i => (Today(i.PaidAt!.Value).DayNumber - i.Spec.IssuedOn.DayNumber)),
                invoices.Where(i => i.PaidAt is not null).ToDictionary(i => i.Spec.Id, i => i.PaidAt!.Value, StringComparer.Ordinal),
                optedOutAt,
                History(invoices, Today(end).AddDays(1)),
                PlansAndFees(end),
                invoices.Where(i => i.Plan is not null).ToDictionary(i => i.Spec.Id, i => new AcceptedPlan(i.AcceptedOn, [.. i.Plan!.Instalments.Select(x => x with { Paid = 0 })]), StringComparer.Ordinal));
        }

        /// <summary>Instalments count when due before the end; a fee is collected with the payment that settles its invoice (ASSUMPTION).</summary>
        private PlanAndFeeFigures PlansAndFees(DateTimeOffset end)
        {
            var onPlans = invoices.Where(i => i.Plan is not null).ToList();
            var due = onPlans.SelectMany(i => i.Plan!.Instalments).Where(x => x.DueOn < Today(end)).ToList();
            var charged = invoices.Where(i => i.Fee > 0).ToList();
            return new PlanAndFeeFigures(
                plansOffered,
                plansAccepted,
                due.Count,
                onPlans.Sum(i => i.Plan!.Instalments.Count(x => x.Remaining <= 0)),
                feesCharged,
                charged.Sum(i => i.Fee),
                charged.Where(i => i.PaidAt is not null).Sum(i => i.Fee));
        }
    }
}
