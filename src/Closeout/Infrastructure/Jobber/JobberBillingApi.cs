using System.Globalization;
using System.Text.Json;

namespace Closeout.Infrastructure.Jobber;

public sealed record JobberClientInfo(string Id, string Name, string? FirstName, string? LastName, string? CompanyName, string? Email);

public sealed record BilledLine(
    string Id, string Name, string Description, decimal Quantity, decimal UnitPrice, decimal TotalPrice, bool Taxable, string? ProductId, string? ProductName);

public sealed record JobberPayment(string Id, decimal Amount, DateTimeOffset EntryDate, string AdjustmentType, string? Details = null, string? InvoiceId = null);

/// <summary>A Jobber invoice as the QuickBooks sync reads it (status: draft, awaiting_payment, paid, past_due, bad_debt).</summary>
public sealed record BilledInvoice(
    string Id, string InvoiceNumber, string Status, DateTimeOffset? IssuedDate, DateTimeOffset? DueDate, DateTimeOffset CreatedAt,
    JobberClientInfo Client, IReadOnlyList<BilledLine> Lines,
    decimal Subtotal, decimal Discount, decimal Tax, decimal Total, decimal Balance, IReadOnlyList<JobberPayment> Payments)
{
    /// <summary>Sent to the client (or paid): an invoice in the books. Drafts are not.</summary>
    public bool IsSent => Status is not "draft";
}

/// <summary>The invoice and payment operations of the QuickBooks sync (Operations/Invoice*.graphql, *PaymentRecord.graphql).</summary>
internal sealed class JobberBillingApi(JobberGraphQLClient client)
{
    public async Task<Result<BilledInvoice?>> GetInvoiceAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var data = await client.QueryAsync(accountId, "CloseoutBillingInvoice", GraphQLDocuments.BillingInvoice, new { id = invoiceId }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        return Result.Ok(data.Value.TryGetProperty("invoice", out var invoice) && invoice.ValueKind == JsonValueKind.Object ? ReadInvoice(invoice) : null);
    }

    public async Task<Result<IReadOnlyList<BilledInvoice>>> ListInvoicesAsync(string accountId, CancellationToken cancellationToken)
    {
        var all = new List<BilledInvoice>();
        string? after = null;
        while (true)
        {
            var data = await client.QueryAsync(accountId, "CloseoutInvoices", GraphQLDocuments.Invoices, new { after }, cancellationToken).ConfigureAwait(false);
            if (!data.IsSuccess)
            {
                return data.Failure!;
            }

            var page = data.Value.GetProperty("invoices");
            all.AddRange(page.GetProperty("nodes").EnumerateArray().Select(ReadInvoice));
            var info = page.GetProperty("pageInfo");
            if (!info.GetProperty("hasNextPage").GetBoolean())
            {
                return all;
            }

            after = info.GetProperty("endCursor").GetString();
        }
    }

    public async Task<Result<JobberPayment?>> GetPaymentAsync(string accountId, string paymentId, CancellationToken cancellationToken)
    {
        var data = await client.QueryAsync(accountId, "CloseoutPaymentRecord", GraphQLDocuments.PaymentRecord, new { id = paymentId }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        if (!data.Value.TryGetProperty("paymentRecord", out var p) || p.ValueKind != JsonValueKind.Object)
        {
            return Result.Ok<JobberPayment?>(null);
        }

        return new JobberPayment(
            p.GetProperty("id").GetString()!, p.GetProperty("amount").GetDecimal(), Date(p, "entryDate") ?? DateTimeOffset.MinValue,
            Text(p, "adjustmentType") ?? "PAYMENT", Text(p, "details"),
            p.TryGetProperty("invoice", out var i) && i.ValueKind == JsonValueKind.Object ? Text(i, "id") : null);
    }

    /// <summary>invoiceCreatePaymentRecord: an offline payment (origin API) with details that say where it came from.</summary>
    public async Task<Result<string>> RecordPaymentAsync(string accountId, string invoiceId, decimal amount, DateTimeOffset entryDate, string details, CancellationToken cancellationToken)
    {
        var input = new
        {
            invoiceId,
            adjustmentType = "PAYMENT",
            amount,
            entryDate = entryDate.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            paymentOrigin = "API_ORIGIN",
            paymentDetails = new { otherPaymentDetails = new { details } },
        };
        var data = await client.MutateAsync(accountId, "CloseoutCreatePaymentRecord", GraphQLDocuments.CreatePaymentRecord, new { input }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        var payload = data.Value.GetProperty("invoiceCreatePaymentRecord");
        var errors = payload.TryGetProperty("userErrors", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : [];
        if (errors.Count > 0)
        {
            return Failure.Permanent("Jobber refused the payment: " + string.Join("; ", errors.Select(x => x.GetProperty("message").GetString())));
        }

        return payload.TryGetProperty("paymentRecord", out var record) && record.ValueKind == JsonValueKind.Object
            ? Result.Ok(record.GetProperty("id").GetString()!)
            : Failure.Transient("Jobber answered invoiceCreatePaymentRecord without a payment record");
    }

    private static BilledInvoice ReadInvoice(JsonElement i)
    {
        var c = i.GetProperty("client");
        var email = c.TryGetProperty("emails", out var emails) && emails.ValueKind == JsonValueKind.Array
            ? emails.EnumerateArray().OrderByDescending(x => x.TryGetProperty("primary", out var p) && p.ValueKind == JsonValueKind.True).Select(x => Text(x, "address")).FirstOrDefault()
            : null;
        var amounts = i.GetProperty("amounts");
        return new BilledInvoice(
            i.GetProperty("id").GetString()!,
            Text(i, "invoiceNumber") ?? "",
            Text(i, "invoiceStatus") ?? "draft",
            Date(i, "issuedDate"),
            Date(i, "dueDate"),
            Date(i, "createdAt") ?? DateTimeOffset.MinValue,
            new JobberClientInfo(c.GetProperty("id").GetString()!, Text(c, "name") ?? "", Text(c, "firstName"), Text(c, "lastName"), Text(c, "companyName"), email),
            i.GetProperty("lineItems").GetProperty("nodes").EnumerateArray().Select(l => new BilledLine(
                l.GetProperty("id").GetString()!, Text(l, "name") ?? "", Text(l, "description") ?? "",
                l.GetProperty("quantity").GetDecimal(), l.GetProperty("unitPrice").GetDecimal(), l.GetProperty("totalPrice").GetDecimal(),
                l.TryGetProperty("taxable", out var t) && t.ValueKind == JsonValueKind.True,
                l.TryGetProperty("linkedProductOrService", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetProperty("id").ToString() : null,
                p.ValueKind == JsonValueKind.Object ? Text(p, "name") : null)).ToList(),
            amounts.GetProperty("subtotal").GetDecimal(),
            amounts.TryGetProperty("discountAmount", out var d) ? d.GetDecimal() : 0m,
            amounts.GetProperty("taxAmount").GetDecimal(),
            amounts.GetProperty("total").GetDecimal(),
            amounts.GetProperty("invoiceBalance").GetDecimal(),
            i.GetProperty("paymentRecords").GetProperty("nodes").EnumerateArray().Select(p => new JobberPayment(
                p.GetProperty("id").GetString()!, p.GetProperty("amount").GetDecimal(), Date(p, "entryDate") ?? DateTimeOffset.MinValue, Text(p, "adjustmentType") ?? "PAYMENT")).ToList());
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
