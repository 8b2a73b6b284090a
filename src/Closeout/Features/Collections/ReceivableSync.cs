using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Collections;

/// <summary>Keeps the receivables ledger in step with Jobber: one invoice on its webhook, all of them on the reconciliation sweep.</summary>
internal sealed class ReceivableSync(JobberApi jobber, CollectionsStore store, ReversedPayments reversed)
{
    /// <summary>The invoice as Jobber has it now, stored; null when Jobber no longer has it.</summary>
    public async Task<Result<Receivable?>> SyncInvoiceAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var invoice = await jobber.GetReceivableAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!invoice.IsSuccess)
        {
            return invoice.Failure!;
        }

        if (invoice.Value is not { } json)
        {
            await store.CancelPendingAsync(accountId, invoiceId, "invoice deleted in Jobber", cancellationToken).ConfigureAwait(false);
            return Result.Ok<Receivable?>(null);
        }

        var (parsed, client) = JobberReceivable.Parse(accountId, json);
        var receivable = await reversed.ApplyAsync(parsed, cancellationToken).ConfigureAwait(false);
        await store.UpsertAsync(receivable, client, cancellationToken).ConfigureAwait(false);
        return receivable;
    }

    /// <summary>The sweep: every invoice of the account, so a missed or reordered webhook is caught; returns how many were seen.</summary>
    public async Task<Result<int>> ReconcileAsync(string accountId, CancellationToken cancellationToken)
    {
        var invoices = await jobber.GetReceivablesAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (!invoices.IsSuccess)
        {
            return invoices.Failure!;
        }

        foreach (var json in invoices.Value!)
        {
            var (parsed, client) = JobberReceivable.Parse(accountId, json);
            await store.UpsertAsync(await reversed.ApplyAsync(parsed, cancellationToken).ConfigureAwait(false), client, cancellationToken).ConfigureAwait(false);
        }

        return invoices.Value!.Count;
    }
}

/// <summary>
/// Applies an invoice or payment webhook to the ledger (an inbox handler beside the QuickBooks sync), then nudges the
/// reminder worker so a payment cancels within one pass.
/// </summary>
internal sealed class ReceivableEvents(ReceivableSync sync, CollectionsStore store, CollectionsSignal signal) : Inbox.IInboxHandler
{
    public bool Handles(string topic) => Webhooks.WebhookTopics.IsInvoice(topic) || Webhooks.WebhookTopics.IsPayment(topic);

    public Task<Result<string>> HandleAsync(Inbox.InboxItem item, CancellationToken cancellationToken) =>
        ApplyAsync(item.AccountId!, item.Topic, item.ItemId!, cancellationToken);

    public async Task<Result<string>> ApplyAsync(string accountId, string topic, string itemId, CancellationToken cancellationToken)
    {
        string note;
        if (Webhooks.WebhookTopics.IsInvoice(topic))
        {
            var invoice = await sync.SyncInvoiceAsync(accountId, itemId, cancellationToken).ConfigureAwait(false);
            if (!invoice.IsSuccess)
            {
                return invoice.Failure!;
            }

            note = invoice.Value is { } r ? $"invoice {r.InvoiceNumber} is {r.Status}, balance {Money.Format(r.Balance)}" : "invoice gone";
        }
        else
        {
            // A payment's webhook names the payment, not the invoice: re-read every invoice still open for the account.
            var open = (await store.ReceivablesAsync(accountId, null, cancellationToken).ConfigureAwait(false)).Where(r => r.Open).ToList();
            foreach (var receivable in open)
            {
                var fresh = await sync.SyncInvoiceAsync(accountId, receivable.InvoiceId, cancellationToken).ConfigureAwait(false);
                if (!fresh.IsSuccess)
                {
                    return fresh.Failure!;
                }
            }

            note = $"payment: {open.Count} open invoice(s) re-read";
        }

        signal.Notify();
        return note;
    }
}
