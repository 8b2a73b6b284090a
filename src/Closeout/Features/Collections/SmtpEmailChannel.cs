using Closeout.Infrastructure;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Closeout.Features.Collections;

/// <summary>
/// Email over SMTP (MailKit) with the invoice PDF attached. SMTP cannot be asked what it accepted, so the Message-Id is
/// derived from the delivery key: a resend after a crash between send and record carries the same id, which mail
/// stores use to drop the copy.
/// </summary>
internal sealed class SmtpEmailChannel(IOptions<CollectionsOptions> options) : IReminderChannel
{
    public ReminderChannel Channel => ReminderChannel.Email;

    public string? Unavailable => string.IsNullOrEmpty(options.Value.Smtp.Host) ? "email is not configured (Collections:Smtp)" : null;

    public async Task<Result<SentRef>> SendAsync(OutgoingReminder reminder, CancellationToken cancellationToken)
    {
        var settings = options.Value.Smtp;
        var message = Build(reminder, settings.From);
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            return new SentRef(message.MessageId ?? reminder.DeliveryKey);
        }
        catch (SmtpCommandException e) when (e.StatusCode is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.UserNotLocalTryAlternatePath)
        {
            return Failure.Permanent($"The mail server refused {e.Mailbox?.Address}: {e.Message}");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or AuthenticationException)
        {
            return Failure.Transient($"SMTP failed: {e.Message}");
        }
    }

    public Task<Result<SentRef?>> FindSentAsync(OutgoingReminder reminder, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Result.Ok<SentRef?>(null));

    public static MimeMessage Build(OutgoingReminder reminder, string from)
    {
        var facts = reminder.Facts;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(facts.BusinessName, from));
        message.To.Add(new MailboxAddress(reminder.Client.Name, reminder.Client.Email ?? throw new InvalidOperationException("No email address")));
        message.Subject = reminder.Message.Subject ?? $"Invoice {facts.InvoiceNumber}";
        message.MessageId = $"{facts.Reference}.{ReminderMessages.ReferenceOf(reminder.AccountId)}@closeout.reminders";
        message.Headers.Add("List-Unsubscribe", $"<{facts.OptOutLink}>");
        var body = new BodyBuilder { TextBody = reminder.Message.Body };
        body.Attachments.Add($"invoice-{facts.InvoiceNumber}.pdf", InvoicePdf.Render(facts, reminder.Invoice), new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        return message;
    }
}
