using System.Net;
using System.Text.Json.Nodes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Policies;
using Closeout.Features.PriceBook;
using Closeout.Features.Webhooks;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.PriceBook;

/// <summary>An account priced from its Jobber products and services: no catalog.json, only the account's policy.</summary>
public sealed class CatalogSyncTests
{
    [Theory]
    [InlineData("Per foot", "foot")]
    [InlineData("Type L, per foot", "foot")]
    [InlineData("Per 50 lb bag", "bag")]
    [InlineData("Per cubic yard, delivered and spread", "cubic yard")]
    [InlineData("Per linear foot", "foot")]
    [InlineData("Dispatch and travel to the property, once per visit", null)]
    [InlineData("Standard lot mowing visit", null)]
    [InlineData(null, null)]
    public void An_items_unit_is_the_one_its_text_sells_it_per(string? text, string? unit) =>
        Assert.Equal(unit, CatalogFromJobber.UnitOf(text));

    [Theory]
    [InlineData("cascade")]
    [InlineData("evergreen")]
    public async Task Drafts_priced_from_the_synced_catalog_equal_the_engines_on_the_same_price_book(string business)
    {
        using var policyFolder = new TempFolder();
        var folder = Path.Combine(Repo.Dataset, business);
        var catalog = CatalogLoader.LoadOrThrow(Path.Combine(folder, "catalog.json"));
        WritePolicyByNames(folder, catalog, policyFolder.File("policy.json"));

        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        // One item a page: every list the client reads (the price book, a job's lines, visits, time sheets, notes) needs `after`.
        await using var sandbox = await Sandbox.StartAsync([folder]);
        var account = Assert.Single(await sandbox.AccountsAsync());
        await using var closeout = await CloseoutServer.StartAsync(
            database, sandbox, new Dictionary<string, string> { [account.Id] = policyFolder.Path }, new() { ["Jobber:PageSize"] = "1" });
        await sandbox.SubscribeAsync(closeout.WebhookUrl);
        await closeout.ConnectAsync(sandbox, account.Id, account.Name);

        var engine = new DraftEngine(catalog, PolicyLoader.LoadOrThrow(Path.Combine(folder, "policy.json"), catalog));
        var cases = DatasetReader.ReadCases(Path.Combine(folder, "jobs")).ToDictionary(c => (long)c.Job.JobNumber!);
        var jobs = (await sandbox.JobsAsync()).Where(j => cases.ContainsKey(j.JobNumber)).ToList();
        await Task.WhenAll(jobs.Select(j => sandbox.CompleteJobAsync(j.Id)));
        await closeout.WaitForInvoicedDraftAsync(jobs[0].Id);

        var synced = await closeout.Services.GetRequiredService<CatalogStore>().FindAsync(account.Id, CancellationToken.None);
        Assert.Equal(catalog.Items.Select(i => (i.Name, i.UnitPrice, i.Taxable)).Order(), synced!.Products.Select(p => (p.Name, p.UnitPrice, p.Taxable)).Order());
        Assert.DoesNotContain(synced.Products, p => catalog.Contains(p.Id));
        foreach (var job in jobs)
        {
            var expected = engine.Draft(cases[job.JobNumber].Job);
            var stored = (await closeout.WaitForInvoicedDraftAsync(job.Id)).Draft;
            Assert.Equal(
                expected.Lines.Select(l => (catalog.Find(l.ItemId)!.Name, l.Quantity, l.UnitPrice, l.Total, l.Taxable)),
                stored.Lines.Select(l => (l.Name, l.Quantity, l.UnitPrice, l.Total, l.Taxable)));
            Assert.All(stored.Lines, l => Assert.Contains(synced.Products, p => p.Id == l.ItemId));
            Assert.Equal((expected.Subtotal, expected.Tax, expected.Total), (stored.Subtotal, stored.Tax, stored.Total));
        }
    }

    [Fact]
    public async Task A_product_webhook_syncs_the_catalog_again()
    {
        using var policyFolder = new TempFolder();
        var folder = Path.Combine(Repo.Dataset, "cascade");
        WritePolicyByNames(folder, CatalogLoader.LoadOrThrow(Path.Combine(folder, "catalog.json")), policyFolder.File("policy.json"));
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([folder]);
        var account = Assert.Single(await sandbox.AccountsAsync());
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string> { [account.Id] = policyFolder.Path });
        await closeout.ConnectAsync(sandbox, account.Id, account.Name);
        var store = closeout.Services.GetRequiredService<CatalogStore>();
        await closeout.WaitForInboxStateAsync(i => i.Topic == WebhookTopics.CatalogRefresh, "done");
        var first = (await store.FindAsync(account.Id, CancellationToken.None))!.SyncedAt;

        await Task.Delay(20);
        var body = CloseoutServer.WebhookBody(WebhookTopics.ProductUpdate, account.Id, "7", "2026-11-26T10:00:00Z");
        using var response = await closeout.PostWebhookAsync(body, WebhookSignature.Sign(body, Sandbox.ClientSecret));
        var done = await closeout.WaitForInboxStateAsync(i => i.Topic == WebhookTopics.ProductUpdate, "done");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await store.FindAsync(account.Id, CancellationToken.None))!.SyncedAt > first);
    }

    /// <summary>The dataset policy with each item id replaced by the item's name: how a business writes it against Jobber's price book.</summary>
    private static void WritePolicyByNames(string folder, Catalog catalog, string path)
    {
        var policy = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "policy.json")))!;
        Rename(policy, catalog);
        File.WriteAllText(path, policy.ToJsonString());
    }

    private static void Rename(JsonNode? node, Catalog catalog)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s) && catalog.Find(s) is { } item)
                    {
                        o[key] = item.Name;
                    }
                    else
                    {
                        Rename(value, catalog);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s) && catalog.Find(s) is { } item)
                    {
                        a[i] = item.Name;
                    }
                    else
                    {
                        Rename(a[i], catalog);
                    }
                }

                break;
        }
    }
}
