using System.CommandLine;
using System.Globalization;

namespace Closeout.Features.Collections.Simulation;

/// <summary><c>closeout simulate-collections --days 90 [--clients 200] [--seed 7]</c>: the personalised policy beside Jobber's two fixed follow-ups.</summary>
internal static class SimulateCommand
{
    public static RootCommand AddSimulateCollections(this RootCommand root)
    {
        var days = new Option<int>("--days") { Description = "Length of the simulated window", DefaultValueFactory = _ => 90 };
        var clients = new Option<int>("--clients") { Description = "Clients in the seeded population", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the population and of every draw", DefaultValueFactory = _ => 7 };
        var fee = new Option<decimal>("--late-fee") { Description = "Late fee: fixed amount (late fees are off unless this or --late-fee-percent is set)" };
        var percent = new Option<decimal>("--late-fee-percent") { Description = "Late fee: percentage of the balance" };
        var grace = new Option<int>("--grace-days") { Description = "Late fee: days after the due date before a fee", DefaultValueFactory = _ => 7 };
        var command = new Command("simulate-collections", "Run the reminder policy against a seeded population on a fake clock, beside Jobber's two fixed follow-ups") { days, clients, seed, fee, percent, grace };
        command.SetAction(async (parse, cancel) =>
        {
            var lateFees = new LateFeeSettings { Enabled = parse.GetValue(fee) > 0 || parse.GetValue(percent) > 0, Fixed = parse.GetValue(fee), Percent = parse.GetValue(percent), GraceDays = parse.GetValue(grace) };
            if (lateFees.Problem is { } problem)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return 2;
            }

            var result = CollectionsSimulation.Run(new SimulationOptions
            {
                Days = parse.GetValue(days),
                Clients = parse.GetValue(clients),
                Seed = parse.GetValue(seed),
                Settings = new CollectionSettings { LateFees = lateFees },
            });
            await parse.InvocationConfiguration.Output.WriteAsync(Print(result)).ConfigureAwait(false);
            return 0;
        });
        root.Subcommands.Add(command);
        return root;
    }

    public static string Print(SimulationResult result)
    {
        var o = result.Options;
        var p = result.Personalised;
        var j = result.JobberFixed;
        var habits = string.Join(", ", result.Clients.GroupBy(c => c.Habit).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        var lines = new List<string>
        {
            $"Collections simulation: {o.Days} days from {o.Start:yyyy-MM-dd}, {result.Clients.Count} clients ({habits}), seed {o.Seed}, {o.HistoryDays} days of history first",
            $"{p.Invoices} invoices issued in the window, {Money.Format(p.Invoiced)} in total; behaviour model and sources: docs/decisions/0009-getting-paid.md, 0012",
            $"payment plans: offered by the office {result.Options.Model.PlanOfferDaysOverdue} days past due where suggested (personalised only); late fees: {FeeRule(o.Settings.LateFees)} (personalised only: Jobber has none)",
            "",
            Row("", "personalised", "jobber fixed"),
            Row("email sent", Int(p.Count(ReminderChannel.Email)), Int(j.Count(ReminderChannel.Email))),
            Row("sms sent", Int(p.Count(ReminderChannel.Sms)), Int(j.Count(ReminderChannel.Sms))),
            Row("call tasks", Int(p.Count(ReminderChannel.Call)), Int(j.Count(ReminderChannel.Call))),
            Row("sms held for quiet hours", Int(p.QuietHourDeferrals), Int(j.QuietHourDeferrals)),
            Row("clients opted out (STOP)", Int(p.OptedOutAt.Count), Int(j.OptedOutAt.Count)),
            Row("sms refused after STOP", Int(p.OptOutRefusals), Int(j.OptOutRefusals)),
            Row("messages after payment", Int(AfterPayment(p)), Int(AfterPayment(j))),
            Row("DSO (days)", Num(p.Dso), Num(j.Dso)),
            Row("paid within terms", Pct(p.PaidWithinTerms), Pct(j.PaidWithinTerms)),
            Row("mean days issue->paid", Num(p.MeanDaysToPaid), Num(j.MeanDaysToPaid)),
            Row("outstanding at end", Money.Format(p.Outstanding), Money.Format(j.Outstanding)),
            Row("plans offered", Int(p.PlansAndFees.PlansOffered), Int(j.PlansAndFees.PlansOffered)),
            Row("plans accepted", Int(p.PlansAndFees.PlansAccepted), Int(j.PlansAndFees.PlansAccepted)),
            Row("instalments paid / due", $"{Int(p.PlansAndFees.InstalmentsPaid)} / {Int(p.PlansAndFees.InstalmentsDue)}", $"{Int(j.PlansAndFees.InstalmentsPaid)} / {Int(j.PlansAndFees.InstalmentsDue)}"),
            Row("late fees charged", Int(p.PlansAndFees.FeesCharged), Int(j.PlansAndFees.FeesCharged)),
            Row("late fee amount", Money.Format(p.PlansAndFees.FeeAmount), Money.Format(j.PlansAndFees.FeeAmount)),
            Row("late fees collected", Money.Format(p.PlansAndFees.FeesCollected), Money.Format(j.PlansAndFees.FeesCollected)),
        };
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static string FeeRule(LateFeeSettings fees) => !fees.Enabled ? "off"
        : string.Create(CultureInfo.InvariantCulture, $"{Money.Format(fees.Fixed)} + {fees.Percent}% of the balance after {fees.GraceDays} days' grace");

    public static int AfterPayment(ArmResult arm) => arm.Messages.Count(m => arm.PaidAt.TryGetValue(m.InvoiceId, out var paid) && m.At >= paid);

    private static string Row(string name, string a, string b) => $"{name,-26}{a,14}{b,14}";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Pct(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
