using System.Net.Http.Json;
using Closeout.Tests.Service;
using Microsoft.Data.Sqlite;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// The reminder worker killed for real (SIGKILL to its process tree) while Twilio holds the send: once before Twilio took
/// the message, once after it took it but before Closeout recorded the answer. The restarted process loses nothing and
/// sends nothing twice: every delivery ends sent, with exactly one message at Twilio.
/// </summary>
public sealed class ReminderKillTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("between deciding and sending")]
    [InlineData("between sending and recording")]
    public async Task A_worker_killed_around_a_send_sends_each_reminder_exactly_once_after_restart(string when)
    {
        var afterSend = when.Contains("recording", StringComparison.Ordinal);
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        var folder = Path.Combine(Repo.Dataset, "cascade");
        await using var sandbox = await Sandbox.StartAsync([folder]);
        await using var twilio = await TwilioFake.StartAsync();
        var account = Assert.Single(await sandbox.AccountsAsync());
        var url = new Uri($"http://127.0.0.1:{CloseoutProcess.FreePort()}");
        await sandbox.SubscribeAsync(new Uri(url, "/webhooks/jobber"));
        var environment = Settings(database, sandbox, account.Id, folder, new Dictionary<string, string>
        {
            ["Collections__Twilio__AccountSid"] = TwilioFake.AccountSid,
            ["Collections__Twilio__AuthToken"] = TwilioFake.AuthToken,
            ["Collections__Twilio__From"] = TwilioFake.From,
            ["Collections__Twilio__BaseUrl"] = twilio.BaseAddress.ToString(),
        });

        using var http = CloseoutServer.ClientWithToken(url, CloseoutServer.OwnerToken);
        http.Timeout = TimeSpan.FromSeconds(10);
        var hold = new TaskCompletionSource();
        if (afterSend)
        {
            twilio.HoldAfterCreate = hold;
        }
        else
        {
            twilio.HoldBeforeCreate = hold;
        }

        // First life: an invoice comes due, the worker records its intent, Twilio holds the send, the process is killed.
        using (var first = await CloseoutProcess.StartAsync(url, environment, http))
        {
            await IssueOverdueInvoiceAsync(sandbox, http, first);
            await twilio.CreateArrived.Task.WaitAsync(Bound);
            var intent = await WaitAsync(async () => (await DeliveriesAsync(database)).FirstOrDefault(d => d.State == "sending"), first);
            Assert.Equal(afterSend ? 1 : 0, twilio.Messages.Count);
            first.Kill();
            Assert.Equal("sending", (await DeliveriesAsync(database)).Single(d => d.Key == intent.Key).State);
        }

        twilio.HoldBeforeCreate = null;
        twilio.HoldAfterCreate = null;
        hold.TrySetResult();

        // Second life: the intent without a result is looked up at Twilio; sent once if it never went, recorded if it did.
        using var second = await CloseoutProcess.StartAsync(url, environment, http);
        var rows = await SettledAsync(database, second);

        var sent = rows.Where(d => d.State == "sent").ToList();
        var text = Assert.Single(sent);
        var message = Assert.Single(twilio.Messages);
        Assert.Equal(message.Sid, text.ProviderRef);
        Assert.Contains(afterSend ? "recovered" : "", text.Reason ?? "", StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(twilio.Messages);
    }

    /// <summary>
    /// The same over a real SMTP server on loopback: killed while the server holds MAIL FROM (nothing accepted: sent once
    /// after restart), or after the server accepted and stored the message but before its 250 reached Closeout (handed
    /// over at RCPT: taken as sent after restart, never sent again).
    /// </summary>
    [Theory]
    [InlineData("between deciding and sending")]
    [InlineData("between sending and recording")]
    public async Task A_worker_killed_around_an_email_sends_it_exactly_once_after_restart(string when)
    {
        var afterSend = when.Contains("recording", StringComparison.Ordinal);
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        var folder = Path.Combine(Repo.Dataset, "cascade");
        await using var sandbox = await Sandbox.StartAsync([folder]);
        await using var smtp = LocalSmtpServer.Start();
        var account = Assert.Single(await sandbox.AccountsAsync());
        var url = new Uri($"http://127.0.0.1:{CloseoutProcess.FreePort()}");
        await sandbox.SubscribeAsync(new Uri(url, "/webhooks/jobber"));
        var environment = Settings(database, sandbox, account.Id, folder, new Dictionary<string, string>
        {
            ["Collections__Smtp__Host"] = "127.0.0.1",
            ["Collections__Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collections__Smtp__StartTls"] = "false",
        });

        using var http = CloseoutServer.ClientWithToken(url, CloseoutServer.OwnerToken);
        http.Timeout = TimeSpan.FromSeconds(10);
        var hold = new TaskCompletionSource();
        if (afterSend)
        {
            smtp.HoldAfterAccept = hold;
        }
        else
        {
            smtp.HoldAtMailFrom = hold;
        }

        using (var first = await CloseoutProcess.StartAsync(url, environment, http))
        {
            await IssueOverdueInvoiceAsync(sandbox, http, first);
            await (afterSend ? smtp.MessageAccepted : smtp.MailFromArrived).Task.WaitAsync(Bound);
            var intent = await WaitAsync(async () => (await DeliveriesAsync(database)).FirstOrDefault(d => d.State == "sending"), first);
            Assert.Equal(afterSend ? 1 : 0, smtp.Messages.Count);
            first.Kill();
            Assert.Equal("sending", (await DeliveriesAsync(database)).Single(d => d.Key == intent.Key).State);
        }

        smtp.HoldAtMailFrom = null;
        smtp.HoldAfterAccept = null;
        hold.TrySetResult();

        using var second = await CloseoutProcess.StartAsync(url, environment, http);
        var rows = await SettledAsync(database, second);

        var email = Assert.Single(rows, d => d.State == "sent");
        var message = Assert.Single(smtp.Messages);
        Assert.Equal(message.MessageId, email.ProviderRef);
        Assert.Contains(afterSend ? "taken as sent, not repeated" : "", email.Reason ?? "", StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(smtp.Messages);
    }

    /// <summary>A child Closeout with the reminder worker on every 100 ms, at noon in its zone, plus the channel's settings.</summary>
    private static Dictionary<string, string> Settings(TestDatabase database, Sandbox sandbox, string accountId, string folder, Dictionary<string, string> channel)
    {
        var zone = CollectionsWorld.NoonZone();
        var environment = CloseoutProcess.Environment(database, sandbox, accountId, folder);
        environment["Collections__CycleMilliseconds"] = "100";
        environment["Collections__BusinessTimeZone"] = zone;
        environment["Collections__ClientTimeZone"] = zone;
        environment["Collections__LargeBalance"] = "1000000";
        environment["Collections__LeaseSeconds"] = "6"; // recovery waits for it; a send is cut off at 80% of it
        foreach (var (key, value) in channel)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Connects Jobber, completes job 1001 and issues its invoice due a week ago, so the +7 step is due now.</summary>
    private static async Task IssueOverdueInvoiceAsync(Sandbox sandbox, HttpClient http, CloseoutProcess process)
    {
        using (var connect = await http.GetAsync(new Uri("/jobber/connect", UriKind.Relative)))
        {
            Assert.True(connect.IsSuccessStatusCode, $"OAuth connect failed: HTTP {(int)connect.StatusCode}");
        }

        var job = (await sandbox.JobsAsync()).First(j => j.JobNumber == 1001);
        await sandbox.CompleteJobAsync(job.Id);
        var invoiceId = await WaitAsync(async () => (await sandbox.InvoicesAsync(job.Id)) is [var written, ..] ? written.Id : null, process);
        var now = TimeProvider.System.GetUtcNow();
        using var issue = await sandbox.Http.PostAsJsonAsync($"/sandbox/invoices/{Uri.EscapeDataString(invoiceId)}/issue", new { issuedDate = now.AddDays(-21), dueDate = now.AddDays(-7) });
        issue.EnsureSuccessStatusCode();
    }

    private static Task<List<Row>> SettledAsync(TestDatabase database, CloseoutProcess process) => WaitAsync(async () =>
    {
        var all = await DeliveriesAsync(database);
        return all.Count > 0 && all.All(d => d.State is "sent" or "superseded") ? all : null;
    }, process);

    private sealed record Row(string Key, string State, string? ProviderRef, string? Reason);

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, CloseoutProcess process)
        where T : class
    {
        var deadline = TimeProvider.System.GetUtcNow() + Bound;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"timed out; Closeout said: {process.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>The delivery rows read straight from the SQLite file (the process's own views die with it).</summary>
    private static async Task<List<Row>> DeliveriesAsync(TestDatabase database)
    {
        var file = Path.Combine(database.DataFolder, "closeout.db");
        var rows = new List<Row>();
        if (!File.Exists(file))
        {
            return rows;
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 5 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT delivery_key, state, provider_ref, reason FROM reminder_deliveries ORDER BY id";
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // no table yet: migrations have not run
        }

        return rows;
    }
}
