using Closeout.Features.Collections;
using Closeout.Features.Collections.Simulation;

namespace Closeout.Tests.Features.Collections;

public sealed class SimulationTests
{
    /// <summary>A dozen clients, every habit, many texts and a high STOP rate so every guard is exercised within a month.</summary>
    private static readonly SimulationOptions Month = new()
    {
        Days = 30,
        Clients = 12,
        Seed = 11,
        HistoryDays = 120,
        Habits = [Habit.Prompt, Habit.Typical, Habit.Chronic, Habit.Partial],
        Model = new BehaviourModel
        {
            SmsConsent = 0.9,
            StopPerText = 0.25,
            Zones = [("America/New_York", 0.5), ("America/Los_Angeles", 0.3), ("Pacific/Honolulu", 0.2)],
        },
    };

    private static readonly SimulationResult Result = CollectionsSimulation.Run(Month);

    [Fact]
    public void A_month_over_a_dozen_clients_sends_only_what_the_policy_chose() => AssertSentOnlyWhatThePolicyChose(Result);

    /// <summary>Every message of the personalised arm is one the planner chose from what was known on its day.</summary>
    internal static void AssertSentOnlyWhatThePolicyChose(SimulationResult result)
    {
        var arm = result.Personalised;
        var settings = result.Options.Settings;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.BusinessTimeZone);
        var clients = result.Clients.ToDictionary(c => c.Id);
        Assert.NotEmpty(arm.Messages);

        foreach (var message in arm.Messages)
        {
            var client = clients[message.ClientId];
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(message.At, zone).DateTime);
            var dayStarts = ReminderSchedule.At(day, TimeOnly.MinValue, zone);

            // What was known when the day's plan was made: earlier invoices, payments and reminders.
            var known = arm.Ledger.Where(i => i.InvoiceId.StartsWith(client.Id + "-", StringComparison.Ordinal) && i.IssuedOn < day)
                .Select(i => i with { Payments = [.. i.Payments.Where(p => p.On < day)], Reminders = [.. i.Reminders.Where(r => r.On < day)] }).ToList();
            var invoice = arm.Ledger.Single(i => i.InvoiceId == message.InvoiceId);
            var balance = invoice.Total - invoice.Payments.Where(p => p.On < day).Sum(p => p.Amount);
            var stoppedBefore = arm.OptedOutAt.TryGetValue(client.Id, out var stop) && stop <= dayStarts;
            var profile = PaymentProfiler.Build(known, day, settings);
            // A plan accepted by that day, filled by the payments made since.
            PaymentPlan? instalments = null;
            if (arm.Plans.TryGetValue(invoice.InvoiceId, out var accepted) && accepted.AcceptedOn <= day)
            {
                instalments = new PaymentPlan(invoice.InvoiceId, accepted.Instalments);
                var since = invoice.Payments.Where(p => p.On >= accepted.AcceptedOn && p.On < day).Sum(p => p.Amount);
                instalments = since > 0 ? instalments.Apply(since).Plan : instalments;
            }

            var plan = ReminderSchedule.For(new OpenInvoice(invoice.InvoiceId, client.Id, invoice.IssuedOn, invoice.DueOn, balance, instalments), profile, settings, new Reachability(client.Email, client.Sms && !stoppedBefore));

            Assert.Contains(plan, s => s.Reminder.Id == message.Reminder.Reminder.Id && s.Reminder.Channel == message.Reminder.Reminder.Channel
                && s.Reminder.Tone == message.Reminder.Reminder.Tone && s.Reminder.Template == message.Reminder.Reminder.Template && s.At <= message.At);
            Assert.Contains(message.Channel, ReminderSchedule.Deliveries(message.Reminder.Reminder.Channel));
        }
    }

    [Fact]
    public void No_message_after_payment_none_in_quiet_hours_none_after_stop()
    {
        var arm = Result.Personalised;
        var clients = Result.Clients.ToDictionary(c => c.Id);
        var texts = arm.Messages.Where(m => m.Channel == ReminderChannel.Sms).ToList();

        // Each rule had something to act on, so passing means the guard held rather than nothing happened.
        Assert.NotEmpty(texts);
        Assert.NotEmpty(arm.OptedOutAt);
        Assert.Contains(arm.Refusals, r => r.Verdict == Verdict.Defer);
        Assert.Contains(arm.Messages, m => arm.PaidAt.ContainsKey(m.InvoiceId));

        Assert.All(arm.Messages, m => Assert.True(!arm.PaidAt.TryGetValue(m.InvoiceId, out var paid) || m.At < paid, $"{m.Reminder.Reminder.Id} sent at {m.At:u} after payment"));
        Assert.All(texts, m =>
        {
            var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.At, clients[m.ClientId].Zone).DateTime);
            Assert.True(local >= new TimeOnly(8, 0) && local < new TimeOnly(21, 0), $"{m.Reminder.Reminder.Id} texted at {local} local");
        });
        Assert.All(texts, m => Assert.True(!arm.OptedOutAt.TryGetValue(m.ClientId, out var stop) || m.At < stop, $"{m.Reminder.Reminder.Id} texted after STOP"));
    }

    [Fact]
    public void Both_arms_see_the_same_invoices_and_the_printout_names_both()
    {
        Assert.Equal(Result.Personalised.Invoices, Result.JobberFixed.Invoices);
        Assert.Equal(Result.Personalised.Invoiced, Result.JobberFixed.Invoiced);
        Assert.Equal(0, Result.JobberFixed.Count(ReminderChannel.Call));
        Assert.All(Result.JobberFixed.Messages, m => Assert.DoesNotContain("/d-", m.Reminder.Reminder.Id, StringComparison.Ordinal));

        var printed = SimulateCommand.Print(Result);
        Assert.Contains("personalised  jobber fixed", printed, StringComparison.Ordinal);
        Assert.Contains("DSO (days)", printed, StringComparison.Ordinal);
    }
}
