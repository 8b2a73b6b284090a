using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Closeout.JobberSandbox.Tests;

/// <summary>The real sandbox on a loopback port, with a real HttpClient over TCP.</summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    public const string Version = "2025-01-20";
    public const string ClientId = "closeout-sandbox";
    public const string ClientSecret = "sandbox-client-secret-not-for-production";
    public static readonly string CascadeJob1001 = "Z2lkOi8vSm9iYmVyL0pvYi8xMDAx";

    private readonly WebApplication _app;

    private SandboxHost(WebApplication app, Uri baseAddress, FakeTimeProvider? time)
    {
        _app = app;
        BaseAddress = baseAddress;
        Time = time;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }
    public FakeTimeProvider? Time { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<SandboxHost> StartAsync(Dictionary<string, string?>? settings = null, FakeTimeProvider? time = null, bool seedCascade = true)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0" };
        if (seedCascade)
        {
            args.AddRange(["--seed", Path.Combine(Path.GetDirectoryName(SchemaConformance.RealSchemaPath())!, "dataset", "cascade")]);
        }

        var app = SandboxApp.Create([.. args], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:WebhookDelivery:FirstRetryDelayMilliseconds"] = "50",
                ["Sandbox:WebhookDelivery:MaxRetryDelayMilliseconds"] = "200",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            if (time is not null)
            {
                builder.Services.RemoveAll<TimeProvider>();
                builder.Services.AddSingleton<TimeProvider>(time);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SandboxHost(app, new Uri(address), time);
    }

    public async Task<string> TokenAsync(string? accountId = null)
    {
        using var response = await Http.PostAsJsonAsync("/sandbox/tokens", new { accountId });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["access_token"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> PostGraphQLAsync(string token, string query, object? variables = null, string? version = Version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (version is not null)
        {
            request.Headers.Add("X-JOBBER-GRAPHQL-VERSION", version);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Runs an operation that must answer 200 and returns the whole body (data, errors, extensions).</summary>
    public async Task<JsonObject> GraphQLAsync(string token, string query, object? variables = null)
    {
        using var response = await PostGraphQLAsync(token, query, variables);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
