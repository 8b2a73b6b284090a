using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closeout.Features.Collections;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// Closeout (in-process, real HTTP) on a real database, the Jobber sandbox, a local Twilio and a real SMTP server. The
/// reminder worker is off: tests run the cycle themselves, so "one processing cycle" is one call. The business and its
/// clients sit in a zone where it is about noon now, so quiet hours never make a test depend on when it runs.
/// </summary>
internal sealed class CollectionsWorld : IAsyncDisposable
{
    private readonly Dictionary<string, string> _businesses;
    private readonly Dictionary<string, string?> _settings;

    private CollectionsWorld(TestDatabase database, Sandbox sandbox, TwilioFake twilio, LocalSmtpServer smtp, CloseoutServer closeout, string accountId, Dictionary<string, string> businesses, Dictionary<string, string?> settings)
    {
        _businesses = businesses;
        _settings = settings;
        Database = database;
        Sandbox = sandbox;
        Twilio = twilio;
        Smtp = smtp;
        Closeout = closeout;
        AccountId = accountId;
    }

    public TestDatabase Database { get; }

    public Sandbox Sandbox { get; }

    public TwilioFake Twilio { get; }

    public LocalSmtpServer Smtp { get; }

    public CloseoutServer Closeout { get; }

    public string AccountId { get; }

    public ReminderCycle Cycle => Closeout.Services.GetRequiredService<ReminderCycle>();

    public static string NoonZone() => ZoneAt(12);

    /// <summary>A fixed-offset zone where the hour is <paramref name="hour"/> now.</summary>
    public static string ZoneAt(int hour)
    {
        var offset = hour - TimeProvider.System.GetUtcNow().Hour;
        offset = offset > 14 ? offset - 24 : offset < -12 ? offset + 24 : offset;
        return offset switch { 0 => "Etc/GMT", > 0 => $"Etc/GMT-{offset}", _ => $"Etc/GMT+{-offset}" };
    }

    /// <summary>Polls <paramref name="probe"/> until it finds something (30 s at most).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"gave up waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Connects the QuickBooks sandbox's company to the account through Intuit's OAuth flow and subscribes Closeout to its webhooks.</summary>
    public async Task ConnectQuickBooksAsync(QboSandbox qbo)
    {
        using (var connect = await Closeout.Http.GetAsync($"/quickbooks/connect?account={Uri.EscapeDataString(AccountId)}"))
        {
            Assert.True(connect.IsSuccessStatusCode, await connect.Content.ReadAsStringAsync());
        }

        await qbo.SubscribeAsync(new Uri(Closeout.BaseAddress, "/webhooks/quickbooks"));
    }

    /// <summary>The QuickBooks copy of a Jobber invoice, once Closeout has pushed it.</summary>
    public static Task<JsonObject> QuickBooksInvoiceAsync(QboSandbox qbo, string invoiceNumber) =>
        UntilAsync(async () => (await qbo.ListAsync("Invoice")).FirstOrDefault(i => i["DocNumber"]?.GetValue<string>() == invoiceNumber), "the invoice in QuickBooks");

    public static async Task<CollectionsWorld> StartAsync(
        Provider provider, Dictionary<string, string?>? extra = null, Dictionary<string, string?>? sandboxSettings = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(Repo.Dataset, "cascade");
        var sandbox = await Sandbox.StartAsync([folder], sandboxSettings);
        var twilio = await TwilioFake.StartAsync();
        var smtp = LocalSmtpServer.Start();
        var account = Assert.Single(await sandbox.AccountsAsync());
        var zone = NoonZone();
        var businesses = new Dictionary<string, string> { [account.Id] = folder };
        var settings = new Dictionary<string, string?>
        {
            ["Collections:Enabled"] = "false",
            ["Collections:BusinessName"] = "Cascade Plumbing",
            ["Collections:BusinessAddress"] = "12 Water St, Portland OR 97201",
            ["Collections:BusinessContact"] = "(503) 555-0100",
            ["Collections:BusinessTimeZone"] = zone,
            ["Collections:ClientTimeZone"] = zone,
            ["Collections:SendAt"] = "09:00",
            ["Collections:LargeBalance"] = "1000000",
            ["Collections:PayLink"] = "https://clienthub.example/pay/{invoiceId}?src=reminder&v=1",
            ["Collections:Smtp:Host"] = "127.0.0.1",
            ["Collections:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collections:Smtp:StartTls"] = "false",
            ["Collections:Twilio:AccountSid"] = TwilioFake.AccountSid,
            ["Collections:Twilio:AuthToken"] = TwilioFake.AuthToken,
            ["Collections:Twilio:From"] = TwilioFake.From,
            ["Collections:Twilio:BaseUrl"] = twilio.BaseAddress.ToString(),
        }.Concat(extra ?? []).ToDictionary();
        var closeout = await CloseoutServer.StartAsync(database, sandbox, businesses, settings, configure);

        // The callback URL names Closeout's port, known only once it listens.
        closeout.Services.GetRequiredService<IOptions<CollectionsOptions>>().Value.Twilio.StatusCallback = new Uri(closeout.BaseAddress, "/webhooks/twilio/status");
        await closeout.ConnectAsync(sandbox, account.Id, account.Name);
        await sandbox.SubscribeAsync(closeout.WebhookUrl);

        return new CollectionsWorld(database, sandbox, twilio, smtp, closeout, account.Id, businesses, settings);
    }

