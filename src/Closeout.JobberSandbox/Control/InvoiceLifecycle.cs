using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.Webhooks;

namespace Closeout.JobberSandbox.Control;

internal sealed record IssueRequest(DateTimeOffset? IssuedDate, DateTimeOffset? DueDate, int? InvoiceNet);

internal sealed record AgeRequest(int Days);

internal sealed record ReceivableView(string Id, string InvoiceNumber, string InvoiceStatus, DateTimeOffset? IssuedDate, DateTimeOffset? DueDate,
    DateTimeOffset? DateViewedInClientHub, DateTimeOffset? ReceivedDate, decimal Total, decimal InvoiceBalance, IReadOnlyList<string> PaymentRecordIds);

/// <summary>
/// What happens to an invoice after it is written: sent to the client (issued with a due date), viewed in client hub,
/// aged (dates moved back so a test sees it overdue without waiting). Each change sends INVOICE_UPDATE. Payments are
/// <see cref="GraphQL.PaymentRecords"/>.
/// </summary>
internal static class InvoiceLifecycle
{
    public static string? Issue(Account account, Invoice invoice, IssueRequest request, DateTimeOffset now, IWebhookEvents events)
    {
        if (invoice.InvoiceStatus != "draft")
        {
            return "Only a draft invoice can be issued";
        }

        invoice.IssuedDate = request.IssuedDate ?? now;
        invoice.InvoiceNet = request.InvoiceNet ?? invoice.InvoiceNet ?? 30;
        invoice.DueDate = request.DueDate ?? invoice.IssuedDate.Value.AddDays(invoice.InvoiceNet.Value);
        invoice.InvoiceStatus = "awaiting_payment";
        Touch(account, invoice, now, events);
        return null;
    }

    public static void View(Account account, Invoice invoice, DateTimeOffset now, IWebhookEvents events)
    {
        invoice.DateViewedInClientHub ??= now;
        Touch(account, invoice, now, events);
    }

    public static void Age(Account account, Invoice invoice, int days, DateTimeOffset now, IWebhookEvents events)
    {
        var by = TimeSpan.FromDays(days);
        invoice.IssuedDate -= by;
        invoice.DueDate -= by;
        invoice.DateViewedInClientHub -= by;
        Touch(account, invoice, now, events);
    }

    public static ReceivableView ViewOf(Invoice invoice) => new(invoice.Id, invoice.InvoiceNumber, invoice.InvoiceStatus, invoice.IssuedDate, invoice.DueDate,
        invoice.DateViewedInClientHub, invoice.ReceivedDate, invoice.Total, invoice.Amounts.InvoiceBalance, invoice.PaymentRecords.ConvertAll(p => p.Id));

    private static void Touch(Account account, Invoice invoice, DateTimeOffset now, IWebhookEvents events)
    {
        invoice.RefreshStatus(now);
        invoice.UpdatedAt = now;
        events.Publish(account, WebhookTopic.InvoiceUpdate, invoice.Id);
    }
}
