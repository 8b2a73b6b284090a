using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Closeout.Features.Accounts;
using Closeout.Features.Drafts;
using Closeout.Features.Inbox;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure.Jobber;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Tests.Service;

/// <summary>Closeout's real web host on a loopback port, pointed at a sandbox, on a test database.</summary>
internal sealed class CloseoutServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>The owner every test server starts with (Users:Bootstrap), and the API token <see cref="Http"/> signs in with.</summary>
    public const string OwnerEmail = "owner@closeout.test";
    public const string OwnerPassword = "owner-password-for-tests";
    public const string OwnerToken = "cot_0123456789abcdef0123456789abcdef0123456789abcdef";

    private CloseoutServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = ClientWithToken(baseAddress, OwnerToken);
        Anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>Signed in as the owner, with an API token.</summary>
    public HttpClient Http { get; }

    /// <summary>Not signed in; does not follow redirects.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A client that sends <paramref name="token"/> to Closeout only (redirects through other sites carry none).</summary>
    public static HttpClient ClientWithToken(Uri closeout, string token) =>
        new(new Closeout.Features.Users.ApiTokenClient(closeout, token) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } })
        {
            BaseAddress = closeout,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Adds a user with a role (and the Jobber user ids a technician works as) and returns a client signed in as them.</summary>
    public async Task<HttpClient> ClientAsAsync(string role, string email, params string[] jobberUserIds)
    {
        using var created = await Http.PostAsJsonAsync("/api/users", new Closeout.Features.Users.NewUser(email, email, role, OwnerPassword, jobberUserIds));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var user = (await created.Content.ReadFromJsonAsync<Closeout.Features.Users.UserView>())!;
        using var issued = await Http.PostAsJsonAsync($"/api/users/{user.Id}/tokens", new Closeout.Features.Users.NewToken("test"));
        var token = (await issued.Content.ReadFromJsonAsync<Closeout.Features.Users.IssuedToken>())!;
        return ClientWithToken(BaseAddress, token.Token);
    }

    public IServiceProvider Services => _app.Services;

    public Uri WebhookUrl => new(BaseAddress, "/webhooks/jobber");

    public static async Task<CloseoutServer> StartAsync(
        TestDatabase database, Sandbox sandbox, IReadOnlyDictionary<string, string> businesses, Dictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = CloseoutApp.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            var config = new Dictionary<string, string?>(database.Settings())
            {
                ["Jobber:BaseUrl"] = sandbox.BaseAddress.ToString(),
                ["Jobber:ClientId"] = Sandbox.ClientId,
                ["Jobber:ClientSecret"] = Sandbox.ClientSecret,
                ["Jobber:RetryBaseDelayMilliseconds"] = "20",
                ["Jobber:RequestTimeoutSeconds"] = "5",
                ["Processing:RetryBaseMilliseconds"] = "50",
                ["Processing:RetryMaxMilliseconds"] = "500",
                ["Processing:SlowRetryBaseMilliseconds"] = "200",
                ["Processing:SweepMilliseconds"] = "100",
                ["Processing:MaxAttempts"] = "12",
                ["Users:Bootstrap:Email"] = OwnerEmail,
                ["Users:Bootstrap:Password"] = OwnerPassword,
                ["Users:Bootstrap:ApiToken"] = OwnerToken,
            };
            var i = 0;
            foreach (var (account, folder) in businesses)
            {
                config[$"Accounts:Businesses:{i}:Account"] = account;
                config[$"Accounts:Businesses:{i}:Folder"] = folder;
                i++;
            }

            builder.Configuration.AddInMemoryCollection(config);
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new CloseoutServer(app, new Uri(address));
    }

    /// <summary>Connects a sandbox account with tokens issued directly (the OAuth flow has its own test).</summary>
    public async Task ConnectAsync(Sandbox sandbox, string accountId, string accountName)
    {
        var (access, refresh) = await sandbox.TokensAsync(accountId);
        await Services.GetRequiredService<ConnectAccount>().ConnectAsync(
            new JobberAccountInfo(accountId, accountName), new JobberTokens(access, refresh, JobberTokenService.ExpiryOf(access)!.Value), CancellationToken.None);
    }

    public async Task<HttpResponseMessage> PostWebhookAsync(byte[] body, string? signature)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/jobber") { Content = content };
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.Header, signature);
        }

        // Jobber signs its deliveries and has no account with Closeout: the webhook is reached anonymously.
        return await Anonymous.SendAsync(request);
    }

    public static byte[] WebhookBody(string topic, string accountId, string itemId, string occurredAt) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { data = new { webHookEvent = new { topic, appId = "app", accountId, itemId, occurredAt } } }));

    public async Task<IReadOnlyList<DraftSummary>> DraftsAsync() =>
        (await Http.GetFromJsonAsync<List<DraftSummary>>("/api/drafts"))!;

    public async Task<StoredDraft?> DraftAsync(string jobId)
    {
        using var response = await Http.GetAsync($"/api/drafts/{Uri.EscapeDataString(jobId)}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<StoredDraft>(DraftDocument.JsonOptions) : null;
    }

    /// <summary>Waits until the job's draft is stored and its invoice written to Jobber (or failed).</summary>
    public async Task<StoredDraft> WaitForInvoicedDraftAsync(string jobId, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var draft = await DraftAsync(jobId);
            if (draft is not null && (draft.Invoice is null || draft.Invoice.State is "done" or "failed"))
            {
                return draft;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                var inbox = await InboxAsync();
                throw new TimeoutException($"No invoiced draft for {jobId}; draft: {draft?.Invoice?.State ?? "none"}; inbox: " +
                    string.Join(" | ", inbox.Where(i => i.State != "ignored").Take(10).Select(i => $"{i.Id} {i.Topic} {i.ItemId} {i.State} {i.Attempts} {i.ErrorKind} {i.LastError}")));
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The inbox, once every delivery acknowledged so far has reached it (on SQLite they pass through the intake journal).</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(string? state = null)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Services.GetRequiredService<JournalImporter>().WaitForImportAsync(bound.Token);
        return await Services.GetRequiredService<InboxStore>().ListAsync(state, 1000, CancellationToken.None);
    }

    public async Task<InboxItem> WaitForInboxStateAsync(Func<InboxItem, bool> which, string state, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var item = (await InboxAsync()).FirstOrDefault(which);
            if (item?.State == state)
            {
                return item;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"inbox item never reached {state}: {item?.State} {item?.LastError}");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
