using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Closeout.QuickBooksSandbox.Tests;

/// <summary>A response: status, the parsed JSON body (null when not JSON) and the raw text.</summary>
internal sealed record QboResponse(HttpStatusCode Status, JsonObject? Body, string Text, HttpResponseHeaders Headers)
{
    public JsonNode this[string name] => Body![name]!;

    public string FaultCode => Body!["Fault"]!["Error"]![0]!["code"]!.GetValue<string>();
}

/// <summary>The real QuickBooks sandbox on a loopback port, one company with a 10 % sales tax, and a connected app.</summary>
internal sealed class QboHost : IAsyncDisposable
{
    public const string ClientId = "qbo-tests";
    public const string ClientSecret = "qbo-tests-secret";
    public const string VerifierToken = "qbo-tests-verifier";
    public const string Realm = "9130000000000001";

    private readonly WebApplication _app;

    private QboHost(WebApplication app, Uri baseAddress, FakeTimeProvider time)
    {
        _app = app;
        BaseAddress = baseAddress;
        Time = time;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public string AccessToken { get; private set; } = "";

    public string RefreshToken { get; private set; } = "";

    public IServiceProvider Services => _app.Services;

    public static async Task<QboHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 17, 0, 0, TimeSpan.Zero));
        var app = QuickBooksSandboxApp.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            var config = new Dictionary<string, string?>
            {
                ["QuickBooksSandbox:Apps:0:ClientId"] = ClientId,
                ["QuickBooksSandbox:Apps:0:ClientSecret"] = ClientSecret,
                ["QuickBooksSandbox:Apps:0:VerifierToken"] = VerifierToken,
                ["QuickBooksSandbox:Companies:0:RealmId"] = Realm,
                ["QuickBooksSandbox:Companies:0:CompanyName"] = "Test Plumbing",
                ["QuickBooksSandbox:Companies:0:TaxRatePercent"] = "10",
                ["QuickBooksSandbox:Companies:0:TimeZone"] = "America/Los_Angeles",
            };
            builder.Configuration.AddInMemoryCollection(config);
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton<TimeProvider>(time);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var host = new QboHost(app, new Uri(address), time);
        await host.ConnectAsync();
        return host;
    }

    public async Task ConnectAsync()
    {
        var body = await PostJsonAsync("/sandbox/tokens", new { realmId = Realm, clientId = ClientId });
        AccessToken = body["access_token"]!.GetValue<string>();
        RefreshToken = body["refresh_token"]!.GetValue<string>();
    }

    public static string Path(string rest) => $"/v3/company/{Realm}/{rest}";

    public async Task<QboResponse> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            json = JsonNode.Parse(text) as JsonObject;
        }

        return new QboResponse(response.StatusCode, json, text, response.Headers);
    }

    public Task<QboResponse> PostAsync(string pathAndQuery, JsonNode body) =>
        SendAsync(HttpMethod.Post, Path(pathAndQuery), body.ToJsonString());

    public Task<QboResponse> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, Path(pathAndQuery));

    public Task<QboResponse> QueryAsync(string statement) =>
        GetAsync("query?query=" + Uri.EscapeDataString(statement) + "&minorversion=75");

    /// <summary>Creates a record that must succeed and returns it.</summary>
    public async Task<JsonObject> CreateAsync(string entity, JsonNode body)
    {
        var response = await PostAsync(entity.ToLowerInvariant(), body);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        return response[entity].AsObject();
    }

    public async Task<JsonObject> ReadAsync(string entity, string id)
    {
        var response = await GetAsync($"{entity.ToLowerInvariant()}/{id}");
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        return response[entity].AsObject();
    }

    /// <summary>The first record a query finds.</summary>
    public async Task<JsonObject> FirstAsync(string statement)
    {
        var response = await QueryAsync(statement);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        var list = response["QueryResponse"].AsObject().First(p => p.Value is JsonArray).Value!.AsArray();
        return list[0]!.AsObject();
    }

    public async Task<JsonObject> CustomerAsync(string name) =>
        await CreateAsync("Customer", new JsonObject { ["DisplayName"] = name, ["PrimaryEmailAddr"] = new JsonObject { ["Address"] = "client@example.com" } });

    /// <summary>A Service item with an income account.</summary>
    public async Task<JsonObject> ItemAsync(string name, decimal price, bool taxable)
    {
        var income = await FirstAsync("SELECT * FROM Account WHERE AccountType = 'Income'");
        return await CreateAsync("Item", new JsonObject
        {
            ["Name"] = name,
            ["Type"] = "Service",
            ["UnitPrice"] = price,
            ["Taxable"] = taxable,
            ["IncomeAccountRef"] = new JsonObject { ["value"] = income["Id"]!.GetValue<string>() },
        });
    }

    public async Task<string> TaxCodeIdAsync() => (await FirstAsync("SELECT * FROM TaxCode"))["Id"]!.GetValue<string>();

    public static JsonObject Line(string itemId, decimal qty, decimal? unitPrice = null, string? taxCode = null, decimal? amount = null)
    {
        var detail = new JsonObject { ["ItemRef"] = new JsonObject { ["value"] = itemId }, ["Qty"] = qty };
        if (unitPrice is not null)
        {
            detail["UnitPrice"] = unitPrice;
        }

        if (taxCode is not null)
        {
            detail["TaxCodeRef"] = new JsonObject { ["value"] = taxCode };
        }

        var line = new JsonObject { ["DetailType"] = "SalesItemLineDetail", ["SalesItemLineDetail"] = detail };
        if (amount is not null)
        {
            line["Amount"] = amount;
        }

        return line;
    }

    public static JsonObject Invoice(string customerId, string? taxCodeId, params JsonObject[] lines)
    {
        var invoice = new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customerId },
            ["Line"] = new JsonArray([.. lines]),
        };
        if (taxCodeId is not null)
        {
            invoice["TxnTaxDetail"] = new JsonObject { ["TxnTaxCodeRef"] = new JsonObject { ["value"] = taxCodeId } };
        }

        return invoice;
    }

    public static JsonObject Payment(string customerId, decimal total, params (string InvoiceId, decimal Amount)[] applied) => new()
    {
        ["CustomerRef"] = new JsonObject { ["value"] = customerId },
        ["TotalAmt"] = total,
        ["Line"] = new JsonArray([.. applied.Select(a => (JsonNode)new JsonObject
        {
            ["Amount"] = a.Amount,
            ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = a.InvoiceId, ["TxnType"] = "Invoice" }),
        })]),
    };

    public async Task<JsonObject> PostJsonAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public Task<JsonObject> SetFaultsAsync(object faults) => PostJsonAsync("/sandbox/faults", faults);

    public Task<JsonObject> AdvanceClockAsync(TimeSpan by) => PostJsonAsync("/sandbox/clock", new { advanceSeconds = by.TotalSeconds });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal static class JsonExtensions
{
    public static string Str(this JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonArray array && int.TryParse(part, out var index) ? array[index] : node?[part];
        }

        return node?.ToString() ?? throw new KeyNotFoundException(path);
    }

    public static decimal Dec(this JsonNode? node, string path) =>
        decimal.Parse(node.Str(path), System.Globalization.CultureInfo.InvariantCulture);
}
