using Closeout.Features.Inbox;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// The QuickBooks sync's work goes through the inbox like Jobber's webhooks (durable rows, retries by failure kind, dead
/// letters replayed with <c>closeout inbox retry</c>): Jobber's INVOICE_CREATE/INVOICE_UPDATE push a sent invoice,
/// PAYMENT_CREATE pushes a payment; QBO_PAYMENT (from Intuit's webhook or the CDC sweep) pulls one; QBO_INVOICE_PUSH is a
/// push asked for by a person or another feature.
/// </summary>
internal sealed class QuickBooksWork(PushInvoice pushInvoice, PaymentSync payments, InboxStore inbox, WorkSignal signal, TimeProvider time) : IInboxHandler
{
    public const string PaymentChanged = "QBO_PAYMENT";
    public const string InvoicePush = "QBO_INVOICE_PUSH";

    // Not INVOICE_CREATE: a new invoice is a draft (the pilot compares it); sending it is an INVOICE_UPDATE, which pushes it.
    public bool Handles(string topic) => topic is WebhookTopics.InvoiceUpdate or WebhookTopics.PaymentCreate or PaymentChanged or InvoicePush;

    public Task<Result<string>> HandleAsync(InboxItem item, CancellationToken cancellationToken) => item.Topic switch
    {
        WebhookTopics.PaymentCreate => payments.PushAsync(item.AccountId!, item.ItemId!, cancellationToken),
        PaymentChanged => payments.PullAsync(item.AccountId!, item.ItemId!, cancellationToken),
        _ => pushInvoice.RunAsync(item.AccountId!, item.ItemId!, cancellationToken),
    };

    /// <summary>Queues a QuickBooks payment to pull; one row per version (its last-updated time), so a repeat is a no-op.</summary>
    public async Task<bool> EnqueuePaymentAsync(string realmId, string accountId, string paymentId, string version, CancellationToken cancellationToken)
    {
        var added = await inbox.AddAsync(new InboxDelivery($"qbo|{realmId}|Payment|{paymentId}|{version}", PaymentChanged, accountId, paymentId, version, InboxState.Pending), cancellationToken).ConfigureAwait(false);
        if (added is not null)
        {
            signal.Notify();
        }

        return added is not null;
    }

    /// <summary>Queues the push of a Jobber payment (a reconciliation fix for one QuickBooks lacks).</summary>
    public async Task<long?> EnqueuePaymentPushAsync(string accountId, string paymentId, CancellationToken cancellationToken)
    {
        var added = await inbox.AddAsync(new InboxDelivery($"qbo-fix|{accountId}|{paymentId}|{time.GetUtcNow().ToUnixTimeMilliseconds()}", WebhookTopics.PaymentCreate, accountId, paymentId, null, InboxState.Pending), cancellationToken).ConfigureAwait(false);
        signal.Notify();
        return added;
    }

    /// <summary>Queues a push of a Jobber invoice (an approval, the mapping page, a reconciliation fix).</summary>
    public async Task<long?> EnqueueInvoicePushAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var added = await inbox.AddAsync(new InboxDelivery($"qbo-push|{accountId}|{invoiceId}|{time.GetUtcNow().ToUnixTimeMilliseconds()}", InvoicePush, accountId, invoiceId, null, InboxState.Pending), cancellationToken).ConfigureAwait(false);
        signal.Notify();
        return added;
    }
}
