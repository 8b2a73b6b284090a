using System.Globalization;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.QuickBooks;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// Payments both ways. From QuickBooks: each amount applied to an invoice Closeout wrote is recorded on the Jobber invoice
/// (which marks it paid and stops its reminders) and on the invoice-paid feed. From Jobber: a payment is written to
/// QuickBooks against the linked invoice. Each side's copy carries a marker naming the original ("QuickBooks payment 201",
/// "Closeout: Jobber payment …"), so Closeout knows its own writes when they come back and never echoes them, and a write
/// whose answer was lost is found again instead of repeated.
/// </summary>
internal sealed partial class PaymentSync(
    JobberBillingApi jobber,
    QuickBooksClient qbo,
    QuickBooksLinks links,
    QuickBooksConnections connections,
    InvoicePaidFeed paid,
    PushInvoice pushInvoice,
    Collections.CollectionsSignal reminders,
    TimeProvider time,
    ILogger<PaymentSync> logger)
{
    public const string JobberMarker = "Closeout: Jobber payment ";
    public const string QuickBooksMarker = "QuickBooks payment ";

    /// <summary>A QuickBooks payment (created, updated, voided or deleted) to bring to Jobber.</summary>
    public async Task<Result<string>> PullAsync(string accountId, string paymentId, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is not { Tokens: not null })
        {
            return "no QuickBooks company connected";
        }

        var read = await qbo.ReadAsync<QboPayment>(accountId, paymentId, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return read.Error!.Kind == QboErrorKind.Permanent && (read.Error.Is(QboError.ObjectNotFound) || read.Error.Is("404"))
                ? await TakeBackAsync(accountId, paymentId, Deleted, cancellationToken).ConfigureAwait(false)
                : read.Error.ToFailure();
        }

        var payment = read.Value!;
        if (payment.PrivateNote?.StartsWith(JobberMarker, StringComparison.Ordinal) == true)
        {
            return "Closeout's own copy of a Jobber payment: not echoed";
        }

        if (payment.Voided || payment.Status == "Deleted")
        {
            return await TakeBackAsync(accountId, paymentId, payment.Voided ? Voided : Deleted, cancellationToken).ConfigureAwait(false);
        }

        var notes = new List<string>();
        foreach (var line in payment.Line ?? [])
        {
            foreach (var txn in (line.LinkedTxn ?? []).Where(t => t.TxnType == "Invoice"))
            {
                var recorded = await RecordOnJobberAsync(accountId, payment, txn.TxnId, line.Amount, cancellationToken).ConfigureAwait(false);
                if (!recorded.IsSuccess)
                {
                    return recorded.Failure!;
                }

                notes.Add(recorded.Value!);
            }
        }

        return notes.Count == 0 ? "applied to no invoice Closeout knows; the reconciliation report shows it" : string.Join("; ", notes);
    }

    private const string Voided = "voided";
    private const string Deleted = "deleted";

    /// <summary>
    /// A QuickBooks payment voided (a bounced cheque, a mistake) or deleted: each amount it put on the paid feed is taken back
    /// there by a row of the negative amount with QuickBooks' balance now, so reminders resume for what is owed again within a
    /// pass (ADR 0013). Closeout's copy on the Jobber invoice stays, since Jobber's API has no mutation that removes a payment
    /// record: reminders stop counting it (IReversedPayments) and the reconciliation report asks a person to remove it.
    /// </summary>
    private async Task<Result<string>> TakeBackAsync(string accountId, string paymentId, string how, CancellationToken cancellationToken)
    {
        var prefix = $"qbo:{paymentId}:";
        var rows = await paid.ForKeyPrefixAsync(accountId, prefix, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        foreach (var original in rows.Where(r => !r.TakesBack()))
        {
            if (rows.Any(r => r.TakesBack() && r.PaymentKey.StartsWith(original.PaymentKey + ":", StringComparison.Ordinal)))
            {
                notes.Add($"already taken back on invoice {original.InvoiceId}");
                continue;
            }

            // The books' balance now: another payment entered meanwhile may already cover it.
            var qboInvoiceId = original.PaymentKey[prefix.Length..];
            var books = await qbo.ReadAsync<QboInvoice>(accountId, qboInvoiceId, cancellationToken).ConfigureAwait(false);
            if (!books.IsSuccess && books.Error!.Kind != QboErrorKind.Permanent)
            {
                return books.Error.ToFailure();
            }

            var owed = books.IsSuccess ? books.Value!.Balance : null;
            await paid.RecordAsync(accountId, original.InvoiceId, $"{original.PaymentKey}:{how}", InvoicePaidFeed.FromQuickBooks, -original.Amount, owed, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            LogTakenBack(logger, accountId, paymentId, how, original.InvoiceId);
            notes.Add($"{Money(original.Amount)} owed again on Jobber invoice {original.InvoiceId}" + (owed is { } left ? $" (QuickBooks balance {Money(left)})" : ""));
        }

        if (notes.Count == 0)
        {
            return $"{how} in QuickBooks; it had paid nothing Closeout follows";
        }

        reminders.Notify();
        return $"{how} in QuickBooks: {string.Join("; ", notes)}; a copy on the Jobber invoice no longer counts for reminders and the reconciliation report shows it";
    }

    private async Task<Result<string>> RecordOnJobberAsync(string accountId, QboPayment payment, string qboInvoiceId, decimal amount, CancellationToken cancellationToken)
    {
        var invoiceLinks = await links.FindByQboAsync(accountId, LinkKinds.Invoice, qboInvoiceId, cancellationToken).ConfigureAwait(false);
        if (invoiceLinks.Count == 0)
        {
            return $"QuickBooks invoice {qboInvoiceId} is not one Closeout wrote";
        }

        var invoiceId = invoiceLinks[0].LocalId;
        var marker = $"{QuickBooksMarker}{payment.Id} on invoice {qboInvoiceId}";
        var key = $"qbo:{payment.Id}:{qboInvoiceId}";
        var paidAt = Day(payment.TxnDate) ?? DateTimeOffset.UnixEpoch;

        // The books are a system of record: the payment goes on the paid feed with QuickBooks' own balance before Jobber is
        // written, so reminders stop within a pass even while Jobber is slow, down or never told (ADR 0013).
        var books = await qbo.ReadAsync<QboInvoice>(accountId, qboInvoiceId, cancellationToken).ConfigureAwait(false);
        if (books.IsSuccess && books.Value!.Balance is { } owed
            && await paid.RecordAsync(accountId, invoiceId, key, InvoicePaidFeed.FromQuickBooks, amount, owed, paidAt, cancellationToken).ConfigureAwait(false))
        {
            reminders.Notify();
        }

        var already = (await links.FindByQboAsync(accountId, LinkKinds.Payment, payment.Id!, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(l => l.Label == marker);
        var jobberInvoice = await jobber.GetInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!jobberInvoice.IsSuccess)
        {
            return jobberInvoice.Failure!;
        }

        if (jobberInvoice.Value is not { } invoice)
        {
            return Failure.Permanent($"Jobber has no invoice {invoiceId} any more");
        }

        if (already is null)
        {
            // Recorded before, with the answer lost? The payment on the invoice carries the marker.
            foreach (var existing in invoice.Payments.Where(p => p.Amount == amount))
            {
                var details = await jobber.GetPaymentAsync(accountId, existing.Id, cancellationToken).ConfigureAwait(false);
                if (details.IsSuccess && details.Value?.Details == marker)
                {
                    already = links.New(accountId, LinkKinds.Payment, existing.Id, payment.Id!, LinkOrigins.QuickBooks, marker, payment.SyncToken);
                    await links.SaveAsync(already, cancellationToken).ConfigureAwait(false);
                    break;
                }
            }
        }

        if (already is null)
        {
            var created = await jobber.RecordPaymentAsync(accountId, invoiceId, amount, paidAt, marker, cancellationToken).ConfigureAwait(false);
            if (!created.IsSuccess)
            {
                return created.Failure!;
            }

            await links.SaveAsync(links.New(accountId, LinkKinds.Payment, created.Value!, payment.Id!, LinkOrigins.QuickBooks, marker, payment.SyncToken), cancellationToken).ConfigureAwait(false);
            LogPulled(logger, accountId, payment.Id!, invoiceId);
            var after = await jobber.GetInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
            await paid.RecordAsync(accountId, invoiceId, key, InvoicePaidFeed.FromQuickBooks, amount, after.IsSuccess ? after.Value?.Balance : null, paidAt, cancellationToken).ConfigureAwait(false);
            reminders.Notify();
            return $"recorded {Money(amount)} on Jobber invoice {invoice.InvoiceNumber}";
        }

        await paid.RecordAsync(accountId, invoiceId, key, InvoicePaidFeed.FromQuickBooks, amount, invoice.Balance, paidAt, cancellationToken).ConfigureAwait(false);
        return $"already on Jobber invoice {invoice.InvoiceNumber}";
    }

    /// <summary>A payment recorded in Jobber (PAYMENT_CREATE) to write to QuickBooks.</summary>
    public async Task<Result<string>> PushAsync(string accountId, string paymentId, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is not { Tokens: not null })
        {
            return "no QuickBooks company connected";
        }

        if (await links.FindAsync(accountId, LinkKinds.Payment, paymentId, cancellationToken).ConfigureAwait(false) is { } linked)
        {
            return linked.Origin == LinkOrigins.QuickBooks ? "came from QuickBooks: not echoed" : $"already QuickBooks payment {linked.QboId}";
        }

        var read = await jobber.GetPaymentAsync(accountId, paymentId, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return read.Failure!;
        }

        if (read.Value is not { } payment)
        {
            return Failure.Permanent($"Jobber has no payment {paymentId}");
        }

        if (payment.Details?.StartsWith(QuickBooksMarker, StringComparison.Ordinal) == true)
        {
            return "Closeout's own copy of a QuickBooks payment: not echoed";
        }

        if (payment.AdjustmentType != "PAYMENT" || payment.InvoiceId is null)
        {
            return "not a payment on an invoice";
        }

        var invoiceLink = await links.FindAsync(accountId, LinkKinds.Invoice, payment.InvoiceId, cancellationToken).ConfigureAwait(false);
        if (invoiceLink is null)
        {
            var pushed = await pushInvoice.RunAsync(accountId, payment.InvoiceId, cancellationToken).ConfigureAwait(false);
            if (!pushed.IsSuccess)
            {
                return pushed.Failure!;
            }

            invoiceLink = await links.FindAsync(accountId, LinkKinds.Invoice, payment.InvoiceId, cancellationToken).ConfigureAwait(false);
            if (invoiceLink is null)
            {
                return $"its invoice is not in QuickBooks ({pushed.Value})";
            }
        }

        var qboInvoice = await qbo.ReadAsync<QboInvoice>(accountId, invoiceLink.QboId, cancellationToken).ConfigureAwait(false);
        if (!qboInvoice.IsSuccess)
        {
            return qboInvoice.Error!.ToFailure();
        }

        var created = await qbo.WriteAsync(accountId, new QboPayment
        {
            CustomerRef = qboInvoice.Value!.CustomerRef,
            TotalAmt = payment.Amount,
            TxnDate = payment.EntryDate.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Line = [new QboPaymentLine(payment.Amount, [new QboLinkedTxn(invoiceLink.QboId, "Invoice")])],
            PrivateNote = JobberMarker + payment.Id,
        }, QuickBooksMapping.RequestId("pay", accountId, payment.Id), cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            return created.Error!.ToFailure();
        }

        await links.SaveAsync(links.New(accountId, LinkKinds.Payment, payment.Id, created.Value!.Id!, LinkOrigins.Jobber, invoiceLink.Label, created.Value.SyncToken), cancellationToken).ConfigureAwait(false);
        var invoice = await jobber.GetInvoiceAsync(accountId, payment.InvoiceId, cancellationToken).ConfigureAwait(false);
        await paid.RecordAsync(accountId, payment.InvoiceId, "jobber:" + payment.Id, InvoicePaidFeed.FromJobber, payment.Amount,
            invoice.IsSuccess ? invoice.Value?.Balance : null, payment.EntryDate, cancellationToken).ConfigureAwait(false);
        LogPushed(logger, accountId, payment.Id, created.Value.Id!);
        return $"written to QuickBooks as payment {created.Value.Id}";
    }

    private static DateTimeOffset? Day(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: QuickBooks payment {PaymentId} recorded on Jobber invoice {InvoiceId}")]
    private static partial void LogPulled(ILogger logger, string accountId, string paymentId, string invoiceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: QuickBooks payment {PaymentId} {How}; taken back from Jobber invoice {InvoiceId} on the paid feed")]
    private static partial void LogTakenBack(ILogger logger, string accountId, string paymentId, string how, string invoiceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: Jobber payment {PaymentId} written to QuickBooks as {QboId}")]
    private static partial void LogPushed(ILogger logger, string accountId, string paymentId, string qboId);
}
