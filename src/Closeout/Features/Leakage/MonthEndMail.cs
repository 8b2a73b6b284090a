using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Closeout.Features.Accounts;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Persistence;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Closeout.Features.Leakage;

/// <summary>Who gets an account's month-end report.</summary>
public sealed class ReportOwner
{
    [Required]
    public string Account { get; set; } = "";

    [Required, EmailAddress]
    public string Email { get; set; } = "";
}

/// <summary>The month-end report by email (section Leakage:Mail): the SMTP server, the sender, each account's owner.</summary>
public sealed class LeakageMailOptions : IValidatableObject
{
    public const string Section = "Leakage:Mail";

    public bool Enabled { get; set; }

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;

    /// <summary>Require STARTTLS (a real relay); off for a relay on loopback.</summary>
    public bool StartTls { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }

    [Required, EmailAddress]
    public string From { get; set; } = "closeout@localhost.localdomain";

    /// <summary>The local hour (business time zone) of the first business day at which the report goes out.</summary>
    [Range(0, 23)]
    public int SendHour { get; set; } = 7;

    /// <summary>After a failed send, the next try is this much later.</summary>
    [Range(1, 1440)]
    public int RetryMinutes { get; set; } = 15;

    /// <summary>A report missed while the service was down still goes out this many days after its day; later, it is only downloadable.</summary>
    [Range(0, 27)]
    public int CatchUpDays { get; set; } = 7;

    public List<ReportOwner> Owners { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(SmtpHost))
        {
            yield return new ValidationResult("Leakage:Mail:SmtpHost is required when the month-end mail is enabled", [nameof(SmtpHost)]);
        }
    }
}

/// <summary>When the month-end report goes out: the first weekday (Monday to Friday) of a month, at an hour of the business's day.</summary>
public static class FirstBusinessDay
{
    public static DateTimeOffset Of(int year, int month, TimeZoneInfo zone, int hour)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var day = new DateTime(year, month, 1, hour, 0, 0, DateTimeKind.Unspecified);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day, zone.GetUtcOffset(day));
    }

    /// <summary>The send time of the month <paramref name="now"/> falls in (in the business's zone).</summary>
    public static DateTimeOffset ThisMonth(DateTimeOffset now, TimeZoneInfo zone, int hour)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return Of(local.Year, local.Month, zone, hour);
    }

    /// <summary>The send time of the month after the one <paramref name="now"/> falls in.</summary>
    public static DateTimeOffset NextMonth(DateTimeOffset now, TimeZoneInfo zone, int hour)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var next = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
        return Of(next.Year, next.Month, zone, hour);
    }
}

