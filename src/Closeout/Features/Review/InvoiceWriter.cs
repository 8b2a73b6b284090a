using System.Globalization;
using System.Text.Json.Nodes;
using Closeout.Features.Drafts;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Review;

/// <summary>
/// Brings the draft invoice in Jobber to the reviewed lines, then sends it. Both steps compare with what Jobber holds first,
/// so a repeat after a lost answer changes nothing twice: lines already right are left alone, and an invoice already out
/// of draft is not sent again.
/// </summary>
internal sealed class InvoiceWriter(JobberApi jobber)
{
    public async Task<Result<InvoiceToSend>> WriteLinesAsync(string accountId, string invoiceId, DraftDocument reviewed, CancellationToken cancellationToken)
    {
        var current = await GetAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!current.IsSuccess || current.Value!.Status != "draft")
        {
            return current;
        }

        var invoice = current.Value;
        var unmatched = invoice.Lines.ToList();
        var edits = new JsonArray();
        var creates = new JsonArray();
        foreach (var line in reviewed.Lines)
        {
            var match = unmatched.Find(l => string.Equals(l.Name, line.Name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                creates.Add(new JsonObject
                {
                    ["name"] = line.Name, ["description"] = line.Description, ["unitPrice"] = line.UnitPrice, ["quantity"] = line.Quantity,
                    ["taxable"] = line.Taxable, ["saveToProductsAndServices"] = false,
                });
                continue;
            }

            unmatched.Remove(match);
            if (match.Quantity != line.Quantity || match.UnitPrice != line.UnitPrice || match.Taxable != line.Taxable)
            {
                edits.Add(new JsonObject { ["lineItemId"] = match.Id, ["quantity"] = line.Quantity, ["unitPrice"] = line.UnitPrice, ["taxable"] = line.Taxable });
            }
        }

        if (edits.Count > 0)
        {
            var edited = await jobber.EditInvoiceLineItemsAsync(accountId, invoiceId, new JsonObject { ["lineItems"] = edits }, cancellationToken).ConfigureAwait(false);
            if (!edited.IsSuccess)
            {
                return edited.Failure!;
            }
        }

        if (creates.Count > 0)
        {
            var created = await jobber.CreateInvoiceLineItemsAsync(accountId, invoiceId, new JsonObject { ["lineItems"] = creates }, cancellationToken).ConfigureAwait(false);
            if (!created.IsSuccess)
            {
                return created.Failure!;
            }
        }

        if (unmatched.Count > 0)
        {
            var ids = new JsonArray([.. unmatched.Select(l => (JsonNode)JsonValue.Create(l.Id))]);
            var deleted = await jobber.DeleteInvoiceLineItemsAsync(accountId, invoiceId, new JsonObject { ["lineItemIds"] = ids }, cancellationToken).ConfigureAwait(false);
            if (!deleted.IsSuccess)
            {
                return deleted.Failure!;
            }
        }

        return invoice;
    }

    /// <summary>Emails the invoice to the client's addresses in Jobber; an invoice already out of draft counts as sent.</summary>
    public async Task<Result<bool>> SendAsync(string accountId, string invoiceId, long? jobNumber, CancellationToken cancellationToken)
    {
        var current = await GetAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!current.IsSuccess)
        {
            return current.Failure!;
        }

        var invoice = current.Value!;
        if (invoice.Status != "draft")
        {
            return true;
        }

        if (invoice.ClientId is null || invoice.ClientEmails.Count == 0)
        {
            return Failure.Permanent("The client has no email address in Jobber to send the invoice to; add one in Jobber and approve again");
        }

        return await jobber.SendInvoiceAsync(accountId, new JsonObject
        {
            ["type"] = "INVOICE_SENT",
            ["subject"] = jobNumber is { } n ? string.Create(CultureInfo.InvariantCulture, $"Invoice for job #{n}") : "Your invoice",
            ["message"] = "Thank you for your business. Your invoice is attached.",
            ["recipients"] = new JsonArray(JsonValue.Create(invoice.ClientEmails[0])),
            ["attachmentId"] = invoice.Id,
            ["clientId"] = invoice.ClientId,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Result<InvoiceToSend>> GetAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var fetched = await jobber.GetInvoiceToSendAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched.Failure!;
        }

        return fetched.Value is { } invoice ? invoice : Failure.Permanent($"Jobber has no invoice {invoiceId}");
    }
}
