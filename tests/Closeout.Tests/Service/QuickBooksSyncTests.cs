using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Closeout.Features.QuickBooks;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure.Jobber;
using Closeout.JobberSandbox.Control;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Service;

/// <summary>
/// The QuickBooks sync end to end over real HTTP on loopback: the real Jobber sandbox, the real QuickBooks sandbox (one
/// company seeded from the same business, connected through the OAuth flow), the real Closeout, a real database.
/// </summary>
public abstract class QuickBooksSyncTests
{
    private const string Business = "cascade";

    protected abstract Provider Provider { get; }

    /// <summary>Both sandboxes and Closeout, QuickBooks connected through /quickbooks/connect and subscribed to Intuit's webhooks.</summary>
    private sealed class Books : IAsyncDisposable
    {
        public required Pipeline Pipeline { get; init; }

        public required QboSandbox Qbo { get; init; }

        public required string AccountId { get; init; }

        public CloseoutServer Closeout => Pipeline.Closeout;

        public Sandbox Jobber => Pipeline.Sandbox;

        public static async Task<Books> StartAsync(Provider provider, Dictionary<string, string?>? qboSettings = null)
        {
            var qbo = await QboSandbox.StartAsync(Path.Combine(Repo.Dataset, Business), qboSettings);
            var pipeline = await Pipeline.StartAsync(provider, [Business], qbo.CloseoutSettings(), null);
            await qbo.SubscribeAsync(new Uri(pipeline.Closeout.BaseAddress, "/webhooks/quickbooks"));
            var accountId = (await pipeline.Sandbox.AccountsAsync())[0].Id;

            // Closeout → Intuit's authorize page (the sandbox consents) → Closeout's callback with code, state and realmId.
            using var connect = await pipeline.Closeout.Http.GetAsync($"/quickbooks/connect?account={Uri.EscapeDataString(accountId)}");
            var body = await connect.Content.ReadAsStringAsync();
            Assert.True(connect.StatusCode == HttpStatusCode.OK, body);
            Assert.Contains(QboSandbox.Realm, body, StringComparison.Ordinal);
            return new Books { Pipeline = pipeline, Qbo = qbo, AccountId = accountId };
        }

        /// <summary>Completes a job, waits for Closeout's draft invoice in Jobber, sends it to the client; returns the Jobber invoice.</summary>
        public async Task<BilledInvoice> SentInvoiceAsync(long jobNumber)
        {
            var job = (await Jobber.JobsAsync()).First(j => j.JobNumber == jobNumber);
            await Jobber.CompleteJobAsync(job.Id);
            var draft = await Closeout.WaitForInvoicedDraftAsync(job.Id);
            var invoiceId = draft.Invoice!.InvoiceId!;
            using var sent = await Jobber.Http.PostAsync($"/sandbox/invoices/{Uri.EscapeDataString(invoiceId)}/send", null);
            sent.EnsureSuccessStatusCode();
            return (await Closeout.Services.GetRequiredService<JobberBillingApi>().GetInvoiceAsync(AccountId, invoiceId, CancellationToken.None)).Value!;
        }

        public async Task<JsonObject> QboInvoiceAsync(string docNumber) =>
            await Until(async () => (await Qbo.ListAsync("Invoice")).FirstOrDefault(i => i["DocNumber"]?.GetValue<string>() == docNumber), $"QuickBooks invoice {docNumber}");

        public async Task<InvoicePaymentsView> JobberPaymentsAsync(string invoiceId) =>
            (await Jobber.Http.GetFromJsonAsync<InvoicePaymentsView>($"/sandbox/invoices/{Uri.EscapeDataString(invoiceId)}/payments"))!;

        /// <summary>A payment entered by a person in QuickBooks against an invoice.</summary>
        public Task<JsonObject> PayInQuickBooksAsync(JsonObject qboInvoice, decimal amount) => Qbo.PayAsUserAsync(qboInvoice, amount, "2026-11-20");

        public async ValueTask DisposeAsync()
        {
            await Pipeline.DisposeAsync();
            await Qbo.DisposeAsync();
        }
    }

    private static async Task<T> Until<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
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

