using Closeout.Infrastructure;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Closeout.Features.Collections;

/// <summary>
/// Email over SMTP (MailKit) with the invoice PDF attached. SMTP cannot be asked afterwards what it accepted, so the
/// delivery is marked handed over the moment the server accepted the recipient, before DATA: a crash before that mark
/// sends again (the server never got the message); a crash after it is taken as sent and never repeated (ADR 0013). The
/// Message-Id is derived from the delivery key, so even a copy that did go twice is one message to mail stores.
/// </summary>
internal sealed class SmtpEmailChannel(IOptions<CollectionsOptions> options) : IReminderChannel
{
    public ReminderChannel Channel => ReminderChannel.Email;

    public string? Unavailable => string.IsNullOrEmpty(options.Value.Smtp.Host) ? "email is not configured (Collections:Smtp)" : null;

    public async Task<Result<SentRef>> SendAsync(OutgoingReminder reminder, Handover handover, CancellationToken cancellationToken)
    {
        var settings = options.Value.Smtp;
        var message = Build(reminder, settings.From);
        using var client = new HandOverAtData(handover, cancellationToken);
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
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.MessageNotAccepted && client.HandedOver)
        {
            // The server answered DATA with a refusal: it does not hold the message, so a retry may send it.
            await handover.NotTakenAsync(cancellationToken).ConfigureAwait(false);
            return (int)e.StatusCode >= 500 ? Failure.Permanent($"The mail server refused the message: {e.Message}") : Failure.Transient($"The mail server deferred the message: {e.Message}");
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

    /// <summary>Only asked for a delivery handed over before a crash: SMTP cannot be asked, and DATA may have been accepted.</summary>
    public Task<Result<SentRef?>> FindSentAsync(OutgoingReminder reminder, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Result.Ok<SentRef?>(new SentRef(MessageId(reminder),
            "recovered: the SMTP server had accepted the recipient and DATA was under way when the process stopped; taken as sent, not repeated (SMTP cannot be asked)")));

    public static string MessageId(OutgoingReminder reminder) => $"{reminder.Facts.Reference}.{ReminderMessages.ReferenceOf(reminder.AccountId)}@closeout.reminders";

    /// <summary>MailKit's SMTP client that records the handover when the server accepts the recipient, right before DATA.</summary>
    private sealed class HandOverAtData(Handover handover, CancellationToken cancellationToken) : SmtpClient
    {
        public bool HandedOver { get; private set; }

        protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            base.OnRecipientAccepted(message, mailbox, response);
            if (!HandedOver)
            {
                // MailKit's hook is synchronous and the mark must be durable before DATA goes: one short database write waited on.
                handover.HandedOverAsync(cancellationToken).GetAwaiter().GetResult();
                HandedOver = true;
            }
        }
    }

    public static MimeMessage Build(OutgoingReminder reminder, string from)
    {
        var facts = reminder.Facts;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(facts.BusinessName, from));
        message.To.Add(new MailboxAddress(reminder.Client.Name, reminder.Client.Email ?? throw new InvalidOperationException("No email address")));
        message.Subject = reminder.Message.Subject ?? $"Invoice {facts.InvoiceNumber}";
        message.MessageId = MessageId(reminder);
        message.Headers.Add("List-Unsubscribe", $"<{facts.OptOutLink}>");
        var body = new BodyBuilder { TextBody = reminder.Message.Body };
        body.Attachments.Add($"invoice-{facts.InvoiceNumber}.pdf", InvoicePdf.Render(facts, reminder.Invoice), new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        return message;
    }
}
