using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Features.Drafts;
using Closeout.Features.Leakage;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Closeout.Tests.Features.Leakage;

public sealed class FirstBusinessDayTests
{
    // year, month, local day the report goes out, UTC offset in Los Angeles that day.
    [Theory]
    [InlineData(2026, 10, 1, -7)]  // a Thursday
    [InlineData(2026, 11, 2, -8)]  // the 1st is a Sunday; standard time again
    [InlineData(2026, 8, 3, -7)]   // the 1st is a Saturday
    [InlineData(2026, 2, 2, -8)]   // the 1st is a Sunday
    [InlineData(2027, 1, 1, -8)]   // a Friday
    public void The_report_goes_out_on_the_first_weekday_of_the_month_at_the_local_hour(int year, int month, int day, int offsetHours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

        var at = FirstBusinessDay.Of(year, month, zone, 7);

        Assert.Equal(new DateTimeOffset(year, month, day, 7, 0, 0, TimeSpan.FromHours(offsetHours)), at);
        Assert.Equal(at, FirstBusinessDay.ThisMonth(at.AddDays(10), zone, 7));
        Assert.Equal(at, FirstBusinessDay.NextMonth(at.AddMonths(-1).AddDays(5), zone, 7));
    }
}

/// <summary>The month-end report reaches the owner through a real SMTP server on loopback, on the first business day, once.</summary>
public sealed class MonthEndMailTests
{
    [Fact]
    public async Task The_owner_gets_last_months_report_by_email_on_the_first_business_day_and_only_once()
    {
        using var smtp = await LoopbackSmtp.StartAsync();
        var folder = Path.Combine(Repo.Dataset, "cascade");
        var business = LoadedBusiness.Load(new BusinessFolder(folder));
        var zone = business.Policy.TimeZone;
        var busiest = DatasetReader.ReadCases(Path.Combine(folder, "jobs"))
            .Select(c => c.Job.Visits?.Items.Max(v => v.CompletedAt)).OfType<DateTimeOffset>()
            .GroupBy(t => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderByDescending(g => g.Count()).First().Key;
        var month = DateOnly.ParseExact(busiest + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sendAt = FirstBusinessDay.Of(month.AddMonths(1).Year, month.AddMonths(1).Month, zone, 7);
        var clock = new FakeTimeProvider(sendAt.AddDays(-2));

        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, "cascade");
        var accountId = (await pipeline.Sandbox.AccountsAsync())[0].Id;
        // A second Closeout on the same database, with the mail configured for the account and the scheduler on the fake clock.
        await using var mailing = await CloseoutServer.StartAsync(pipeline.Database, pipeline.Sandbox, pipeline.Folders, MailSettings(accountId, smtp.Port),
            builder => builder.Services.AddKeyedSingleton<TimeProvider>(MonthEndMailScheduler.ClockKey, clock));

        // Two days early: nothing goes out.
        await Task.Delay(500);
        Assert.Empty(smtp.Messages);

        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        var message = await smtp.WaitForMessageAsync();

        var expected = (await mailing.Http.GetFromJsonAsync<UnbilledReport>($"/api/leakage/{Uri.EscapeDataString(accountId)}/report?month={busiest}", DraftDocument.JsonOptions))!;
        Assert.True(expected.Totals.Total > 0);
        Assert.Equal("owner@example.test", message.To.Mailboxes.Single().Address);
        Assert.True(message.Subject!.Contains(month.ToString("MMMM yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal), message.Subject);
        Assert.Contains(UnbilledPdf.Money(expected.Totals.Total), message.Subject, StringComparison.Ordinal);
        var attachment = message.Attachments.OfType<MimePart>().Single();
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var pdfBytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdfBytes);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(pdfBytes.ToArray()))
        {
            var text = string.Concat(string.Concat(pdf.GetPages().Select(p => p.Text)).Where(c => !char.IsWhiteSpace(c)));
            Assert.Contains($"Slippinginall:{UnbilledPdf.Money(expected.Totals.Total)}", text, StringComparison.Ordinal);
        }

        // Later the same month: the report is not sent again.
        clock.Advance(TimeSpan.FromDays(3));
        await Task.Delay(500);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_send_that_fails_is_tried_again_later_and_arrives_once()
    {
        var port = LoopbackSmtp.FreePort();
        var zone = LoadedBusiness.Load(new BusinessFolder(Path.Combine(Repo.Dataset, "evergreen"))).Policy.TimeZone;
        var sendAt = FirstBusinessDay.Of(2026, 7, zone, 7);
        var clock = new FakeTimeProvider(sendAt.AddHours(-1));
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, "evergreen");
        var accountId = (await pipeline.Sandbox.AccountsAsync())[0].Id;
        await using var mailing = await CloseoutServer.StartAsync(pipeline.Database, pipeline.Sandbox, pipeline.Folders, MailSettings(accountId, port),
            builder => builder.Services.AddKeyedSingleton<TimeProvider>(MonthEndMailScheduler.ClockKey, clock));

        // The relay is down when the report is due: nothing is recorded as sent.
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await Task.Delay(1500);
        var mailer = mailing.Services.GetRequiredService<MonthEndMailer>();
        var (from, _) = UnbilledWork.PreviousMonth(sendAt, zone);
        Assert.False(await mailer.SentAsync(accountId, from, CancellationToken.None));

        // The relay comes back; the retry after RetryMinutes delivers it, once.
        using var smtp = await LoopbackSmtp.StartAsync(port);
        clock.Advance(TimeSpan.FromMinutes(15));
        var message = await smtp.WaitForMessageAsync();
        Assert.Contains("June 2026", message.Subject, StringComparison.Ordinal);

        // The send is recorded once the server has answered the whole conversation, a moment after it has the message.
        var recorded = false;
        for (var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30); !recorded && TimeProvider.System.GetUtcNow() < deadline; await Task.Delay(50))
        {
            recorded = await mailer.SentAsync(accountId, from, CancellationToken.None);
        }

        Assert.True(recorded);
        clock.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(500);
        Assert.Single(smtp.Messages);
    }

    private static Dictionary<string, string?> MailSettings(string accountId, int port) => new()
    {
        ["Leakage:Mail:Enabled"] = "true",
        ["Leakage:Mail:SmtpHost"] = "127.0.0.1",
        ["Leakage:Mail:SmtpPort"] = port.ToString(CultureInfo.InvariantCulture),
        ["Leakage:Mail:StartTls"] = "false",
        ["Leakage:Mail:From"] = "closeout@example.test",
        ["Leakage:Mail:Owners:0:Account"] = accountId,
        ["Leakage:Mail:Owners:0:Email"] = "owner@example.test",
    };

    /// <summary>A real SMTP server (SmtpServer) on a free loopback port, keeping what it receives.</summary>
    private sealed class LoopbackSmtp : MessageStore, IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<MimeMessage> _messages = new();
        private int _disposed;

        private LoopbackSmtp(int port) => Port = port;

        public int Port { get; }

        public IReadOnlyCollection<MimeMessage> Messages => _messages;

        public static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public static Task<LoopbackSmtp> StartAsync(int? port = null)
        {
            var smtp = new LoopbackSmtp(port ?? FreePort());
            var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, smtp.Port))).Build();
            var provider = new SmtpServer.ComponentModel.ServiceProvider();
            provider.Add(smtp);
            _ = new SmtpServer.SmtpServer(options, provider).StartAsync(smtp._stop.Token);
            return Task.FromResult(smtp);
        }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            _messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }

        public async Task<MimeMessage> WaitForMessageAsync()
        {
            for (var waited = 0; waited < 30_000; waited += 50)
            {
                if (_messages.TryPeek(out var message))
                {
                    return message;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException("No message reached the SMTP server");
        }

        // The SmtpServer library may dispose its message store too: stopping twice is harmless.
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _stop.Cancel();
                _stop.Dispose();
            }
        }
    }
}
