using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Tests.Service;

/// <summary>The real QuickBooks sandbox on a loopback port: one company seeded from a dataset business, Closeout's app registered.</summary>
internal sealed class QboSandbox : IAsyncDisposable
{
    public const string ClientId = "closeout-qbo-tests";
    public const string ClientSecret = "closeout-qbo-tests-secret";
    public const string VerifierToken = "closeout-qbo-tests-verifier";
    public const string Realm = "9130355555555551";

    private readonly WebApplication _app;

    private QboSandbox(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<QboSandbox> StartAsync(string businessFolder, Dictionary<string, string?>? settings = null)
    {
        var app = QuickBooksSandboxApp.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["QuickBooksSandbox:Apps:0:ClientId"] = ClientId,
                ["QuickBooksSandbox:Apps:0:ClientSecret"] = ClientSecret,
                ["QuickBooksSandbox:Apps:0:VerifierToken"] = VerifierToken,
                ["QuickBooksSandbox:Companies:0:RealmId"] = Realm,
                ["QuickBooksSandbox:Companies:0:Seed"] = businessFolder,
                ["QuickBooksSandbox:WebhookDelivery:RetryDelaysSeconds:0"] = "1",
                ["QuickBooksSandbox:WebhookDelivery:PollMilliseconds"] = "20",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new QboSandbox(app, new Uri(address));
    }

    /// <summary>What Closeout's QuickBooks section needs to talk to this sandbox.</summary>
    public Dictionary<string, string?> CloseoutSettings() => new()
    {
        ["QuickBooks:ApiBaseUrl"] = BaseAddress.ToString(),
        ["QuickBooks:AuthorizeUrl"] = new Uri(BaseAddress, "/connect/oauth2").ToString(),
        ["QuickBooks:TokenUrl"] = new Uri(BaseAddress, "/oauth2/v1/tokens/bearer").ToString(),
        ["QuickBooks:ClientId"] = ClientId,
        ["QuickBooks:ClientSecret"] = ClientSecret,
        ["QuickBooks:WebhookVerifierToken"] = VerifierToken,
        ["QuickBooks:ThrottleWaitMilliseconds"] = "200",
        ["QuickBooks:RetryBaseDelayMilliseconds"] = "20",
        ["QuickBooks:CdcSweepMilliseconds"] = "3600000",
    };

    public async Task SubscribeAsync(Uri url, string format = "Legacy")
    {
        using var response = await Http.PostAsJsonAsync("/sandbox/webhooks", new { url = url.ToString(), format, clientId = ClientId });
        response.EnsureSuccessStatusCode();
    }

    public async Task SetFaultsAsync(object faults)
    {
        using var response = await Http.PostAsJsonAsync("/sandbox/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every record of an entity in the company, as QuickBooks would answer it.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string entity) =>
        (await Http.GetFromJsonAsync<JsonArray>($"/sandbox/companies/{Realm}/{entity}"))!.OfType<JsonObject>().ToList();

    /// <summary>A write made by a person in QuickBooks (sends the same webhooks as an API write).</summary>
    public async Task<JsonObject> WriteAsUserAsync(string entity, JsonObject body)
    {
        using var response = await Http.PostAsJsonAsync($"/sandbox/companies/{Realm}/{entity.ToLowerInvariant()}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)![entity]!.AsObject();
    }

    /// <summary>A payment entered by a person in QuickBooks against one invoice, in full or in part.</summary>
    public Task<JsonObject> PayAsUserAsync(JsonObject qboInvoice, decimal amount, string txnDate) => WriteAsUserAsync("Payment", new JsonObject
    {
        ["CustomerRef"] = new JsonObject { ["value"] = qboInvoice["CustomerRef"]!["value"]!.GetValue<string>() },
        ["TotalAmt"] = amount,
        ["TxnDate"] = txnDate,
        ["Line"] = new JsonArray(new JsonObject
        {
            ["Amount"] = amount,
            ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = qboInvoice["Id"]!.GetValue<string>(), ["TxnType"] = "Invoice" }),
        }),
    });

    /// <summary>A void or a delete made by a person in QuickBooks (<c>operation=void|delete</c> at the record's current SyncToken).</summary>
    public async Task<JsonObject> VoidOrDeleteAsUserAsync(string entity, string id, string operation)
    {
        var current = (await ListAsync(entity)).Single(r => r["Id"]!.GetValue<string>() == id);
        using var response = await Http.PostAsJsonAsync(
            $"/sandbox/companies/{Realm}/{entity.ToLowerInvariant()}?operation={operation}",
            new JsonObject { ["Id"] = id, ["SyncToken"] = current["SyncToken"]!.GetValue<string>(), ["sparse"] = true });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)![entity]!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
