using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.QuickBooks;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// Writes a sent Jobber invoice to QuickBooks with the same lines, quantities, prices and tax to the cent: created once
/// (its requestid makes a repeat a replay), updated when it changes (SyncToken; a stale one is re-read and the write
/// tried again), and left alone when nothing changed, which is also how Closeout's own echoes end.
/// </summary>
internal sealed partial class PushInvoice(
    JobberBillingApi jobber,
    QuickBooksClient qbo,
    QuickBooksMapping mapping,
    QuickBooksLinks links,
    QuickBooksConnections connections,
    ILogger<PushInvoice> logger)
{
    private const int StaleRetries = 3;

    public async Task<Result<string>> RunAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is not { Tokens: not null })
        {
            return "no QuickBooks company connected";
        }

        var read = await jobber.GetInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return read.Failure!;
        }

        if (read.Value is not { } invoice)
        {
            return Failure.Permanent($"Jobber has no invoice {invoiceId}");
        }

        if (!invoice.IsSent)
        {
            return "a draft: not in the books yet";
        }

        var built = await BuildAsync(accountId, invoice, cancellationToken).ConfigureAwait(false);
        if (!built.IsSuccess)
        {
            return built.Failure!;
        }

        var wanted = built.Value!;
        var fingerprint = Fingerprint(wanted);
        var link = await links.FindAsync(accountId, LinkKinds.Invoice, invoice.Id, cancellationToken).ConfigureAwait(false);
        if (link is not null && link.Fingerprint == fingerprint)
        {
            return "unchanged since Closeout last wrote it";
        }

        QboResult<QboInvoice> written;
        if (link is null)
        {
            written = await qbo.WriteAsync(accountId, wanted, QuickBooksMapping.RequestId("inv", accountId, invoice.Id, fingerprint), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            written = await UpdateAsync(accountId, link.QboId, wanted, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        if (!written.IsSuccess)
        {
            return written.Error!.ToFailure();
        }

        var saved = written.Value!;
        // Equal to the cent, or the next run writes again (and the reconciliation report shows the difference meanwhile).
        var equal = saved.TotalAmt is null || saved.TotalAmt == invoice.Total;
        await links.SaveAsync(links.New(accountId, LinkKinds.Invoice, invoice.Id, saved.Id!, LinkOrigins.Closeout, invoice.InvoiceNumber, saved.SyncToken, equal ? fingerprint : null), cancellationToken).ConfigureAwait(false);
        LogPushed(logger, accountId, invoice.Id, saved.Id!, link is null ? "created" : "updated");
        return equal
            ? $"{(link is null ? "created" : "updated")} QuickBooks invoice {saved.Id}"
            : $"{(link is null ? "created" : "updated")} QuickBooks invoice {saved.Id}, but its total {saved.TotalAmt?.ToString("0.00", CultureInfo.InvariantCulture)} differs from Jobber's {invoice.Total.ToString("0.00", CultureInfo.InvariantCulture)}";
    }

    /// <summary>A sparse update with the current SyncToken; on 5010 (someone changed it meanwhile) re-read and write again.</summary>
    private async Task<QboResult<QboInvoice>> UpdateAsync(string accountId, string qboId, QboInvoice wanted, string fingerprint, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await qbo.ReadAsync<QboInvoice>(accountId, qboId, cancellationToken).ConfigureAwait(false);
            if (!current.IsSuccess)
            {
                return current.Error!;
            }

            var update = wanted with { Id = qboId, SyncToken = current.Value!.SyncToken, Sparse = true };
            // The SyncToken is part of the requestid: a retry after a stale fault is a new write, not a replay of the fault.
            var written = await qbo.WriteAsync(accountId, update, QuickBooksMapping.RequestId("invu", accountId, qboId, fingerprint, current.Value.SyncToken ?? ""), cancellationToken).ConfigureAwait(false);
            if (written.IsSuccess || written.Error!.Kind != QboErrorKind.Stale || attempt >= StaleRetries)
            {
                return written;
            }

            LogStale(logger, accountId, qboId, attempt);
        }
    }

    private async Task<Result<QboInvoice>> BuildAsync(string accountId, BilledInvoice invoice, CancellationToken cancellationToken)
    {
        var customer = await mapping.CustomerAsync(accountId, invoice.Client, cancellationToken).ConfigureAwait(false);
        if (!customer.IsSuccess)
        {
            return customer.Failure!;
        }

        Dictionary<string, QboItem>? known = null;
        var lines = new List<QboLine>();
        foreach (var line in invoice.Lines)
        {
            var linked = line.ProductId ?? "name:" + Reconciliation.Reconciler.NormalisedName(line.Name);
            if (known is null && await links.FindAsync(accountId, LinkKinds.Item, linked, cancellationToken).ConfigureAwait(false) is null)
            {
                var items = await mapping.ItemsAsync(accountId, cancellationToken).ConfigureAwait(false);
                if (!items.IsSuccess)
                {
                    return items.Failure!;
                }

                known = items.Value;
            }

            var item = await mapping.ItemAsync(accountId, line, known, cancellationToken).ConfigureAwait(false);
            if (!item.IsSuccess)
            {
                return item.Failure!;
            }

            lines.Add(new QboLine
            {
                LineNum = lines.Count + 1,
                Description = string.IsNullOrWhiteSpace(line.Description) ? line.Name : line.Description,
                Amount = line.TotalPrice,
                DetailType = "SalesItemLineDetail",
                SalesItemLineDetail = new QboSalesItemLineDetail
                {
                    ItemRef = new QboRef(item.Value!, line.ProductName ?? line.Name),
                    Qty = line.Quantity,
                    UnitPrice = line.UnitPrice,
                    TaxCodeRef = new QboRef(line.Taxable ? "TAX" : "NON"),
                },
            });
        }

        string? taxCode = null;
        if (invoice.Tax != 0)
        {
            var code = await mapping.TaxCodeAsync(accountId, cancellationToken).ConfigureAwait(false);
            if (!code.IsSuccess)
            {
                return code.Failure!;
            }

            taxCode = code.Value;
        }

        return new QboInvoice
        {
            CustomerRef = new QboRef(customer.Value!, invoice.Client.Name),
            DocNumber = invoice.InvoiceNumber.Length is > 0 and <= 21 ? invoice.InvoiceNumber : null,
            TxnDate = Day(invoice.IssuedDate ?? invoice.CreatedAt),
            DueDate = invoice.DueDate is { } due ? Day(due) : null,
            Line = lines,
            // The tax Jobber charged, stated: QuickBooks keeps an explicit amount instead of recomputing it its own way.
            TxnTaxDetail = new QboTxnTaxDetail { TxnTaxCodeRef = taxCode is null ? null : new QboRef(taxCode), TotalTax = invoice.Tax },
            BillEmail = invoice.Client.Email is { Length: > 0 } email ? new QboEmail(email) : null,
            PrivateNote = $"Closeout: Jobber invoice {invoice.InvoiceNumber} ({invoice.Id})",
        };
    }

    internal static string Fingerprint(QboInvoice invoice) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(invoice with { Id = null, SyncToken = null, Sparse = null }, QboEntities.Json))))[..32];

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: Jobber invoice {InvoiceId} {Action} as QuickBooks invoice {QboId}")]
    private static partial void LogPushed(ILogger logger, string accountId, string invoiceId, string qboId, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: QuickBooks invoice {QboId} was stale (attempt {Attempt}); re-reading")]
    private static partial void LogStale(ILogger logger, string accountId, string qboId, int attempt);
}