    /// <summary>Another Closeout instance on the same database, sandbox, SMTP server and Twilio (its worker off too).</summary>
    public async Task<CloseoutServer> StartInstanceAsync()
    {
        var instance = await CloseoutServer.StartAsync(Database, Sandbox, _businesses, _settings);
        instance.Services.GetRequiredService<IOptions<CollectionsOptions>>().Value.Twilio.StatusCallback = new Uri(instance.BaseAddress, "/webhooks/twilio/status");
        return instance;
    }

    /// <summary>A job completed, drafted and written to Jobber by the pipeline, then sent to the client with its due date <paramref name="dueDaysAgo"/> days ago.</summary>
    public async Task<string> IssuedInvoiceAsync(int jobNumber, int dueDaysAgo)
    {
        var job = (await Sandbox.JobsAsync()).First(j => j.JobNumber == jobNumber);
        if (!(await Sandbox.InvoicesAsync(job.Id)).Any())
        {
            await Sandbox.CompleteJobAsync(job.Id);
        }

        string invoiceId;
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            var invoices = await Sandbox.InvoicesAsync(job.Id);
            if (invoices.Count > 0)
            {
                invoiceId = invoices[0].Id;
                break;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"no invoice was written for job {jobNumber}");
            await Task.Delay(50);
        }

        var now = TimeProvider.System.GetUtcNow();
        using var issue = await Sandbox.Http.PostAsJsonAsync($"/sandbox/invoices/{Uri.EscapeDataString(invoiceId)}/issue", new { issuedDate = now.AddDays(-dueDaysAgo - 14), dueDate = now.AddDays(-dueDaysAgo) });
        Assert.True(issue.IsSuccessStatusCode, await issue.Content.ReadAsStringAsync());
        return invoiceId;
    }

    /// <summary>From now on the sandbox sends Closeout only job webhooks: invoice and payment events are "missed".</summary>
    public async Task MissInvoiceWebhooksAsync()
    {
        using var response = await Sandbox.Http.PostAsJsonAsync("/sandbox/webhooks", new { url = Closeout.WebhookUrl.ToString(), clientId = Sandbox.ClientId, topics = new[] { "JOB_UPDATE", "VISIT_COMPLETE" } });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>invoiceCreatePaymentRecord through the sandbox's GraphQL API, as an app or Jobber's own UI would record it.</summary>
    public async Task RecordPaymentAsync(string invoiceId, decimal amount)
    {
        var (access, _) = await Sandbox.TokensAsync(AccountId);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/graphql")
        {
            Content = JsonContent.Create(new
            {
                query = "mutation Pay($input: InvoiceCreatePaymentRecordInput!) { invoiceCreatePaymentRecord(input: $input) { paymentRecord { id amount } userErrors { message path } } }",
                variables = new
                {
                    input = new { invoiceId, adjustmentType = "PAYMENT", amount, entryDate = TimeProvider.System.GetUtcNow(), paymentOrigin = "API_ORIGIN", paymentDetails = new { otherPaymentDetails = new { details = "test" } } },
                },
            }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);
        request.Headers.Add("X-JOBBER-GRAPHQL-VERSION", "2025-01-20");
        using var response = await Sandbox.Http.SendAsync(request);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(body["data"]?["invoiceCreatePaymentRecord"]?["paymentRecord"]?["id"] is not null, body.ToJsonString());
        Assert.Empty(body["data"]!["invoiceCreatePaymentRecord"]!["userErrors"]!.AsArray());
    }

    public async Task<ReceivablesView> ReceivablesAsync() =>
        (await Closeout.Http.GetFromJsonAsync<ReceivablesView>($"/api/receivables?account={Uri.EscapeDataString(AccountId)}"))!;

    public async Task<List<UpcomingReminder>> UpcomingAsync() =>
        (await Closeout.Http.GetFromJsonAsync<List<UpcomingReminder>>($"/api/receivables/reminders?account={Uri.EscapeDataString(AccountId)}&days=30"))!;

    /// <summary>Waits until the ledger shows the invoice in the given state (the webhook went through the inbox).</summary>
    public async Task<Receivable> WaitForReceivableAsync(string invoiceId, Func<Receivable, bool> until)
    {
        var store = Closeout.Services.GetRequiredService<CollectionsStore>();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            var receivable = await store.ReceivableAsync(AccountId, invoiceId, CancellationToken.None);
            if (receivable is not null && until(receivable))
            {
                return receivable;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"invoice {invoiceId} is {receivable?.Status ?? "unknown to Closeout"}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Closeout.DisposeAsync();
        await Smtp.DisposeAsync();
        await Twilio.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Database.DisposeAsync();
    }
}
