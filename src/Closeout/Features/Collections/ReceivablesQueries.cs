using System.Globalization;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Collections;

/// <summary>What the receivables pages and /api/receivables show, computed once for both.</summary>
internal sealed class ReceivablesQueries(AccountBook book, CollectionsStore store, IOptions<CollectionsOptions> options, TimeProvider time)
{
    private TimeZoneInfo ZoneOf(string accountId) => TimeZoneInfo.FindSystemTimeZoneById(options.Value.SettingsFor(accountId).BusinessTimeZone);

    public async Task<ReceivablesView> AgedAsync(string accountId, CancellationToken cancel)
    {
        var zone = ZoneOf(accountId);
        var today = book.Today(zone);
        var (_, profiles, all) = await book.ReadAsync(accountId, cancel).ConfigureAwait(false);
        var clients = (await store.ClientsAsync(accountId, cancel).ConfigureAwait(false)).ToDictionary(c => c.Contact.ClientId, StringComparer.Ordinal);
        var open = all.Where(r => r.Open).Select(r =>
        {
            var overdue = r.DueAt is { } due ? Math.Max(0, today.DayNumber - AccountBook.Day(due, zone).DayNumber) : 0;
            return new AgedInvoice(r.InvoiceId, r.InvoiceNumber, r.ClientId, clients.GetValueOrDefault(r.ClientId)?.Contact.Name ?? r.ClientId, r.Status, r.Total, r.Balance, r.DueAt, overdue, r.Disputed, r.Paused, r.ViewedAt);
        }).ToList();
        (string Name, int From, int To)[] ranges = [("current", 0, 0), ("1-30", 1, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, int.MaxValue)];
        var buckets = ranges.Select(b =>
        {
            var inside = open.Where(i => i.DaysOverdue >= b.From && i.DaysOverdue <= b.To).OrderByDescending(i => i.DaysOverdue).ToList();
            return new AgeBucket(b.Name, inside.Sum(i => i.Balance), inside);
        }).ToList();
        var views = profiles.Select(p =>
        {
            var client = clients.GetValueOrDefault(p.Key);
            return new ClientProfileView(p.Key, client?.Contact.Name ?? p.Key, p.Value.Describe(), p.Value.Kind.ToString(), p.Value.Balance, p.Value.OldestOverdueDays,
                client?.Paused ?? false, client?.SmsOptedOutAt is not null, client?.EmailOptedOutAt is not null);
        }).OrderByDescending(c => c.Balance).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        return new ReceivablesView(accountId, time.GetUtcNow(), buckets, views);
    }

    public async Task<List<UpcomingReminder>> UpcomingAsync(string accountId, int days, CancellationToken cancel)
    {
        var until = time.GetUtcNow().AddDays(Math.Clamp(days, 1, 90));
        var (plans, _, _) = await book.ReadAsync(accountId, cancel).ConfigureAwait(false);
        var upcoming = new List<UpcomingReminder>();
        foreach (var plan in plans.Where(p => !p.Receivable.Paused && !p.Receivable.Disputed && !p.Client.Paused))
        {
            foreach (var scheduled in plan.Schedule.Where(s => s.At <= until))
            {
                var rows = ReminderSchedule.Deliveries(scheduled.Reminder.Channel).Select(c => plan.Rows.GetValueOrDefault(ReminderSchedule.DeliveryKey(scheduled.Reminder.Id, c))).ToList();
                if (rows.All(r => r is not null && DeliveryState.Settled(r.State)))
                {
                    continue;
                }

                var deferred = rows.FirstOrDefault(r => r?.State == DeliveryState.Deferred);
                upcoming.Add(new UpcomingReminder(scheduled.Reminder.Id, plan.Receivable.InvoiceId, plan.Receivable.InvoiceNumber, plan.Client.Contact.ClientId, plan.Client.Contact.Name,
                    scheduled.At, scheduled.Reminder.Channel, scheduled.Reminder.Tone, scheduled.Reminder.Template, scheduled.Reminder.Why, deferred?.State ?? rows.FirstOrDefault(r => r is not null)?.State, deferred?.NotBefore));
            }
        }

        return [.. upcoming.OrderBy(u => u.At)];
    }

    public async Task<List<MessageView>> MessagesAsync(string accountId, string clientId, CancellationToken cancel) =>
        [.. (await store.DeliveriesAsync(accountId, null, clientId, cancel).ConfigureAwait(false))
            .Select(r => new MessageView(r.Key, r.InvoiceId, r.Channel, r.Tone, r.Template, r.State, r.Reason, r.ProviderStatus, r.Why, r.PlannedAt, r.SentAt))];

    public async Task<List<DaysToPaidMonth>> DaysToPaidAsync(string accountId, CancellationToken cancel)
    {
        var zone = ZoneOf(accountId);
        var paid = (await store.ReceivablesAsync(accountId, null, cancel).ConfigureAwait(false)).Where(r => r.PaidAt is not null && r.IssuedAt is not null).ToList();
        return [.. paid.GroupBy(r => AccountBook.Day(r.PaidAt!.Value, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key).Select(g =>
        {
            var days = g.Select(r => (double)(AccountBook.Day(r.PaidAt!.Value, zone).DayNumber - AccountBook.Day(r.IssuedAt!.Value, zone).DayNumber)).Order().ToList();
            return new DaysToPaidMonth(g.Key, days.Count, Math.Round(days.Average(), 1), days.Count % 2 == 1 ? days[days.Count / 2] : (days[(days.Count / 2) - 1] + days[days.Count / 2]) / 2);
        })];
    }

    /// <summary>The plan a person could offer for an open invoice, or null.</summary>
    public async Task<PlanSuggestion?> SuggestPlanAsync(string accountId, Receivable receivable, CancellationToken cancel)
    {
        if (!receivable.Open)
        {
            return null;
        }

        var (_, profiles, _) = await book.ReadAsync(accountId, cancel).ConfigureAwait(false);
        var settings = options.Value.SettingsFor(accountId);
        var today = book.Today(ZoneOf(accountId));
        var profile = profiles.GetValueOrDefault(receivable.ClientId) ?? PaymentProfiler.Build([], today, settings);
        return PlanSuggester.Suggest(receivable.Balance, profile, settings.Plans, today.AddDays(7));
    }
}
