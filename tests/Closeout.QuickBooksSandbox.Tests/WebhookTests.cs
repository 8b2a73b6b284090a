using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Closeout.QuickBooksSandbox.Webhooks;
using Closeout.Testing.Webhooks;

namespace Closeout.QuickBooksSandbox.Tests;

public sealed class WebhookTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task Legacy_webhook_is_signed_with_the_verifier_token_and_names_the_change()
    {
        await using var qbo = await QboHost.StartAsync();
        await using var listener = await WebhookListener.StartAsync();
        await Subscribe(qbo, listener, "Legacy");

        var customer = await qbo.CustomerAsync("Ann Lee");
        var received = await listener.NextAsync();

        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(QboHost.VerifierToken), received.Body));
        Assert.Equal(expected, received.Headers["intuit-signature"]);
        Assert.True(WebhookSigner.Verify(received.Body, QboHost.VerifierToken, received.Headers["intuit-signature"]));
        Assert.False(WebhookSigner.Verify(received.Body, "another-verifier", received.Headers["intuit-signature"]));
        Assert.Equal("0.1", received.Headers["intuit-notification-schema-version"]);
        Assert.Equal("intuit_notification_server/0.1", received.Headers["user-agent"]);
        Assert.Contains("application/json", received.Headers["content-type"], StringComparison.Ordinal);
        Assert.True(received.Headers.ContainsKey("intuit-t-id") && received.Headers.ContainsKey("intuit-created-time"));
        var notification = JsonNode.Parse(received.Body)!["eventNotifications"]![0]!;
        Assert.Equal(QboHost.Realm, notification.Str("realmId"));
        var entity = notification["dataChangeEvent"]!["entities"]![0]!;
        Assert.Equal("Customer", entity.Str("name"));
        Assert.Equal(customer.Str("Id"), entity.Str("id"));
        Assert.Equal("Create", entity.Str("operation"));
        Assert.Matches(new Regex(@"^2026-11-02T09:00:00-0800$"), entity.Str("lastUpdated"));
    }

    [Fact]
    public async Task CloudEvents_webhooks_carry_one_event_per_change()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 100m, false);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1)));
        await using var listener = await WebhookListener.StartAsync();
        await Subscribe(qbo, listener, "CloudEvents");

        var payment = await qbo.CreateAsync("Payment", QboHost.Payment(customer.Str("Id"), 100m, (invoice.Str("Id"), 100m)));
        var events = (await listener.CollectAsync(Quiet)).SelectMany(w =>
        {
            Assert.True(WebhookSigner.Verify(w.Body, QboHost.VerifierToken, w.Headers["intuit-signature"]));
            return JsonNode.Parse(w.Body)!.AsArray();
        }).ToList();

        Assert.Equal(["qbo.payment.created.v1", "qbo.invoice.updated.v1"], events.Select(e => e.Str("type")));
        Assert.Equal([payment.Str("Id"), invoice.Str("Id")], events.Select(e => e.Str("intuitentityid")));
        Assert.All(events, e =>
        {
            Assert.Equal("1.0", e.Str("specversion"));
            Assert.Equal(QboHost.Realm, e.Str("intuitaccountid"));
            Assert.Equal("application/json", e.Str("datacontenttype"));
            Assert.EndsWith("Z", e.Str("time"), StringComparison.Ordinal);
            Assert.True(Guid.TryParse(e.Str("id"), out _));
        });
    }

    [Fact]
    public async Task Voiding_and_deleting_payments_are_announced_as_Void_and_Delete_with_the_reopened_invoice_and_CDC_reports_both()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 100m, false);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1)));
        var first = await qbo.CreateAsync("Payment", QboHost.Payment(customer.Str("Id"), 60m, (invoice.Str("Id"), 60m)));
        var second = await qbo.CreateAsync("Payment", QboHost.Payment(customer.Str("Id"), 40m, (invoice.Str("Id"), 40m)));
        await qbo.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        var since = (await qbo.Http.GetFromJsonAsync<JsonObject>("/sandbox/clock"))!.Str("now");
        await using var listener = await WebhookListener.StartAsync();
        await Subscribe(qbo, listener, "Legacy");

        var voided = await qbo.PostAsync("payment?operation=void", new JsonObject { ["Id"] = first.Str("Id"), ["SyncToken"] = "0", ["sparse"] = true });
        var deleted = await qbo.PostAsync("payment?operation=delete", new JsonObject { ["Id"] = second.Str("Id"), ["SyncToken"] = "0" });
        var entities = (await listener.CollectAsync(Quiet))
            .SelectMany(w => JsonNode.Parse(w.Body)!["eventNotifications"]!.AsArray().SelectMany(n => n!["dataChangeEvent"]!["entities"]!.AsArray()))
            .Select(e => (e.Str("name"), e.Str("id"), e.Str("operation"))).ToList();
        var cdc = await qbo.GetAsync($"cdc?entities=Payment,Invoice&changedSince={Uri.EscapeDataString(since)}");

        Assert.Equal(System.Net.HttpStatusCode.OK, voided.Status);
        Assert.Equal("Deleted", deleted["Payment"].Str("status"));
        Assert.Equal(
            [("Payment", first.Str("Id"), "Void"), ("Invoice", invoice.Str("Id"), "Update"), ("Payment", second.Str("Id"), "Delete"), ("Invoice", invoice.Str("Id"), "Update")],
            entities);
        var responses = cdc["CDCResponse"][0]!["QueryResponse"]!.AsArray();
        var payments = responses[0]!["Payment"]!.AsArray();
        Assert.Equal(first.Str("Id"), payments[0].Str("Id"));
        Assert.Equal(0m, payments[0].Dec("TotalAmt"));
        Assert.StartsWith("Voided", payments[0].Str("PrivateNote"), StringComparison.Ordinal);
        Assert.Equal((second.Str("Id"), "Deleted"), (payments[1].Str("Id"), payments[1].Str("status")));
        Assert.Equal(100m, responses[1]!["Invoice"]![0].Dec("Balance"));
        Assert.Equal("610", (await qbo.GetAsync($"payment/{second.Str("Id")}")).FaultCode);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_on_intuits_schedule_and_holds_back_later_ones()
    {
        await using var qbo = await QboHost.StartAsync();
        await using var listener = await WebhookListener.StartAsync();
        await Subscribe(qbo, listener, "Legacy");
        foreach (var status in new[] { 500, 503, 404, 500 })
        {
            listener.FailFirst.Enqueue(status);
        }

        var first = await qbo.CustomerAsync("Ann Lee");
        Assert.Contains(first.Str("Id"), (await listener.NextAsync()).Text, StringComparison.Ordinal);
        var second = await qbo.CustomerAsync("Bob Ray");

        var attempts = 1;
        foreach (var delay in new[] { 10, 20, 30, 300 })
        {
            await RetryingAsync(qbo, attempts);
            await qbo.AdvanceClockAsync(TimeSpan.FromSeconds(delay - 1));
            Assert.Empty(await listener.CollectAsync(Quiet));
            await qbo.AdvanceClockAsync(TimeSpan.FromSeconds(1));
            var retry = await listener.NextAsync();
            attempts++;
            Assert.Contains($"\"id\":\"{first.Str("Id")}\"", retry.Text, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"id\":\"{second.Str("Id")}\"", retry.Text, StringComparison.Ordinal);
        }

        var held = await listener.NextAsync();
        Assert.Contains($"\"id\":\"{second.Str("Id")}\"", held.Text, StringComparison.Ordinal);
        var deliveries = await SettledAsync(qbo, 2);
        Assert.Equal(attempts, deliveries[0]!["attempts"]!.GetValue<int>());
        Assert.Equal(["delivered", "delivered"], deliveries.Select(d => d.Str("state")));
    }

    [Fact]
    public async Task A_dropped_webhook_never_arrives_and_a_duplicated_one_arrives_twice()
    {
        await using var qbo = await QboHost.StartAsync();
        await using var listener = await WebhookListener.StartAsync();
        await Subscribe(qbo, listener, "Legacy");

        await qbo.SetFaultsAsync(new { dropWebhooks = 1 });
        var dropped = await qbo.CustomerAsync("Ann Lee");
        Assert.Empty(await listener.CollectAsync(Quiet));
        await qbo.SetFaultsAsync(new { duplicateWebhooks = true });
        var duplicated = await qbo.CustomerAsync("Bob Ray");
        var received = await listener.CollectAsync(Quiet);

        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.Contains($"\"id\":\"{duplicated.Str("Id")}\"", received[0].Text, StringComparison.Ordinal);
        var deliveries = await SettledAsync(qbo, 2);
        Assert.Equal("dropped", deliveries[0].Str("state"));
        Assert.Contains($"Customer/{dropped.Str("Id")}/Create", deliveries[0]!["events"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_order_delivery_swaps_changes_in_pairs()
    {
        await using var qbo = await QboHost.StartAsync();
        await using var listener = await WebhookListener.StartAsync();
        await Subscribe(qbo, listener, "CloudEvents");
        await qbo.SetFaultsAsync(new { outOfOrderWebhooks = true });

        var first = await qbo.CustomerAsync("Ann Lee");
        Assert.Empty(await listener.CollectAsync(Quiet));
        var second = await qbo.CustomerAsync("Bob Ray");
        var ids = (await listener.CollectAsync(Quiet)).SelectMany(w => JsonNode.Parse(w.Body)!.AsArray()).Select(e => e.Str("intuitentityid"));

        Assert.Equal([second.Str("Id"), first.Str("Id")], ids);
    }

    [Fact]
    public async Task Only_companies_connected_to_the_app_send_it_webhooks_and_user_edits_are_announced()
    {
        await using var qbo = await QboHost.StartAsync();
        await qbo.PostJsonAsync("/sandbox/companies", new { realmId = "9130000000000009", companyName = "Not connected" });
        await using var listener = await WebhookListener.StartAsync();
        await Subscribe(qbo, listener, "Legacy");

        using var elsewhere = await qbo.Http.PostAsJsonAsync("/sandbox/companies/9130000000000009/customer", new JsonObject { ["DisplayName"] = "Elsewhere" });
        using var here = await qbo.Http.PostAsJsonAsync($"/sandbox/companies/{QboHost.Realm}/customer", new JsonObject { ["DisplayName"] = "Here" });
        var received = await listener.CollectAsync(Quiet);

        Assert.True(elsewhere.IsSuccessStatusCode && here.IsSuccessStatusCode);
        var webhook = Assert.Single(received);
        Assert.Equal(QboHost.Realm, JsonNode.Parse(webhook.Body).Str("eventNotifications.0.realmId"));
    }

    [Fact]
    public async Task A_configured_schedule_replaces_intuits()
    {
        await using var qbo = await QboHost.StartAsync(new() { ["QuickBooksSandbox:WebhookDelivery:RetryDelaysSeconds:0"] = "2" });
        await using var listener = await WebhookListener.StartAsync();
        await Subscribe(qbo, listener, "Legacy");
        listener.FailFirst.Enqueue(500);
        listener.FailFirst.Enqueue(500);

        await qbo.CustomerAsync("Ann Lee");
        await listener.NextAsync();
        foreach (var attempt in new[] { 1, 2 })
        {
            await RetryingAsync(qbo, attempt);
            await qbo.AdvanceClockAsync(TimeSpan.FromSeconds(2));
            await listener.NextAsync();
        }

        await qbo.AdvanceClockAsync(TimeSpan.FromSeconds(2));
        Assert.Empty(await listener.CollectAsync(Quiet));
    }

    [Fact]
    public async Task A_delivery_not_answered_in_time_counts_as_failed()
    {
        await using var qbo = await QboHost.StartAsync(new() { ["QuickBooksSandbox:WebhookDelivery:TimeoutMilliseconds"] = "300" });
        await using var listener = await WebhookListener.StartAsync();
        listener.Delay = TimeSpan.FromSeconds(2);
        await Subscribe(qbo, listener, "Legacy");

        await qbo.CustomerAsync("Ann Lee");
        await listener.NextAsync();

        await RetryingAsync(qbo, 1);
        var deliveries = await qbo.Http.GetFromJsonAsync<JsonArray>("/sandbox/webhooks/deliveries");
        Assert.Equal("timeout", deliveries![0].Str("lastError"));
    }

    /// <summary>Waits until the first delivery has failed <paramref name="attempts"/> times and has its next attempt scheduled.</summary>
    private static async Task RetryingAsync(QboHost qbo, int attempts)
    {
        for (var i = 0; i < 200; i++)
        {
            var deliveries = await qbo.Http.GetFromJsonAsync<JsonArray>("/sandbox/webhooks/deliveries");
            if (deliveries is [{ } head, ..] && head.Str("state") == "retrying" && head["attempts"]!.GetValue<int>() == attempts)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"The delivery never reached attempt {attempts}");
    }

    /// <summary>The deliveries once <paramref name="count"/> of them are no longer pending or in flight.</summary>
    private static async Task<JsonArray> SettledAsync(QboHost qbo, int count)
    {
        for (var i = 0; ; i++)
        {
            var deliveries = (await qbo.Http.GetFromJsonAsync<JsonArray>("/sandbox/webhooks/deliveries"))!;
            if (i == 200 || deliveries.Count(d => d.Str("state") is "delivered" or "dropped" or "failed") >= count)
            {
                return deliveries;
            }

            await Task.Delay(25);
        }
    }

    private static Task<JsonObject> Subscribe(QboHost qbo, WebhookListener listener, string format) =>
        qbo.PostJsonAsync("/sandbox/webhooks", new { url = listener.Url.ToString(), format, clientId = QboHost.ClientId });
}
