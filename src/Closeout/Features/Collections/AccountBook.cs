using Microsoft.Extensions.Options;

namespace Closeout.Features.Collections;

/// <summary>One open invoice with everything a decision about it needs.</summary>
public sealed record InvoicePlan(Receivable Receivable, CollectionClient Client, PaymentProfile Profile, IReadOnlyList<ScheduledReminder> Schedule, IReadOnlyDictionary<string, DeliveryRow> Rows, OpenInvoice Open, TimeZoneInfo ClientZone);

/// <summary>An account's receivables as the cycle and the pages see them: profiles from history, each open invoice's plan and its deliveries.</summary>
internal sealed class AccountBook(CollectionsStore store, IEnumerable<IReminderChannel> channels, IOptions<CollectionsOptions> options, TimeProvider time)
{
    public async Task<(IReadOnlyList<InvoicePlan> Plans, IReadOnlyDictionary<string, PaymentProfile> Profiles, IReadOnlyList<Receivable> All)> ReadAsync(string accountId, CancellationToken cancellationToken)
    {
        var settings = options.Value.SettingsFor(accountId);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.BusinessTimeZone);
        var today = Today(zone);
        var receivables = await store.ReceivablesAsync(accountId, null, cancellationToken).ConfigureAwait(false);
        var clients = (await store.ClientsAsync(accountId, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Contact.ClientId, StringComparer.Ordinal);
        var rows = (await store.DeliveriesAsync(accountId, null, null, cancellationToken).ConfigureAwait(false)).ToLookup(d => d.InvoiceId, StringComparer.Ordinal);
        var plansByInvoice = await store.PlansAsync(accountId, receivables, cancellationToken).ConfigureAwait(false);
        var available = channels.Where(c => c.Unavailable is null).Select(c => c.Channel).ToHashSet();

        var profiles = new Dictionary<string, PaymentProfile>(StringComparer.Ordinal);
        foreach (var group in receivables.GroupBy(r => r.ClientId, StringComparer.Ordinal))
        {
            profiles[group.Key] = PaymentProfiler.Build([.. group.Select(r => History(r, rows[r.InvoiceId], zone)).OfType<InvoiceHistory>()], today, settings);
        }

        var plans = new List<InvoicePlan>();
        foreach (var receivable in receivables.Where(r => r.Open && r.IssuedAt is not null && r.DueAt is not null))
        {
            if (!clients.TryGetValue(receivable.ClientId, out var client))
            {
                continue;
            }

            var contact = client.Contact;
            var reach = new Reachability(
                contact.Email is not null && client.EmailOptedOutAt is null && available.Contains(ReminderChannel.Email),
                contact.Phone is not null && contact.SmsAllowed && client.SmsOptedOutAt is null && available.Contains(ReminderChannel.Sms));
            var open = new OpenInvoice(receivable.InvoiceId, receivable.ClientId, Day(receivable.IssuedAt!.Value, zone), Day(receivable.DueAt!.Value, zone), receivable.Balance,
                plansByInvoice.GetValueOrDefault(receivable.InvoiceId), receivable.ViewedAt is { } viewed ? Day(viewed, zone) : null);
            var schedule = ReminderSchedule.For(open, profiles[receivable.ClientId], settings, reach);
            plans.Add(new InvoicePlan(receivable, client, profiles[receivable.ClientId], schedule,
                rows[receivable.InvoiceId].ToDictionary(r => r.Key, StringComparer.Ordinal), open, settings.ClientTimeZone is { } fixedZone ? TimeZoneInfo.FindSystemTimeZoneById(fixedZone) : ClientTimeZones.For(contact.Province, settings.BusinessTimeZone)));
        }

        return (plans, profiles, receivables);
    }

    public DateOnly Today(TimeZoneInfo zone) => Day(time.GetUtcNow(), zone);

    public static DateOnly Day(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static InvoiceHistory? History(Receivable receivable, IEnumerable<DeliveryRow> deliveries, TimeZoneInfo zone) =>
        receivable.IssuedAt is null || receivable.DueAt is null || receivable.Status == ReceivableStatus.Draft
            ? null
            : new InvoiceHistory(receivable.InvoiceId, receivable.Total, Day(receivable.IssuedAt.Value, zone), Day(receivable.DueAt.Value, zone),
                [.. receivable.Payments.Select(p => new Payment(Day(p.At, zone), p.Amount))],
                [.. deliveries.Where(d => d.State == DeliveryState.Sent && d.SentAt is not null && d.Channel != ReminderChannel.Call).Select(d => new PastReminder(Day(d.SentAt!.Value, zone), d.Channel))]);
}
