using System.Net.Http.Json;
using Closeout.Features.Audit;
using Closeout.Features.Collections;
using Closeout.Features.QuickBooks;
using Closeout.JobberSandbox.Control;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// A QuickBooks payment that stopped an invoice's reminders is later voided or deleted in QuickBooks (the local QuickBooks
/// sandbox over loopback, its signed webhook, Closeout's pull): the invoice is owed again although Jobber still lists
/// Closeout's copy of the payment, and within one reminder pass its schedule resumes for what is owed, never repeating a
/// reminder already sent, within quiet hours, opt-outs and the account's own settings, and audited.
/// </summary>
public sealed class QuickBooksPaymentTakenBackTests
{
    [Theory]
    [InlineData(Provider.Sqlite, "void", true)]
    [InlineData(Provider.Sqlite, "delete", false)]
    [InlineData(Provider.Postgres, "void", false)]
    [InlineData(Provider.Postgres, "delete", true)]
    public async Task A_QuickBooks_payment_voided_or_deleted_reopens_the_invoice_and_its_reminders_resume_without_repeating_one(Provider provider, string operation, bool clientAtNight)
    {
        await using var qbo = await QboSandbox.StartAsync(Path.Combine(Repo.Dataset, "cascade"));
        await using var world = await CollectionsWorld.StartAsync(provider, qbo.CloseoutSettings());
        await world.ConnectQuickBooksAsync(qbo);

        // The account's own settings: its name on what it sends and, in half the cases, its clients where it is 23:00 now.
        world.Closeout.Services.GetRequiredService<IOptions<CollectionsOptions>>().Value.Accounts.Add(
            new AccountCollections { AccountId = world.AccountId, BusinessName = "Cascade Plumbing West", ClientTimeZone = clientAtNight ? CollectionsWorld.ZoneAt(23) : null });
        var store = world.Closeout.Services.GetRequiredService<CollectionsStore>();
        var feed = world.Closeout.Services.GetRequiredService<IInvoicePaidFeed>();

        // Due yesterday: the due-date email goes.
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 1);
        var receivable = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        var qboInvoice = await CollectionsWorld.QuickBooksInvoiceAsync(qbo, receivable.InvoiceNumber);
        Assert.Equal(1, (await world.Cycle.RunAsync(CancellationToken.None)).Sent);
        var firstSent = Assert.Single(await store.DeliveriesAsync(world.AccountId, invoiceId, null, CancellationToken.None), d => d.State == DeliveryState.Sent);

