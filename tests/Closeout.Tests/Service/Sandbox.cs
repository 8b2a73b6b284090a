using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closeout.JobberSandbox;
using Closeout.JobberSandbox.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Tests.Service;

/// <summary>The real Jobber sandbox on a loopback port, with its app registered as Closeout's tests expect.</summary>
internal sealed class Sandbox : IAsyncDisposable
{
    public const string ClientId = "closeout-tests";
    public const string ClientSecret = "closeout-tests-secret";

    private readonly WebApplication _app;

    private Sandbox(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the sandbox seeded with the given dataset businesses, or its demo business when none.</summary>
    public static async Task<Sandbox> StartAsync(IReadOnlyList<string> businesses, Dictionary<string, string?>? settings = null)
    {
        var app = SandboxApp.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            var config = new Dictionary<string, string?>
            {
                ["Sandbox:Apps:0:ClientId"] = ClientId,
                ["Sandbox:Apps:0:ClientSecret"] = ClientSecret,
                ["Sandbox:Apps:0:AppId"] = "00000000-0000-4000-8000-000000000001",
                ["Sandbox:SeedDemo"] = businesses.Count == 0 ? "true" : "false",
                ["Sandbox:WebhookDelivery:FirstRetryDelayMilliseconds"] = "50",
                ["Sandbox:WebhookDelivery:MaxRetryDelayMilliseconds"] = "500",
                ["Sandbox:Limits:RestoreRate"] = "20000",
                ["Sandbox:Limits:MaximumAvailable"] = "100000",
            };
            for (var i = 0; i < businesses.Count; i++)
            {
                config[$"Sandbox:Seed:{i}"] = businesses[i];
            }

            builder.Configuration.AddInMemoryCollection(config);
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Sandbox(app, new Uri(address));
    }

    public async Task SubscribeAsync(Uri url)
    {
        using var response = await Http.PostAsJsonAsync("/sandbox/webhooks", new { url = url.ToString(), clientId = ClientId });
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<AccountSummary>> AccountsAsync() =>
        (await Http.GetFromJsonAsync<List<AccountSummary>>("/sandbox/accounts"))!;

    public async Task<IReadOnlyList<JobSummary>> JobsAsync(string? accountId = null) =>
        (await Http.GetFromJsonAsync<List<JobSummary>>("/sandbox/jobs" + (accountId is null ? "" : $"?accountId={Uri.EscapeDataString(accountId)}")))!;

    public async Task CompleteJobAsync(string jobId)
    {
        using var response = await Http.PostAsync($"/sandbox/jobs/{Uri.EscapeDataString(jobId)}/complete", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Opens a completed job again, without a webhook (a sandbox switch for tests).</summary>
    public async Task ReopenJobAsync(string jobId)
    {
        using var response = await Http.PostAsync($"/sandbox/jobs/{Uri.EscapeDataString(jobId)}/reopen", null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<InvoiceView>> InvoicesAsync(string? jobId = null) =>
        (await Http.GetFromJsonAsync<List<InvoiceView>>("/sandbox/invoices" + (jobId is null ? "" : $"?jobId={Uri.EscapeDataString(jobId)}")))!;

    /// <summary>The office invoices a job itself, through Jobber's API (invoiceCreate), as it would by hand; returns the invoice id.</summary>
    public async Task<string> CreateOfficeInvoiceAsync(string accountId, string jobId, string clientId, IEnumerable<(string Name, decimal Quantity, decimal UnitPrice, bool Taxable)> lines)
    {
        var (access, _) = await TokensAsync(accountId);
        var input = new JsonObject
        {
            ["clientId"] = clientId,
            ["jobId"] = jobId,
            ["origin"] = "JOB_CLOSE_JOBBER_ONLINE",
            ["subject"] = "For Services Rendered",
            ["dueDetails"] = new JsonObject(),
            ["tax"] = new JsonObject { ["taxCalculationMethod"] = "EXCLUSIVE" },
            ["lineItems"] = new JsonArray(lines.Select(l => (JsonNode)new JsonObject { ["name"] = l.Name, ["quantity"] = l.Quantity, ["cost"] = l.UnitPrice, ["taxable"] = l.Taxable }).ToArray()),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/graphql")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["query"] = "mutation($input: InvoiceCreateInput!) { invoiceCreate(input: $input) { invoice { id } userErrors { message path } } }",
                ["variables"] = new JsonObject { ["input"] = input },
            }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);
        request.Headers.Add("X-JOBBER-GRAPHQL-VERSION", "2025-01-20");
        using var response = await Http.SendAsync(request);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return body["data"]?["invoiceCreate"]?["invoice"]?["id"]?.GetValue<string>() ?? throw new InvalidOperationException("invoiceCreate failed: " + body.ToJsonString());
    }

    /// <summary>The office sends an invoice to its client through Jobber's API (workObjectSendEmail, INVOICE_SENT): it leaves draft.</summary>
    public async Task SendInvoiceAsync(string accountId, string invoiceId)
    {
        var found = await GraphQLAsync(accountId, "query($id: EncodedId!) { invoice(id: $id) { client { id emails { address } } } }", new { id = invoiceId });
        var client = found["invoice"]!["client"]!;
        var email = client["emails"]!.AsArray().Select(e => e!["address"]!.GetValue<string>()).FirstOrDefault() ?? "client@example.test";
        var sent = await GraphQLAsync(accountId,
            "mutation($input: WorkObjectSendEmailInput!) { workObjectSendEmail(input: $input) { message userErrors { message } } }",
            new { input = new { type = "INVOICE_SENT", subject = "Your invoice", message = "Your invoice is attached.", recipients = new[] { email }, attachmentId = invoiceId, clientId = client["id"]!.GetValue<string>() } });
        if (sent["workObjectSendEmail"]!["userErrors"]!.AsArray().Count > 0)
        {
            throw new InvalidOperationException("The sandbox refused to send the invoice: " + sent.ToJsonString());
        }
    }

    /// <summary>Runs a GraphQL operation as the account (the office's own changes go through the same API); returns data.</summary>
    public async Task<JsonObject> GraphQLAsync(string accountId, string query, object? variables = null)
    {
        var (access, _) = await TokensAsync(accountId);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);
        request.Headers.Add("X-JOBBER-GRAPHQL-VERSION", "2025-01-20");
        using var response = await Http.SendAsync(request);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        if (!response.IsSuccessStatusCode || body["errors"] is not null || body["data"] is not JsonObject data)
        {
            throw new InvalidOperationException($"GraphQL failed: {body.ToJsonString()}");
        }

        return data;
    }

    public async Task SetFaultsAsync(object faults)
    {
        using var response = await Http.PostAsJsonAsync("/sandbox/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Tokens for an account without the browser dance (the sandbox's /sandbox/tokens).</summary>
    public async Task<(string Access, string Refresh)> TokensAsync(string accountId)
    {
        using var response = await Http.PostAsJsonAsync("/sandbox/tokens", new { accountId, clientId = ClientId });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["access_token"]!.GetValue<string>(), body["refresh_token"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