/// <summary>Builds the previous month's report of an account, renders it as PDF and mails it to the owner over SMTP (MailKit).</summary>
internal sealed partial class MonthEndMailer(UnbilledWork work, Database database, IOptionsMonitor<LeakageMailOptions> options, TimeProvider time, ILogger<MonthEndMailer> logger)
{
    /// <summary>True when the report of the month starting <paramref name="from"/> already went to this account's owner.</summary>
    public async Task<bool> SentAsync(string accountId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT sent_at FROM leakage_mailings WHERE account_id = @account AND month = @month", null,
            r => r.Long("sent_at"), cancellationToken, ("account", accountId), ("month", MonthKey(from))).ConfigureAwait(false);
        return rows.Count > 0;
    }

    public async Task<Result<bool>> SendAsync(Account account, string recipient, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var report = await work.BuildAsync(account, from, to, cancellationToken).ConfigureAwait(false);
        if (!report.IsSuccess)
        {
            return report.Failure!;
        }

        var settings = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            return Failure.Configuration("Leakage:Mail:SmtpHost is not set");
        }

        using var message = Message(report.Value!, settings.From, recipient);
        try
        {
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync(settings.SmtpHost, settings.SmtpPort, settings.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await smtp.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            await smtp.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await smtp.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.CommandException or AuthenticationException or SslHandshakeException)
        {
            return Failure.Transient($"The month-end report could not be mailed: {e.GetType().Name}: {e.Message}");
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO leakage_mailings (account_id, month, recipient, sent_at) VALUES (@account, @month, @to, @now) ON CONFLICT (account_id, month) DO NOTHING",
            null, cancellationToken, ("account", account.Id), ("month", MonthKey(from)), ("to", recipient), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
        var month = MonthKey(from);
        LogMailed(logger, account.Id, month, report.Value!.Entries.Count);
        return true;
    }

    public static string MonthKey(DateTimeOffset from) => from.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static MimeMessage Message(UnbilledReport report, string from, string to)
    {
        var totals = report.Totals;
        var month = report.From.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"Unbilled work for {month}: {UnbilledPdf.Money(totals.Total)} - {report.Business}";
        var body = new BodyBuilder
        {
            TextBody = string.Join("\r\n",
                $"Unbilled work at {report.Business} for the jobs completed in {month} (pre-tax, as of {report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}):",
                $"  Completed, not invoiced: {UnbilledPdf.Money(totals.NotInvoiced)}",
                $"  Invoiced for less than the draft: {UnbilledPdf.Money(totals.UnderBilled)}",
                $"  Approved, not sent: {UnbilledPdf.Money(totals.ApprovedNotSent)}",
                $"  In all: {UnbilledPdf.Money(totals.Total)}",
                "",
                "The attached PDF lists every job, by week, technician, service line and client."),
        };
        body.Attachments.Add($"unbilled-{MonthKey(report.From)}.pdf", UnbilledPdf.Render(report), new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        return message;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailed the month-end unbilled-work report of {Month} for account {AccountId} ({Entries} jobs)")]
    private static partial void LogMailed(ILogger logger, string accountId, string month, int entries);
}

/// <summary>
/// Sends each configured owner the previous month's report on the first business day of the month, at the configured
/// hour of the business's time zone. Waits on its own clock (keyed <see cref="ClockKey"/>, the host's by default), so a
/// test drives it with a fake one. A month missed while the service was down goes out when it starts (within
/// CatchUpDays); a failed send is tried again later; one already sent is never sent twice (leakage_mailings).
/// </summary>
internal sealed partial class MonthEndMailScheduler(
    MonthEndMailer mailer,
    UnbilledWork work,
    IOptionsMonitor<LeakageMailOptions> options,
    [FromKeyedServices(MonthEndMailScheduler.ClockKey)] TimeProvider clock,
    ILogger<MonthEndMailScheduler> logger) : BackgroundService
{
    public const string ClockKey = "leakage-mail";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && options.CurrentValue.Enabled)
        {
            var wake = await RunDueAsync(stoppingToken).ConfigureAwait(false);
            var delay = wake - clock.GetUtcNow();
            await Task.Delay(delay > TimeSpan.FromSeconds(1) ? delay : TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is due now; returns when to look again.</summary>
    public async Task<DateTimeOffset> RunDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        var wake = now.AddDays(1);
        foreach (var owner in settings.Owners)
        {
            var found = await work.AccountAsync(owner.Account, cancellationToken).ConfigureAwait(false);
            if (!found.IsSuccess)
            {
                LogSkipped(logger, owner.Account, found.Failure!.Message);
                continue;
            }

            var (account, zone) = found.Value;
            var due = FirstBusinessDay.ThisMonth(now, zone, settings.SendHour);
            if (now < due)
            {
                wake = Min(wake, due);
                continue;
            }

            var (from, to) = UnbilledWork.PreviousMonth(due, zone);
            if (now - due <= TimeSpan.FromDays(settings.CatchUpDays) && !await mailer.SentAsync(account.Id, from, cancellationToken).ConfigureAwait(false))
            {
                var sent = await mailer.SendAsync(account, owner.Email, from, to, cancellationToken).ConfigureAwait(false);
                if (!sent.IsSuccess)
                {
                    LogFailed(logger, account.Id, sent.Failure!.Message);
                    wake = Min(wake, now.AddMinutes(settings.RetryMinutes));
                    continue;
                }
            }

            wake = Min(wake, FirstBusinessDay.NextMonth(now, zone, settings.SendHour));
        }

        return wake;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No month-end report for account {AccountId}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string accountId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The month-end report of account {AccountId} was not mailed; trying again later: {Reason}")]
    private static partial void LogFailed(ILogger logger, string accountId, string reason);
}
