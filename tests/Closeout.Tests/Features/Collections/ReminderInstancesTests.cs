using Closeout.Features.Collections;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// Two Closeout instances (two real hosts) on one PostgreSQL database, one SMTP server, one Twilio: each invoice is leased
/// to one instance's pass at a time (FOR UPDATE SKIP LOCKED), so no reminder goes twice, even when one instance's pass
/// finds the other's send still in flight.
/// </summary>
public sealed class ReminderInstancesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_instances_on_one_PostgreSQL_database_never_send_the_same_reminder()
    {
        await using var world = await CollectionsWorld.StartAsync(Provider.Postgres, new Dictionary<string, string?> { ["Collections:LeaseSeconds"] = "60" });
        await using var other = await world.StartInstanceAsync();
        var otherCycle = other.Services.GetRequiredService<ReminderCycle>();
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 7);
        await world.WaitForReceivableAsync(invoiceId, r => r.Open);

        // The first instance's pass sends the email, then Twilio holds its text: that send is in flight, its intent recorded.
        var hold = new TaskCompletionSource();
        world.Twilio.HoldBeforeCreate = hold;
        var first = world.Cycle.RunAsync(CancellationToken.None);
        await world.Twilio.CreateArrived.Task.WaitAsync(Bound);

        // The second instance's pass meanwhile must not take the in-flight text for a crashed one and send it again.
        var second = otherCycle.RunAsync(CancellationToken.None);
        var finished = await Task.WhenAny(second, Task.Delay(Bound));
        world.Twilio.HoldBeforeCreate = null;
        hold.TrySetResult();
        var firstReport = await first;
        var secondReport = await second;

        Assert.Same(second, finished);
        Assert.Equal(1, secondReport.Busy);
        Assert.Equal(0, secondReport.Sent);
        Assert.Equal(2, firstReport.Sent);
        Assert.Single(world.Smtp.Messages);
        Assert.Single(world.Twilio.Messages);

        // Then both instances' passes at once, round after round, over more invoices coming due.
        await world.IssuedInvoiceAsync(1002, dueDaysAgo: 7);
        await world.IssuedInvoiceAsync(1003, dueDaysAgo: 0);
        await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        var reports = new List<CycleReport>();
        for (var round = 0; round < 4; round++)
        {
            reports.AddRange(await Task.WhenAll(world.Cycle.RunAsync(CancellationToken.None), otherCycle.RunAsync(CancellationToken.None)));
        }

        var rows = await world.Closeout.Services.GetRequiredService<CollectionsStore>().DeliveriesAsync(world.AccountId, null, null, CancellationToken.None);
        var sentEmails = rows.Where(r => r.State == DeliveryState.Sent && r.Channel == ReminderChannel.Email).ToList();
        var sentTexts = rows.Where(r => r.State == DeliveryState.Sent && r.Channel == ReminderChannel.Sms).ToList();
        Assert.True(sentEmails.Count >= 2, System.Text.Json.JsonSerializer.Serialize(rows));
        Assert.Equal(sentEmails.Count, world.Smtp.Messages.Count);
        Assert.Equal(world.Smtp.Messages.Count, world.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(sentTexts.Count, world.Twilio.Messages.Count);
        Assert.Equal(sentEmails.Count + sentTexts.Count, firstReport.Sent + reports.Sum(r => r.Sent));
        Assert.DoesNotContain(rows, r => r.State == DeliveryState.Sending);
    }
}
