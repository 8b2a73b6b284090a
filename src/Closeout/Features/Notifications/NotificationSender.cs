using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Closeout.Features.Notifications;

/// <summary>
/// Sends queued notifications: mail over SMTP (MailKit) and the chat webhook (a JSON POST of {"text": ...}). A row is
/// claimed with a lease, sent, then marked sent; a failure goes back to the queue with backoff. A process that dies between
/// sending and marking sends that one message again after the lease: mail carries a Message-Id made from the
/// notification's key, so a mail server or client recognises the repeat.
/// </summary>
internal sealed partial class NotificationSender(
    NotificationOutbox outbox,
    IHttpClientFactory http,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationSender> logger) : BackgroundService
{
    public const string SlackClient = "closeout-slack";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await SendNextAsync(stoppingToken).ConfigureAwait(false))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.Value.SweepMilliseconds), time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The sender never dies: the database away is logged and the loop goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopError(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends one due notification; false when none was due.</summary>
    public async Task<bool> SendNextAsync(CancellationToken cancellationToken)
    {
        var item = await outbox.ClaimAsync(Lease, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return false;
        }

        try
        {
            await (item.Message.Channel == Notification.Slack ? PostSlackAsync(item.Message, cancellationToken) : MailAsync(item.Message, cancellationToken)).ConfigureAwait(false);
            await outbox.CompleteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var final = item.Attempts >= options.Value.MaxAttempts;
            var retryIn = TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, item.Attempts - 1)));
            LogSendFailed(logger, item.Message.Channel, item.Id, item.Attempts, e.GetType().Name);
            await outbox.ReleaseAsync(item, $"{e.GetType().Name}: {e.Message}", retryIn, final, CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }

    private async Task MailAsync(Notification message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host) || string.IsNullOrWhiteSpace(message.Target))
        {
            throw new InvalidOperationException("Notifications:Smtp:Host is not set or the message has no address");
        }

        using var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(message.Target));
        mail.Subject = message.Subject;
        mail.MessageId = $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(message.Key)))[..32]}@closeout";
        mail.Body = new TextPart("plain") { Text = message.Body };

        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.Auto;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task PostSlackAsync(Notification message, CancellationToken cancellationToken)
    {
        var url = options.Value.SlackWebhookUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidOperationException("Notifications:SlackWebhookUrl is not set");
        }

        using var response = await http.CreateClient(SlackClient).PostAsJsonAsync(url, new { text = $"*{message.Subject}*\n{message.Body}" }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Id} ({Channel}) attempt {Attempt} failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, string channel, long id, long attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification sender loop failed")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
