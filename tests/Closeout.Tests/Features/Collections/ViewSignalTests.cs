using System.Net.Http.Json;
using Closeout.Features.Collections;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Collections;

/// <summary>A client-hub view is a signal: a client who just opened the invoice gets the next nudge a day later, and is told why.</summary>
public sealed class ViewSignalTests
{
    private static readonly ReminderTarget Invoice = new("inv-1", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 15), 2500m);
    private static readonly PaymentProfile Typical = new(PayerKind.Typical, false, 6, 0.3, 2, 3, null, 0, [], 2500m, 0);

    private static string Shape(IEnumerable<PlannedReminder> plan) => string.Join(" ", plan.Select(r => $"{r.On:MM-dd}:{r.Channel}"));

    [Theory]
    [InlineData(null, 1, "11-12:Email 11-15:Email 11-22:Both 11-22:Call 12-06:Both")]
    [InlineData("2026-11-14", 1, "11-12:Email 11-16:Email 11-22:Both 11-22:Call 12-06:Both")]
    [InlineData("2026-11-15", 1, "11-12:Email 11-16:Email 11-22:Both 11-22:Call 12-06:Both")]
    [InlineData("2026-11-13", 1, "11-12:Email 11-15:Email 11-22:Both 11-22:Call 12-06:Both")]
    [InlineData("2026-11-21", 2, "11-12:Email 11-15:Email 11-24:Both 11-22:Call 12-06:Both")]
    [InlineData("2026-11-14", 0, "11-12:Email 11-15:Email 11-22:Both 11-22:Call 12-06:Both")]
    public void A_message_on_or_just_after_a_view_is_held_and_a_call_task_is_not(string? viewed, int holdDays, string expected)
    {
        var target = Invoice with { ViewedOn = viewed is null ? null : DateOnly.Parse(viewed, System.Globalization.CultureInfo.InvariantCulture) };

        var plan = CadencePlanner.Plan(target, Typical, new CollectionSettings { ViewHoldDays = holdDays }, new Reachability(true, true));

        Assert.Equal(expected, Shape(plan));
        var held = plan.Where(r => r.Why.Any(w => w.Contains("client hub", StringComparison.Ordinal))).ToList();
        Assert.Equal(expected != Shape(CadencePlanner.Plan(Invoice, Typical, new CollectionSettings(), new Reachability(true, true))), held.Count > 0);
        Assert.All(held, r => Assert.NotEqual(ReminderChannel.Call, r.Channel));
    }

    [Fact]
    public async Task A_client_who_opened_the_invoice_gets_todays_nudge_tomorrow_with_the_reason()
    {
        await using var world = await CollectionsWorld.StartAsync(Provider.Sqlite);
        var viewed = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 0);
        var unseen = await world.IssuedInvoiceAsync(1002, dueDaysAgo: 0);
        await world.WaitForReceivableAsync(unseen, r => r.Open);
        using (var view = await world.Sandbox.Http.PostAsync($"/sandbox/invoices/{Uri.EscapeDataString(viewed)}/view", null))
        {
            view.EnsureSuccessStatusCode();
        }

        // The view's webhook, or the reconciliation sweep that catches a webhook deduplicated or missed, brings the view in.
        await world.Closeout.Services.GetRequiredService<ReminderWorker>().SweepAsync(CancellationToken.None);
        await world.WaitForReceivableAsync(viewed, r => r.ViewedAt is not null);

        var report = await world.Cycle.RunAsync(CancellationToken.None);

        var store = world.Closeout.Services.GetRequiredService<CollectionsStore>();
        Assert.DoesNotContain(await store.DeliveriesAsync(world.AccountId, viewed, null, CancellationToken.None), d => d.State == DeliveryState.Sent);
        Assert.Contains(await store.DeliveriesAsync(world.AccountId, unseen, null, CancellationToken.None), d => d.State == DeliveryState.Sent && d.Channel == ReminderChannel.Email);
        Assert.Equal(1, report.Sent);
        var next = (await world.UpcomingAsync()).Where(u => u.InvoiceId == viewed).OrderBy(u => u.At).First();
        Assert.True(next.At > TimeProvider.System.GetUtcNow().AddHours(12), $"{next.At}");
        Assert.Contains(next.Why, w => w.Contains("opened the invoice in the client hub", StringComparison.Ordinal) && w.Contains("held a day", StringComparison.Ordinal));
        var history = (await world.Closeout.Http.GetFromJsonAsync<List<UpcomingReminder>>($"/api/receivables/reminders?account={Uri.EscapeDataString(world.AccountId)}&days=3"))!;
        Assert.Contains(history, u => u.InvoiceId == viewed);
    }
}
