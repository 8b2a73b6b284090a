using System.Net;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Tests;

public sealed class CdcAndBatchTests
{
    [Fact]
    public async Task Cdc_returns_changes_since_a_time_ordered_by_update_with_deletions_last()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 100m, false);
        var before = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1)));
        await qbo.AdvanceClockAsync(TimeSpan.FromMinutes(10));
        var since = "2026-11-02T17:05:00Z";
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 2)));
        await qbo.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var payment = await qbo.CreateAsync("Payment", QboHost.Payment(customer.Str("Id"), 50m, (invoice.Str("Id"), 50m)));
        await qbo.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        await qbo.PostAsync("invoice?operation=delete", new JsonObject { ["Id"] = before.Str("Id"), ["SyncToken"] = "0" });

        var cdc = await qbo.GetAsync($"cdc?entities=Invoice,Payment,Customer&changedSince={Uri.EscapeDataString(since)}&minorversion=75");

        Assert.True(cdc.Status == HttpStatusCode.OK, cdc.Text);
        var responses = cdc["CDCResponse"][0]!["QueryResponse"]!.AsArray();
        Assert.Equal(3, responses.Count);
        var invoices = responses[0]!["Invoice"]!.AsArray();
        Assert.Equal(invoice.Str("Id"), invoices[0].Str("Id"));
        Assert.Equal(150m, invoices[0].Dec("Balance"));
        Assert.Equal("Deleted", invoices[1].Str("status"));
        Assert.Equal(before.Str("Id"), invoices[1].Str("Id"));
        Assert.NotNull(invoices[1]!["MetaData"]!["LastUpdatedTime"]);
        Assert.Equal(payment.Str("Id"), responses[1]!["Payment"]![0].Str("Id"));
        Assert.Null(responses[2]!["Customer"]);
    }

    [Theory]
    [InlineData("entities=Invoice&changedSince=2026-09-01", "6000")]
    [InlineData("entities=TaxCode&changedSince=2026-11-01", "6000")]
    [InlineData("entities=Widget&changedSince=2026-11-01", "2170")]
    [InlineData("changedSince=2026-11-01", "2020")]
    [InlineData("entities=Invoice", "2020")]
    public async Task Cdc_refuses_windows_over_30_days_and_entities_it_does_not_track(string query, string code)
    {
        await using var qbo = await QboHost.StartAsync();

        var response = await qbo.GetAsync("cdc?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.FaultCode);
    }

    [Fact]
    public async Task Cdc_caps_the_objects_of_one_response()
    {
        await using var qbo = await QboHost.StartAsync(new() { ["QuickBooksSandbox:CdcMaxObjects"] = "2" });
        foreach (var name in new[] { "A", "B", "C" })
        {
            await qbo.CustomerAsync(name);
        }

        var cdc = await qbo.GetAsync("cdc?entities=Customer&changedSince=2026-11-02");

        Assert.Equal(2, cdc["CDCResponse"][0]!["QueryResponse"]![0]!["Customer"]!.AsArray().Count);
    }

    [Fact]
    public async Task Batch_items_succeed_or_fail_on_their_own_and_cannot_see_each_other()
    {
        await using var qbo = await QboHost.StartAsync();
        var item = await qbo.ItemAsync("Part", 100m, false);
        var existing = await qbo.CustomerAsync("Ann Lee");
        var request = JsonNode.Parse($$$"""
            {"BatchItemRequest":[
              {"bId":"b1","operation":"create","Customer":{"DisplayName":"Bob Ray"}},
              {"bId":"b2","operation":"create","Customer":{"DisplayName":"Ann Lee"}},
              {"bId":"b3","Query":"select * from Customer where DisplayName = 'Bob Ray'"},
              {"bId":"b4","operation":"create","Invoice":{"CustomerRef":{"value":"{{{existing.Str("Id")}}}"},"Line":[{"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"{{{item.Str("Id")}}}"},"Qty":2}}]}},
              {"bId":"b5","Query":"select * from Nothing"}
            ]}
            """)!;

        var response = await qbo.PostAsync("batch", request);

        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        var items = response["BatchItemResponse"].AsArray();
        Assert.Equal(["b1", "b2", "b3", "b4", "b5"], items.Select(i => i.Str("bId")));
        Assert.Equal("Bob Ray", items[0].Str("Customer.DisplayName"));
        Assert.Equal("6240", items[1].Str("Fault.Error.0.code"));
        Assert.Null(items[2]!["QueryResponse"]!["Customer"]?.AsArray().FirstOrDefault());
        Assert.Equal(200m, items[3].Dec("Invoice.TotalAmt"));
        Assert.Equal("4000", items[4].Str("Fault.Error.0.code"));
    }

    [Fact]
    public async Task An_invoice_cannot_reference_a_customer_created_in_the_same_batch()
    {
        await using var qbo = await QboHost.StartAsync();
        var item = await qbo.ItemAsync("Part", 100m, false);
        var next = long.Parse(item.Str("Id"), System.Globalization.CultureInfo.InvariantCulture) + 1;
        var request = JsonNode.Parse($$$"""
            {"BatchItemRequest":[
              {"bId":"c","operation":"create","Customer":{"DisplayName":"Bob Ray"}},
              {"bId":"i","operation":"create","Invoice":{"CustomerRef":{"value":"{{{next}}}"},"Line":[{"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"{{{item.Str("Id")}}}"},"Qty":1}}]}}
            ]}
            """)!;

        var items = (await qbo.PostAsync("batch", request))["BatchItemResponse"].AsArray();

        Assert.Equal(next.ToString(System.Globalization.CultureInfo.InvariantCulture), items[0].Str("Customer.Id"));
        Assert.Equal("2500", items[1].Str("Fault.Error.0.code"));
    }

    [Fact]
    public async Task Batch_is_limited_in_size_and_replayed_whole_by_requestid()
    {
        await using var qbo = await QboHost.StartAsync();
        var tooMany = new JsonArray([.. Enumerable.Range(0, 31).Select(i => (JsonNode)new JsonObject { ["bId"] = $"q{i}", ["Query"] = "select * from Account" })]);
        var oversized = await qbo.PostAsync("batch", new JsonObject { ["BatchItemRequest"] = tooMany });
        var create = new JsonObject { ["BatchItemRequest"] = new JsonArray(new JsonObject { ["bId"] = "c1", ["operation"] = "create", ["Customer"] = new JsonObject { ["DisplayName"] = "Cy Oak" } }) };

        var first = await qbo.PostAsync("batch?requestid=batch-1", create);
        var again = await qbo.PostAsync("batch?requestid=batch-1", create);
        var longBid = await qbo.PostAsync("batch?requestid=batch-2", new JsonObject
        {
            ["BatchItemRequest"] = new JsonArray(new JsonObject { ["bId"] = "far-too-long-bid", ["Query"] = "select * from Account" }),
        });

        Assert.Equal("6000", oversized.FaultCode);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(1, (await qbo.QueryAsync("SELECT COUNT(*) FROM Customer"))["QueryResponse"]["totalCount"]!.GetValue<int>());
        Assert.Equal("6000", longBid.FaultCode);
    }
}