    private static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    [Fact]
    public async Task A_sent_invoice_is_in_QuickBooks_equal_to_the_cent_and_a_QuickBooks_payment_marks_it_paid_in_Jobber()
    {
        await using var books = await Books.StartAsync(Provider);
        // Two 429s on the way: waited out, not failed.
        await books.Qbo.SetFaultsAsync(new { throttles = 2 });

        var invoice = await books.SentInvoiceAsync(1001);
        var qboInvoice = await books.QboInvoiceAsync(invoice.InvoiceNumber);

        Assert.Equal(invoice.Total, Dec(qboInvoice["TotalAmt"]));
        Assert.Equal(invoice.Tax, Dec(qboInvoice["TxnTaxDetail"]!["TotalTax"]));
        var lines = qboInvoice["Line"]!.AsArray().OfType<JsonObject>().Where(l => l["DetailType"]!.GetValue<string>() == "SalesItemLineDetail").ToList();
        Assert.Equal(
            invoice.Lines.Select(l => (l.Quantity, l.UnitPrice, l.TotalPrice, l.Taxable ? "TAX" : "NON")),
            lines.Select(l => (Dec(l["SalesItemLineDetail"]!["Qty"]), Dec(l["SalesItemLineDetail"]!["UnitPrice"]), Dec(l["Amount"]), l["SalesItemLineDetail"]!["TaxCodeRef"]!["value"]!.GetValue<string>())));

        await books.PayInQuickBooksAsync(qboInvoice, invoice.Total);
        var paid = await Until(async () => await books.JobberPaymentsAsync(invoice.Id) is { InvoiceStatus: "paid" } p ? p : null, "the Jobber invoice paid");

        var payment = Assert.Single(paid.Payments);
        Assert.Equal(invoice.Total, payment.Amount);
        Assert.Equal(0m, paid.Balance);
        var feed = await Until(async () => (await books.Closeout.Services.GetRequiredService<IInvoicePaidFeed>().ForInvoiceAsync(books.AccountId, invoice.Id, CancellationToken.None)) is { Count: > 0 } rows ? rows : null, "the invoice-paid row");
        Assert.True(Assert.Single(feed).PaidInFull);
        Assert.Single(await books.Qbo.ListAsync("Invoice"), i => i["DocNumber"]?.GetValue<string>() == invoice.InvoiceNumber);
    }

    [Fact]
    public async Task A_payment_taken_in_Jobber_is_written_to_QuickBooks_once_and_never_echoed_back()
    {
        await using var books = await Books.StartAsync(Provider);
        var invoice = await books.SentInvoiceAsync(1002);
        var qboInvoice = await books.QboInvoiceAsync(invoice.InvoiceNumber);
        var part = Math.Round(invoice.Total / 3, 2, MidpointRounding.AwayFromZero);

        using var recorded = await books.Jobber.Http.PostAsJsonAsync($"/sandbox/invoices/{Uri.EscapeDataString(invoice.Id)}/payments", new { amount = part, paymentType = "CASH" });
        recorded.EnsureSuccessStatusCode();
        var qboPayment = await Until(async () => await books.Qbo.ListAsync("Payment") is { Count: > 0 } found ? found[0] : null, "the payment in QuickBooks");
        await Task.Delay(1500); // room for any echo: Intuit's webhook of Closeout's own write, Jobber's of the invoice update

        Assert.Equal(part, Dec(qboPayment["TotalAmt"]));
        Assert.Equal(qboInvoice["Id"]!.GetValue<string>(), qboPayment["Line"]![0]!["LinkedTxn"]![0]!["TxnId"]!.GetValue<string>());
        Assert.Equal(invoice.Total - part, Dec((await books.QboInvoiceAsync(invoice.InvoiceNumber))["Balance"]));
        Assert.Single(await books.Qbo.ListAsync("Payment"));
        Assert.Single((await books.JobberPaymentsAsync(invoice.Id)).Payments);
    }

