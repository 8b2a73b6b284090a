using Closeout.Features.Collections;
using Closeout.Features.QuickBooks;
using Closeout.JobberSandbox.Control;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// A payment entered in QuickBooks (the local QuickBooks sandbox over loopback, its signed webhook, Closeout's pull) cancels
/// every pending reminder of the invoice within one reminder pass, with nothing due to send, whether Jobber never tells
/// Closeout of its copy of the payment or is down altogether.
/// </summary>
public sealed class QuickBooksPaymentStopsRemindersTests
{
    [Theory]
    [InlineData(Provider.Sqlite, false)]
    [InlineData(Provider.Sqlite, true)]
    [InlineData(Provider.Postgres, true)]
    public async Task A_payment_recorded_in_QuickBooks_cancels_every_pending_reminder_of_the_invoice_within_one_cycle(Provider provider, bool jobberDown)
    {
        await using var qbo = await QboSandbox.StartAsync(Path.Combine(Repo.Dataset, "cascade"));
        await using var world = await CollectionsWorld.StartAsync(provider, qbo.CloseoutSettings());
        await world.ConnectQuickBooksAsync(qbo);

        // Due in ten days: nothing is due to send, so no send-time check will run; four reminders are pending.
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: -10);
        var receivable = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        var qboInvoice = await CollectionsWorld.QuickBooksInvoiceAsync(qbo, receivable.InvoiceNumber);
        var pending = (await world.UpcomingAsync()).Where(u => u.InvoiceId == invoiceId).ToList();
        Assert.True(pending.Count >= 2, $"{pending.Count} pending reminders");
        var store = world.Closeout.Services.GetRequiredService<CollectionsStore>();
        var deferred = new ScheduledReminder(new PlannedReminder(invoiceId + "/quiet-hours", DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime), ReminderChannel.Sms, Tone.Friendly, "reminder", ["quiet hours"]), TimeProvider.System.GetUtcNow());
        await store.RecordVerdictAsync(world.AccountId, invoiceId, receivable.ClientId, deferred, ReminderChannel.Sms, DeliveryState.Deferred, "quiet hours", TimeProvider.System.GetUtcNow().AddHours(1), CancellationToken.None);

        // Jobber hears nothing more, or answers nothing at all.
        await world.MissInvoiceWebhooksAsync();
        if (jobberDown)
        {
            await world.Sandbox.SetFaultsAsync(new FaultSettings { ServerErrorRate = 1.0 });
        }

        await qbo.PayAsUserAsync(qboInvoice, receivable.Balance, TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var feed = world.Closeout.Services.GetRequiredService<IInvoicePaidFeed>();
        await CollectionsWorld.UntilAsync(async () => (await feed.ForInvoiceAsync(world.AccountId, invoiceId, CancellationToken.None)).FirstOrDefault(p => p.PaidInFull), "the payment on the paid feed");
        Assert.Contains(await world.UpcomingAsync(), u => u.InvoiceId == invoiceId);

        var report = await world.Cycle.RunAsync(CancellationToken.None);

        Assert.Equal(0, report.Sent);
        Assert.DoesNotContain(await world.UpcomingAsync(), u => u.InvoiceId == invoiceId);
        var closed = (await store.ReceivableAsync(world.AccountId, invoiceId, CancellationToken.None))!;
        Assert.False(closed.Open);
        Assert.Contains("paid in QuickBooks", closed.SettledElsewhere, StringComparison.Ordinal);
        var row = Assert.Single(await store.DeliveriesAsync(world.AccountId, invoiceId, null, CancellationToken.None));
        Assert.Equal(DeliveryState.Cancelled, row.State);
        Assert.Contains("paid in QuickBooks", row.Reason, StringComparison.Ordinal);
        Assert.Empty(world.Smtp.Messages);
        Assert.Empty(world.Twilio.Messages);
        await world.Sandbox.SetFaultsAsync(new FaultSettings());
    }
}
