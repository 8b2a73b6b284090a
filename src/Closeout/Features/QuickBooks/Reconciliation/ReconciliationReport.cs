using System.Globalization;
using System.Text;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.QuickBooks;

namespace Closeout.Features.QuickBooks.Reconciliation;

public sealed record ReconciliationResult(string AccountId, DateOnly From, DateOnly To, int JobberInvoices, int QuickBooksInvoices, IReadOnlyList<Difference> Differences);

/// <summary>Loads an account's books from both systems and the stored mapping, and runs the <see cref="Reconciler"/> over them.</summary>
internal sealed class ReconciliationReport(JobberBillingApi jobber, QuickBooksClient qbo, QuickBooksLinks links)
{
    public async Task<Result<ReconciliationResult>> RunAsync(string accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var jobberInvoices = await jobber.ListInvoicesAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (!jobberInvoices.IsSuccess)
        {
            return jobberInvoices.Failure!;
        }

        var qboInvoices = await qbo.QueryAllAsync<QboInvoice>(accountId, "SELECT * FROM Invoice", cancellationToken).ConfigureAwait(false);
        var qboPayments = qboInvoices.IsSuccess ? await qbo.QueryAllAsync<QboPayment>(accountId, "SELECT * FROM Payment", cancellationToken).ConfigureAwait(false) : default;
        var qboCustomers = qboPayments.IsSuccess ? await qbo.QueryAllAsync<QboCustomer>(accountId, "SELECT * FROM Customer", cancellationToken).ConfigureAwait(false) : default;
        if ((qboInvoices.Error ?? qboPayments.Error ?? qboCustomers.Error) is { } error)
        {
            return error.ToFailure();
        }

        var jobberBooks = FromJobber(jobberInvoices.Value!.Where(i => i.IsSent).ToList());
        var qboBooks = FromQuickBooks(qboInvoices.Value!, qboPayments.Value!, qboCustomers.Value!);
        var stored = await links.ListAsync(accountId, cancellationToken).ConfigureAwait(false);
        var bookLinks = new BookLinks(
            Map(stored, LinkKinds.Customer), Map(stored, LinkKinds.Invoice), Map(stored, LinkKinds.Payment),
            stored.Where(l => l.Kind == LinkKinds.Payment).GroupBy(l => l.LocalId).ToDictionary(g => g.Key, g => g.First().Origin == LinkOrigins.QuickBooks ? BooksSide.QuickBooks : BooksSide.Jobber, StringComparer.Ordinal));
        var differences = Reconciler.Compare(WithDeletions(jobberBooks, qboBooks, bookLinks), qboBooks, bookLinks, from, to);
        return new ReconciliationResult(accountId, from, to, jobberBooks.Invoices.Count, qboBooks.Invoices.Count, differences);
    }

    private static Dictionary<string, string> Map(IReadOnlyList<QboLink> stored, string kind) =>
        stored.Where(l => l.Kind == kind).GroupBy(l => l.LocalId).ToDictionary(g => g.Key, g => g.First().QboId, StringComparer.Ordinal);

    /// <summary>
    /// Jobber's API does not list what was deleted: an invoice or payment Closeout linked that Jobber no longer has is
    /// deleted there, and stands in its books as such (dated like its QuickBooks copy, so the period finds it).
    /// </summary>
    internal static Books WithDeletions(Books jobber, Books quickbooks, BookLinks links)
    {
        var invoices = jobber.Invoices.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var payments = jobber.Payments.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var qboInvoices = quickbooks.Invoices.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var qboPayments = quickbooks.Payments.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var goneInvoices = links.Invoices.Where(l => !invoices.Contains(l.Key) && qboInvoices.ContainsKey(l.Value))
            .Select(l => qboInvoices[l.Value] with { Id = l.Key, Lines = [], Subtotal = 0, Tax = 0, Total = 0, Balance = 0, State = DocumentState.Deleted, CustomerId = "" });
        var gonePayments = links.Payments.Where(l => !payments.Contains(l.Key) && qboPayments.ContainsKey(l.Value))
            .Select(l => qboPayments[l.Value] with { Id = l.Key, Applied = [], State = DocumentState.Deleted, CustomerId = "" });
        return jobber with { Invoices = [.. jobber.Invoices, .. goneInvoices], Payments = [.. jobber.Payments, .. gonePayments] };
    }