    [Fact]
    public async Task A_dropped_webhook_is_recovered_by_the_CDC_sweep()
    {
        await using var books = await Books.StartAsync(Provider);
        var invoice = await books.SentInvoiceAsync(1003);
        var qboInvoice = await books.QboInvoiceAsync(invoice.InvoiceNumber);
        await Task.Delay(500); // the invoice's own webhooks are delivered before the drop is armed
        await books.Qbo.SetFaultsAsync(new { dropWebhooks = 1 });

        await books.PayInQuickBooksAsync(qboInvoice, invoice.Total);
        await Task.Delay(1000);
        Assert.Empty((await books.JobberPaymentsAsync(invoice.Id)).Payments);
        var queued = await books.Closeout.Services.GetRequiredService<CdcSweep>().SweepAsync(CancellationToken.None);

        Assert.True(queued >= 1);
        var paid = await Until(async () => await books.JobberPaymentsAsync(invoice.Id) is { InvoiceStatus: "paid" } p ? p : null, "the Jobber invoice paid after the sweep");
        Assert.Single(paid.Payments);
        Assert.Equal(0, await books.Closeout.Services.GetRequiredService<CdcSweep>().SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_forged_QuickBooks_webhook_is_refused_and_queues_nothing()
    {
        await using var books = await Books.StartAsync(Provider);
        var body = Encoding.UTF8.GetBytes($$$"""{"eventNotifications":[{"realmId":"{{{QboSandbox.Realm}}}","dataChangeEvent":{"entities":[{"name":"Payment","id":"77","operation":"Create","lastUpdated":"2026-11-20T10:00:00-0800"}]}}]}""");

        using var unsigned = await PostQboWebhookAsync(books.Closeout, body, null);
        using var forged = await PostQboWebhookAsync(books.Closeout, body, WebhookSignature.Sign(body, "not-the-verifier"));
        using var genuine = await PostQboWebhookAsync(books.Closeout, body, WebhookSignature.Sign(body, QboSandbox.VerifierToken));

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Single(await books.Closeout.InboxAsync(), i => i.Topic == QuickBooksWork.PaymentChanged);
    }

    [Fact]
    public async Task A_stale_SyncToken_is_re_read_and_the_update_written()
    {
        await using var books = await Books.StartAsync(Provider);
        var invoice = await books.SentInvoiceAsync(1004);
        var created = await books.QboInvoiceAsync(invoice.InvoiceNumber);
        var links = books.Closeout.Services.GetRequiredService<QuickBooksLinks>();
        var link = await Until(() => links.FindAsync(books.AccountId, LinkKinds.Invoice, invoice.Id, CancellationToken.None), "the invoice's link");
        // The invoice changed since Closeout wrote it (its fingerprint no longer matches), and a bookkeeper edits it meanwhile.
        await links.SaveAsync(link with { Fingerprint = "changed" }, CancellationToken.None);
        await books.Qbo.SetFaultsAsync(new { staleSyncTokens = 1 });

        using var push = await books.Closeout.Http.PostAsync($"/api/quickbooks/invoices/{Uri.EscapeDataString(invoice.Id)}/push?account={Uri.EscapeDataString(books.AccountId)}", null);
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        var done = await books.Closeout.WaitForInboxStateAsync(i => i.Topic == QuickBooksWork.InvoicePush, "done");

        Assert.StartsWith("updated", done.LastError, StringComparison.Ordinal);
        var updated = await books.QboInvoiceAsync(invoice.InvoiceNumber);
        Assert.True(int.Parse(updated["SyncToken"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= int.Parse(created["SyncToken"]!.GetValue<string>(), CultureInfo.InvariantCulture) + 2,
            "the bookkeeper's edit and Closeout's update");
        Assert.Equal(invoice.Total, Dec(updated["TotalAmt"]));
        Assert.Single(await books.Qbo.ListAsync("Invoice"), i => i["DocNumber"]?.GetValue<string>() == invoice.InvoiceNumber);
    }

    [Fact]
    public async Task A_client_already_in_QuickBooks_under_the_same_name_is_linked_not_duplicated()
    {
        await using var books = await Books.StartAsync(Provider);
        var job = (await books.Jobber.JobsAsync()).First(j => j.JobNumber == 1005);
        var client = (await books.Closeout.Services.GetRequiredService<JobberApi>().GetJobAsync(books.AccountId, job.Id, CancellationToken.None)).Value!["client"]!;
        var name = client["name"]!.GetValue<string>();
        // Entered by the bookkeeper in capitals, then made inactive: still holds the name (6240), so it must be reused.
        var existing = await books.Qbo.WriteAsUserAsync("Customer", new JsonObject { ["DisplayName"] = name.ToUpperInvariant() });
        await books.Qbo.WriteAsUserAsync("Customer", new JsonObject { ["Id"] = existing["Id"]!.DeepClone(), ["SyncToken"] = existing["SyncToken"]!.DeepClone(), ["sparse"] = true, ["Active"] = false });

        var invoice = await books.SentInvoiceAsync(1005);
        var qboInvoice = await books.QboInvoiceAsync(invoice.InvoiceNumber);

        Assert.Equal(existing["Id"]!.GetValue<string>(), qboInvoice["CustomerRef"]!["value"]!.GetValue<string>());
        Assert.Single(await books.Qbo.ListAsync("Customer"), c => string.Equals(c["DisplayName"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase));
        using var mappings = await books.Closeout.Http.GetAsync($"/api/quickbooks/mappings?account={Uri.EscapeDataString(books.AccountId)}");
        var view = (await mappings.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(view["mapped"]!["customer"]!.AsArray(), m => m!["qboId"]!.GetValue<string>() == existing["Id"]!.GetValue<string>());
        var page = await books.Closeout.Http.GetStringAsync("/quickbooks");
        Assert.Contains($"<code>{existing["Id"]!.GetValue<string>()}</code>", page, StringComparison.Ordinal);
        Assert.Contains(QboSandbox.Realm, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_are_encrypted_at_rest_and_each_rotated_refresh_token_is_saved_before_use()
    {
        // Access tokens that live 30 s are inside Closeout's 60 s margin: every call refreshes, and the refresh token rotates.
        await using var books = await Books.StartAsync(Provider, new() { ["QuickBooksSandbox:AccessTokenSeconds"] = "30" });
        var connections = books.Closeout.Services.GetRequiredService<QuickBooksConnections>();
        var first = (await connections.FindAsync(books.AccountId, CancellationToken.None))!.Tokens!.RefreshToken;

        var invoice = await books.SentInvoiceAsync(1001);
        await books.QboInvoiceAsync(invoice.InvoiceNumber);
        var latest = (await connections.FindAsync(books.AccountId, CancellationToken.None))!.Tokens!.RefreshToken;
        var raw = await connections.RawRefreshTokenAsync(books.AccountId, CancellationToken.None);

        Assert.NotEqual(first, latest);
        Assert.DoesNotContain(latest, raw!, StringComparison.Ordinal);
        Assert.DoesNotContain(first, raw!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reconciliation_report_shows_an_invoice_entered_only_in_QuickBooks_and_not_the_synced_one()
    {
        await using var books = await Books.StartAsync(Provider);
        var invoice = await books.SentInvoiceAsync(1001);
        var synced = await books.QboInvoiceAsync(invoice.InvoiceNumber);
        var item = (await books.Qbo.ListAsync("Item"))[0];
        await books.Qbo.WriteAsUserAsync("Invoice", new JsonObject
        {
            ["DocNumber"] = "QB-ONLY-1",
            ["TxnDate"] = synced["TxnDate"]!.DeepClone(),
            ["CustomerRef"] = synced["CustomerRef"]!.DeepClone(),
            ["Line"] = new JsonArray(new JsonObject
            {
                ["DetailType"] = "SalesItemLineDetail",
                ["Amount"] = 50m,
                ["SalesItemLineDetail"] = new JsonObject { ["ItemRef"] = new JsonObject { ["value"] = item["Id"]!.DeepClone() }, ["Qty"] = 1, ["UnitPrice"] = 50m },
            }),
        });
        var day = synced["TxnDate"]!.GetValue<string>();
        var query = $"account={Uri.EscapeDataString(books.AccountId)}&from={day}&to={day}";

        var report = (await books.Closeout.Http.GetFromJsonAsync<JsonObject>($"/api/quickbooks/reconciliation?{query}"))!;
        var csv = await books.Closeout.Http.GetStringAsync($"/api/quickbooks/reconciliation.csv?{query}");

        var differences = report["differences"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Contains(differences, d => d["kind"]!.GetValue<string>() == "invoice_only_in_quickbooks" && d["subject"]!.GetValue<string>() == "invoice QB-ONLY-1");
        Assert.DoesNotContain(differences, d => d["jobberId"]?.GetValue<string>() == invoice.Id);
        Assert.StartsWith("kind,subject,jobber_id,quickbooks_id", csv, StringComparison.Ordinal);
        Assert.Contains("invoice_only_in_quickbooks,invoice QB-ONLY-1", csv, StringComparison.Ordinal);
        using var bad = await books.Closeout.Http.GetAsync($"/api/quickbooks/reconciliation?account={Uri.EscapeDataString(books.AccountId)}&from=2026-12-01&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Writes_whose_answers_were_lost_are_found_again_not_repeated()
    {
        await using var books = await Books.StartAsync(Provider);
        var invoice = await books.SentInvoiceAsync(1002);
        var qboInvoice = await books.QboInvoiceAsync(invoice.InvoiceNumber);
        await books.PayInQuickBooksAsync(qboInvoice, invoice.Total);
        await Until(async () => await books.JobberPaymentsAsync(invoice.Id) is { InvoiceStatus: "paid" } p ? p : null, "the Jobber invoice paid");
        // As if Closeout died after each write and before it stored what it wrote: the mapping rows are gone.
        var database = books.Closeout.Services.GetRequiredService<Closeout.Infrastructure.Persistence.Database>();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await Closeout.Infrastructure.Persistence.Sql.ExecuteAsync(connection, "DELETE FROM qbo_links WHERE kind IN ('invoice', 'payment')", null, CancellationToken.None);
        }

        var pushed = await books.Closeout.Services.GetRequiredService<PushInvoice>().RunAsync(books.AccountId, invoice.Id, CancellationToken.None);
        var payment = (await books.Qbo.ListAsync("Payment"))[0];
        var pulled = await books.Closeout.Services.GetRequiredService<PaymentSync>().PullAsync(books.AccountId, payment["Id"]!.GetValue<string>(), CancellationToken.None);

        Assert.True(pushed.IsSuccess, pushed.Failure?.ToString());
        Assert.True(pulled.IsSuccess, pulled.Failure?.ToString());
        Assert.Contains("already", pulled.Value, StringComparison.Ordinal);
        Assert.Single(await books.Qbo.ListAsync("Invoice"), i => i["DocNumber"]?.GetValue<string>() == invoice.InvoiceNumber);
        Assert.Single((await books.JobberPaymentsAsync(invoice.Id)).Payments);
    }

    [Fact]
    public async Task A_CloudEvents_delivery_brings_a_QuickBooks_payment_to_Jobber_too()
    {
        await using var books = await Books.StartAsync(Provider);
        await books.Qbo.SubscribeAsync(new Uri(books.Closeout.BaseAddress, "/webhooks/quickbooks"), "CloudEvents");
        var invoice = await books.SentInvoiceAsync(1003);
        var qboInvoice = await books.QboInvoiceAsync(invoice.InvoiceNumber);
        var part = Math.Round(invoice.Total / 2, 2, MidpointRounding.AwayFromZero);

        await books.PayInQuickBooksAsync(qboInvoice, part);
        var paid = await Until(async () => await books.JobberPaymentsAsync(invoice.Id) is { Payments.Count: > 0 } p ? p : null, "the payment on the Jobber invoice");

        Assert.Equal(part, Assert.Single(paid.Payments).Amount);
        Assert.NotEqual("paid", paid.InvoiceStatus);
        Assert.Equal(invoice.Total - part, paid.Balance);
    }

    [Fact]
    public async Task A_missed_QuickBooks_payment_shows_in_the_report_and_its_safe_fix_records_it_in_Jobber()
    {
        await using var books = await Books.StartAsync(Provider);
        var invoice = await books.SentInvoiceAsync(1004);
        var qboInvoice = await books.QboInvoiceAsync(invoice.InvoiceNumber);
        await Task.Delay(500);
        await books.Qbo.SetFaultsAsync(new { dropWebhooks = 1 });
        var payment = await books.PayInQuickBooksAsync(qboInvoice, invoice.Total);
        await Task.Delay(500);
        var query = $"account={Uri.EscapeDataString(books.AccountId)}&from=2026-01-01&to=2026-12-31";

        var report = (await books.Closeout.Http.GetFromJsonAsync<JsonObject>($"/api/quickbooks/reconciliation?{query}"))!;
        var missed = Assert.Single(report["differences"]!.AsArray().OfType<JsonObject>(), d => d["quickBooksId"]?.GetValue<string>() == payment["Id"]!.GetValue<string>());
        Assert.Equal("payment_only_in_quickbooks", missed["kind"]!.GetValue<string>());
        Assert.Equal("QuickBooks", missed["rightSide"]!.GetValue<string>());
        using var fix = await books.Closeout.Http.PostAsJsonAsync("/api/quickbooks/reconciliation/fixes", new
        {
            account = books.AccountId,
            action = missed["fix"]!["action"]!.GetValue<string>(),
            quickBooksId = payment["Id"]!.GetValue<string>(),
        });

        Assert.Equal(HttpStatusCode.Accepted, fix.StatusCode);
        var paid = await Until(async () => await books.JobberPaymentsAsync(invoice.Id) is { InvoiceStatus: "paid" } p ? p : null, "the Jobber invoice paid by the fix");
        Assert.Single(paid.Payments);
        var after = (await books.Closeout.Http.GetFromJsonAsync<JsonObject>($"/api/quickbooks/reconciliation?{query}"))!;
        Assert.DoesNotContain(after["differences"]!.AsArray().OfType<JsonObject>(), d => d["quickBooksId"]?.GetValue<string>() == payment["Id"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> PostQboWebhookAsync(CloseoutServer closeout, byte[] body, string? signature)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/quickbooks") { Content = content };
        if (signature is not null)
        {
            request.Headers.Add(QuickBooksWebhook.SignatureHeader, signature);
        }

        return await closeout.Http.SendAsync(request);
    }
}

public sealed class SqliteQuickBooksSyncTests : QuickBooksSyncTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresQuickBooksSyncTests : QuickBooksSyncTests
{
    protected override Provider Provider => Provider.Postgres;
}
