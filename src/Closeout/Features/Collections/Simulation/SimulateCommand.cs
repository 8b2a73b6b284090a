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
        var command = new Command("simulate-collections", "Run the reminder policy against a seeded population on a fake clock, beside Jobber's two fixed follow-ups") { days, clients, seed };
        command.SetAction(async (parse, cancel) =>
        {
            var result = CollectionsSimulation.Run(new SimulationOptions { Days = parse.GetValue(days), Clients = parse.GetValue(clients), Seed = parse.GetValue(seed) });
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
            $"{p.Invoices} invoices issued in the window, {Money.Format(p.Invoiced)} in total; behaviour model and sources: docs/decisions/0009-getting-paid.md",
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
        };
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    public static int AfterPayment(ArmResult arm) => arm.Messages.Count(m => arm.PaidAt.TryGetValue(m.InvoiceId, out var paid) && m.At >= paid);

    private static string Row(string name, string a, string b) => $"{name,-26}{a,14}{b,14}";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Pct(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