    internal static Books FromJobber(IReadOnlyList<BilledInvoice> invoices) => new(
        invoices.Select(i => new BookInvoice(
            i.Id, i.InvoiceNumber, i.Client.Id, DateOnly.FromDateTime((i.IssuedDate ?? i.CreatedAt).UtcDateTime),
            i.Lines.Select(l => new BookLine(l.Name, l.Quantity, l.UnitPrice, l.TotalPrice, l.Taxable)).ToList(),
            i.Subtotal, i.Tax, i.Total, i.Balance)).ToList(),
        invoices.SelectMany(i => i.Payments.Where(p => p.AdjustmentType == "PAYMENT").Select(p => new BookPayment(
            p.Id, i.Client.Id, DateOnly.FromDateTime(p.EntryDate.UtcDateTime), p.Amount, [new PaymentApplication(i.Id, p.Amount)]))).ToList(),
        invoices.Select(i => i.Client).DistinctBy(c => c.Id).Select(c => new BookCustomer(c.Id, c.Name, c.Email)).ToList());

    internal static Books FromQuickBooks(IReadOnlyList<QboInvoice> invoices, IReadOnlyList<QboPayment> payments, IReadOnlyList<QboCustomer> customers) => new(
        invoices.Where(i => i.Id is not null).Select(i =>
        {
            var lines = (i.Line ?? []).Where(l => l.DetailType == "SalesItemLineDetail").Select(l => new BookLine(
                l.Description ?? l.SalesItemLineDetail?.ItemRef?.Name ?? "", l.SalesItemLineDetail?.Qty ?? 1, l.SalesItemLineDetail?.UnitPrice ?? l.Amount ?? 0,
                l.Amount ?? 0, l.SalesItemLineDetail?.TaxCodeRef?.Value is not (null or "NON"))).ToList();
            var tax = i.TxnTaxDetail?.TotalTax ?? 0;
            return new BookInvoice(i.Id!, i.DocNumber, i.CustomerRef?.Value ?? "", Date(i.TxnDate), lines, lines.Sum(l => l.Amount), tax, i.TotalAmt ?? lines.Sum(l => l.Amount) + tax,
                i.Balance ?? 0, i.Voided ? DocumentState.Voided : i.Status == "Deleted" ? DocumentState.Deleted : DocumentState.Open,
                i.TxnTaxDetail?.TaxLine is { Count: > 0 } taxLines ? taxLines[0].TaxLineDetail?.TaxPercent : null);
        }).ToList(),
        payments.Where(p => p.Id is not null).Select(p => new BookPayment(
            p.Id!, p.CustomerRef?.Value ?? "", Date(p.TxnDate), p.TotalAmt ?? 0,
            (p.Line ?? []).SelectMany(l => (l.LinkedTxn ?? []).Where(t => t.TxnType == "Invoice").Select(t => new PaymentApplication(t.TxnId, l.Amount))).ToList(),
            p.Voided ? DocumentState.Voided : DocumentState.Open)).ToList(),
        customers.Where(c => c.Id is not null).Select(c => new BookCustomer(c.Id!, c.DisplayName ?? "", c.PrimaryEmailAddr?.Address, c.Active != false)).ToList());

    private static DateOnly Date(string? text) =>
        DateOnly.TryParse(text?.Length >= 10 ? text[..10] : text, CultureInfo.InvariantCulture, out var day) ? day : DateOnly.MinValue;

    /// <summary>The report as CSV (RFC 4180 quoting), one difference a row.</summary>
    public static string Csv(ReconciliationResult result)
    {
        var csv = new StringBuilder("kind,subject,jobber_id,quickbooks_id,jobber_value,quickbooks_value,right_side,explanation,fix_action,fix\r\n");
        foreach (var d in result.Differences)
        {
            csv.AppendJoin(',', new[] { d.Kind, d.Subject, d.JobberId, d.QuickBooksId, d.JobberValue, d.QuickBooksValue, d.RightSide.ToString(), d.Explanation, d.Fix?.Action, d.Fix?.Description }.Select(Field));
            csv.Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Field(string? value)
    {
        value ??= "";
        // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith('\'') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