        // Paid in full in QuickBooks: Closeout records a copy on the Jobber invoice (Jobber now says paid) and stops the reminders.
        var payment = await qbo.PayAsUserAsync(qboInvoice, receivable.Balance, TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await world.WaitForReceivableAsync(invoiceId, r => r.Status == ReceivableStatus.Paid);
        await CollectionsWorld.UntilAsync(async () => (await feed.ForInvoiceAsync(world.AccountId, invoiceId, CancellationToken.None)).FirstOrDefault(p => p.PaidInFull), "the payment on the paid feed");
        var stopped = await world.Cycle.RunAsync(CancellationToken.None);
        Assert.Equal((1, 0), (stopped.Stopped, stopped.Sent));

        // A week passes while it is paid: the firm step comes due and does not go. Meanwhile the client may have said STOP.
        // (Jobber's occurredAt has whole seconds, so an update in the payment's second would fold into its webhook.)
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        using (var age = await world.Sandbox.Http.PostAsJsonAsync($"/sandbox/invoices/{Uri.EscapeDataString(invoiceId)}/age", new { days = 7 }))
        {
            Assert.True(age.IsSuccessStatusCode, await age.Content.ReadAsStringAsync());
        }

        await world.WaitForReceivableAsync(invoiceId, r => r.DueAt < TimeProvider.System.GetUtcNow().AddDays(-7));
        if (!clientAtNight)
        {
            Assert.True(await store.SetSmsOptOutAsync(world.AccountId, receivable.ClientId, true, CancellationToken.None));
        }

        Assert.Equal(0, (await world.Cycle.RunAsync(CancellationToken.None)).Sent);
        Assert.Single(world.Smtp.Messages);

        // The payment is voided (a bounced cheque) or deleted in QuickBooks. Jobber keeps Closeout's copy: its API cannot remove it.
        await qbo.VoidOrDeleteAsUserAsync("Payment", payment["Id"]!.GetValue<string>(), operation);
        var takenBack = await CollectionsWorld.UntilAsync(async () => (await feed.ForInvoiceAsync(world.AccountId, invoiceId, CancellationToken.None)).FirstOrDefault(p => p.TakesBack()), "the payment taken back on the paid feed");
        Assert.Equal(-receivable.Balance, takenBack.Amount);
        Assert.False(takenBack.PaidInFull);
        var jobber = (await world.Sandbox.Http.GetFromJsonAsync<InvoicePaymentsView>($"/sandbox/invoices/{Uri.EscapeDataString(invoiceId)}/payments"))!;
        Assert.Equal(("paid", 1), (jobber.InvoiceStatus, jobber.Payments.Count));

        var resumed = await world.Cycle.RunAsync(CancellationToken.None);

        // Owed again in full, past due; the firm step goes by email once, with the account's name and what is owed.
        Assert.Equal(1, resumed.Resumed);
        Assert.Equal(1, resumed.Sent);
        var reopened = (await store.ReceivableAsync(world.AccountId, invoiceId, CancellationToken.None))!;
        Assert.True(reopened.Open);
        Assert.Equal((ReceivableStatus.PastDue, receivable.Balance, (string?)null), (reopened.Status, reopened.Balance, reopened.SettledElsewhere));
        Assert.Equal(2, world.Smtp.Messages.Count);
        var email = world.Smtp.Messages.Last();
        Assert.Contains(Money.Format(receivable.Balance), email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Cascade Plumbing West", email.TextBody, StringComparison.Ordinal);

        // Nothing already sent went again; the text waits for 08:00 in the client's zone, or is not planned after STOP.
        var rows = await store.DeliveriesAsync(world.AccountId, invoiceId, null, CancellationToken.None);
        Assert.Equal(DeliveryState.Sent, rows.Single(r => r.Key == firstSent.Key).State);
        Assert.Equal(2, rows.Count(r => r.State == DeliveryState.Sent && r.Channel == ReminderChannel.Email));
        var text = rows.Where(r => r.Channel == ReminderChannel.Sms).ToList();
        if (clientAtNight)
        {
            Assert.Equal(DeliveryState.Deferred, Assert.Single(text).State);
            Assert.Contains("quiet hours", text[0].Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(text, r => r.State == DeliveryState.Sent);
        }

        Assert.Empty(world.Twilio.Messages);
        Assert.Contains(await world.UpcomingAsync(), u => u.InvoiceId == invoiceId);

        // Audited: stopped by the payment, resumed by its reversal, naming the copy in Jobber that no longer counts.
        var history = await world.Closeout.Services.GetRequiredService<IAuditTrail>().HistoryAsync(world.AccountId, CollectionsStore.Subject(invoiceId), CancellationToken.None);
        Assert.Equal(["reminders.stopped", "reminders.resumed"], history.Select(h => h.Entry.Action));
        var evidence = history[1].Entry.Evidence!;
        Assert.Contains("taken back in QuickBooks", evidence["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(jobber.Payments[0].Id, evidence["paymentsNoLongerCounted"]![0]!["id"]!.GetValue<string>());

        // The next pass sends nothing more.
        Assert.Equal(0, (await world.Cycle.RunAsync(CancellationToken.None)).Sent);
        Assert.Equal(2, world.Smtp.Messages.Count);
    }
}
