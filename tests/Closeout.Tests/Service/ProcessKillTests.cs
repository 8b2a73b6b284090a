using System.Net.Http.Json;
using Closeout.Features.Drafts;
using Closeout.Features.Webhooks;
using Closeout.JobberSandbox.Control;
using Microsoft.Data.Sqlite;

namespace Closeout.Tests.Service;

/// <summary>
/// A worker killed in the middle of a job, for real: Closeout runs as its own OS process on SQLite, the sandbox holds its
/// job fetch, the process tree is killed while the inbox item is claimed, and a restarted process finishes the job once.
/// </summary>
public sealed class ProcessKillTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_Closeout_process_killed_mid_job_finishes_it_after_restart_with_one_draft_and_one_invoice()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        var folder = Path.Combine(Repo.Dataset, "cascade");
        await using var sandbox = await Sandbox.StartAsync([folder]);
        var account = Assert.Single(await sandbox.AccountsAsync());
        var job = (await sandbox.JobsAsync()).First(j => j.JobNumber == 1001);
        var url = new Uri($"http://127.0.0.1:{CloseoutProcess.FreePort()}");
        await sandbox.SubscribeAsync(new Uri(url, "/webhooks/jobber"));
        var environment = CloseoutProcess.Environment(database, sandbox, account.Id, folder);
        using var http = CloseoutServer.ClientWithToken(url, CloseoutServer.OwnerToken);
        http.Timeout = TimeSpan.FromSeconds(10);

        // First life: connect through OAuth, then every GraphQL call hangs, so the job fetch holds the claimed item.
        using (var first = await CloseoutProcess.StartAsync(url, environment, http))
        {
            using (var connect = await http.GetAsync(new Uri("/jobber/connect", UriKind.Relative)))
            {
                Assert.True(connect.IsSuccessStatusCode, $"OAuth connect failed: HTTP {(int)connect.StatusCode} {await connect.Content.ReadAsStringAsync()}");
            }

            await sandbox.SetFaultsAsync(new FaultSettings { LatencyMilliseconds = 120_000 });
            await sandbox.CompleteJobAsync(job.Id);
            var claimed = await WaitForInboxAsync(database, job.Id, row => row.State == "processing", first);
            Assert.Equal(1, claimed.Attempts);

            first.Kill();
        }

        var afterKill = await ReadInboxAsync(database, job.Id);
        Assert.Equal("processing", afterKill!.State);
        Assert.Empty(await sandbox.InvoicesAsync(job.Id));
        await sandbox.SetFaultsAsync(new FaultSettings());

        // Second life: the lease ran out, the restarted worker takes the item over and finishes the job.
        using var second = await CloseoutProcess.StartAsync(url, environment, http);
        var done = await WaitForInboxAsync(database, job.Id, row => row.State is "done" or "dead", second);
        var stored = await http.GetFromJsonAsync<StoredDraft>(new Uri($"/api/drafts/{Uri.EscapeDataString(job.Id)}", UriKind.Relative), DraftDocument.JsonOptions);
        var drafts = await http.GetFromJsonAsync<List<DraftSummary>>(new Uri("/api/drafts", UriKind.Relative));

        Assert.Equal("done", done.State);
        Assert.Equal(2, done.Attempts);
        Assert.Single(drafts!);
        Assert.Equal("done", stored!.Invoice!.State);
        var invoice = Assert.Single(await sandbox.InvoicesAsync(job.Id));
        Assert.Equal(stored.Invoice.InvoiceId, invoice.Id);
        Assert.NotEmpty(invoice.Lines);
    }

    [Fact]
    public async Task A_Closeout_process_killed_mid_QuickBooks_push_pushes_the_invoice_once_after_restart()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        var folder = Path.Combine(Repo.Dataset, "cascade");
        await using var sandbox = await Sandbox.StartAsync([folder]);
        await using var qbo = await QboSandbox.StartAsync(folder);
        var account = Assert.Single(await sandbox.AccountsAsync());
        var job = (await sandbox.JobsAsync()).First(j => j.JobNumber == 1001);
        var url = new Uri($"http://127.0.0.1:{CloseoutProcess.FreePort()}");
        await sandbox.SubscribeAsync(new Uri(url, "/webhooks/jobber"));
        await qbo.SubscribeAsync(new Uri(url, "/webhooks/quickbooks"));
        var environment = CloseoutProcess.Environment(database, sandbox, account.Id, folder);
        environment["QuickBooks__SweepEnabled"] = "false";
        environment["QuickBooks__RequestTimeoutSeconds"] = "200";
        foreach (var (key, value) in qbo.CloseoutSettings())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        using var http = CloseoutServer.ClientWithToken(url, CloseoutServer.OwnerToken);
        http.Timeout = TimeSpan.FromSeconds(10);
        string invoiceId;

        // First life: both companies connected, the draft invoice written to Jobber; then QuickBooks answers nothing, and
        // the push of the invoice, once sent, holds its claimed item when the process tree is killed.
        using (var first = await CloseoutProcess.StartAsync(url, environment, http))
        {
            using (var connect = await http.GetAsync(new Uri("/jobber/connect", UriKind.Relative)))
            {
                Assert.True(connect.IsSuccessStatusCode, $"Jobber connect failed: {await connect.Content.ReadAsStringAsync()}");
            }

            using (var connect = await http.GetAsync(new Uri($"/quickbooks/connect?account={Uri.EscapeDataString(account.Id)}", UriKind.Relative)))
            {
                Assert.True(connect.IsSuccessStatusCode, $"QuickBooks connect failed: {await connect.Content.ReadAsStringAsync()}");
            }

            await sandbox.CompleteJobAsync(job.Id);
            await WaitForInboxAsync(database, job.Id, row => row.State == "done", first);
            invoiceId = Assert.Single(await sandbox.InvoicesAsync(job.Id)).Id;
            await qbo.SetFaultsAsync(new { latencyMilliseconds = 120_000 });
            using (var sent = await sandbox.Http.PostAsync($"/sandbox/invoices/{Uri.EscapeDataString(invoiceId)}/send", null))
            {
                sent.EnsureSuccessStatusCode();
            }

            var claimed = await WaitForInboxAsync(database, invoiceId, row => row.State == "processing", first, "INVOICE_UPDATE");
            Assert.Equal(1, claimed.Attempts);
            first.Kill();
        }

        Assert.DoesNotContain(await qbo.ListAsync("Invoice"), i => i["PrivateNote"]?.GetValue<string>()?.Contains(invoiceId, StringComparison.Ordinal) == true);
        await qbo.SetFaultsAsync(new { });

        // Second life: the lease ran out; the restarted worker takes the push over and writes the invoice once.
        using var second = await CloseoutProcess.StartAsync(url, environment, http);
        var done = await WaitForInboxAsync(database, invoiceId, row => row.State is "done" or "dead", second, "INVOICE_UPDATE");

        Assert.Equal("done", done.State);
        Assert.Equal(2, done.Attempts);
        var pushed = Assert.Single(await qbo.ListAsync("Invoice"), i => i["PrivateNote"]?.GetValue<string>()?.Contains(invoiceId, StringComparison.Ordinal) == true);
        Assert.Equal(Assert.Single(await sandbox.InvoicesAsync(job.Id)).Total, pushed["TotalAmt"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Deliveries_acknowledged_while_the_database_is_locked_survive_a_kill_and_are_stored_once_after_restart()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        var folder = Path.Combine(Repo.Dataset, "cascade");
        await using var sandbox = await Sandbox.StartAsync([folder]);
        var account = Assert.Single(await sandbox.AccountsAsync());
        var job = (await sandbox.JobsAsync()).First(j => j.JobNumber == 1001);
        var url = new Uri($"http://127.0.0.1:{CloseoutProcess.FreePort()}");
        var environment = CloseoutProcess.Environment(database, sandbox, account.Id, folder);
        using var http = CloseoutServer.ClientWithToken(url, CloseoutServer.OwnerToken);
        http.Timeout = TimeSpan.FromSeconds(10);
        var clients = Enumerable.Range(0, 20)
            .Select(i => CloseoutServer.WebhookBody("CLIENT_CREATE", account.Id, $"client-{i}", "2026-11-26T10:00:00Z"))
            .ToList();
        var completed = CloseoutServer.WebhookBody(WebhookTopics.JobUpdate, account.Id, job.Id, "2026-11-26T10:00:01Z");

        // First life: connected; then another connection holds SQLite's write lock, so no inbox row can be written. The
        // deliveries (each posted twice) are acknowledged all the same, from the intake journal; then the process is killed.
        using (var first = await CloseoutProcess.StartAsync(url, environment, http))
        {
            using (var connect = await http.GetAsync(new Uri("/jobber/connect", UriKind.Relative)))
            {
                Assert.True(connect.IsSuccessStatusCode, $"OAuth connect failed: {await connect.Content.ReadAsStringAsync()}");
            }

            await sandbox.CompleteJobAsync(job.Id);
            await using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(database.DataFolder, "closeout.db"), Pooling = false }.ToString());
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync();
            }

            foreach (var body in clients.Concat([completed]).Concat(clients))
            {
                using var response = await PostSignedAsync(http, body);
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            }

            first.Kill();
        }

        Assert.Equal(0, await CountAsync(database, "CLIENT_CREATE"));

        // Second life: the journal left behind is moved into the inbox at start; each delivery once, and the job drafted.
        using var second = await CloseoutProcess.StartAsync(url, environment, http);
        var done = await WaitForInboxAsync(database, job.Id, row => row.State is "done" or "dead", second, WebhookTopics.JobUpdate);
        var drafts = await http.GetFromJsonAsync<List<DraftSummary>>(new Uri("/api/drafts", UriKind.Relative));

        Assert.Equal("done", done.State);
        Assert.Single(drafts!);
        Assert.Single(await sandbox.InvoicesAsync(job.Id));
        Assert.Equal(20, await CountAsync(database, "CLIENT_CREATE"));
    }

    private static async Task<HttpResponseMessage> PostSignedAsync(HttpClient http, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/jobber", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(body, Sandbox.ClientSecret));
        return await http.SendAsync(request);
    }

    private static async Task<long> CountAsync(TestDatabase database, string topic)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(database.DataFolder, "closeout.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM inbox WHERE topic = @topic";
        command.Parameters.AddWithValue("@topic", topic);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed record InboxRow(string State, long Attempts, string? LastError);

    private static async Task<InboxRow> WaitForInboxAsync(TestDatabase database, string jobId, Func<InboxRow, bool> until, CloseoutProcess process, string? topic = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Bound;
        while (true)
        {
            var row = await ReadInboxAsync(database, jobId, topic);
            if (row is not null && until(row))
            {
                return row;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"inbox item for {jobId} is {row?.State ?? "absent"} ({row?.LastError}); Closeout said: {process.Output}");
            await Task.Delay(25);
        }
    }

    /// <summary>The job's inbox row, read straight from the SQLite file (the process's own views would die with it).</summary>
    private static async Task<InboxRow?> ReadInboxAsync(TestDatabase database, string jobId, string? topic = null)
    {
        var file = Path.Combine(database.DataFolder, "closeout.db");
        if (!File.Exists(file))
        {
            return null;
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 5 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, attempts, last_error FROM inbox WHERE item_id = @item AND topic <> 'APP_CONNECT'" + (topic is null ? "" : " AND topic = @topic") + " ORDER BY id LIMIT 1";
        command.Parameters.AddWithValue("@item", jobId);
        command.Parameters.AddWithValue("@topic", topic ?? "");
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? new InboxRow(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)) : null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            return null; // no inbox table yet: migrations have not run
        }
    }
}
