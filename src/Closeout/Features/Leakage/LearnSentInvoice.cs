using Closeout.Features.Accounts;
using Closeout.Features.Inbox;
using Closeout.Features.Processing;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Leakage;

/// <summary>
/// INVOICE_UPDATE: when an invoice of one job has been sent (any status but draft), the account's history miner learns
/// it at once, so the next draft's suggestions count it. Drafts and invoices of several jobs teach nothing. An inbox handler:
/// it runs beside the other features' handlers of the topic (the QuickBooks push), and learning an invoice twice is a no-op.
/// </summary>
internal sealed class LearnSentInvoice(AccountStore accounts, BusinessEngines engines, LeakageAdvisors advisors, JobberApi jobber) : IInboxHandler
{
    public bool Handles(string topic) => topic is WebhookTopics.InvoiceUpdate;

    public Task<Result<string>> HandleAsync(InboxItem item, CancellationToken cancellationToken) =>
        RunAsync(item.AccountId!, item.ItemId!, cancellationToken);

    public async Task<Result<string>> RunAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        if (await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is not { Tokens: not null } account)
        {
            return Failure.Configuration($"Jobber account {accountId} is not connected to Closeout");
        }

        var engine = await engines.ForAsync(account, cancellationToken).ConfigureAwait(false);
        if (!engine.IsSuccess)
        {
            return engine.Failure!;
        }

        var invoice = await jobber.GetInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!invoice.IsSuccess)
        {
            return invoice.Failure!;
        }

        if (invoice.Value is not { IsSent: true, JobIds.Count: 1 } sent)
        {
            return "leakage: not a sent invoice of one job; nothing to learn";
        }

        var job = await jobber.GetJobAsync(accountId, sent.JobIds[0], cancellationToken).ConfigureAwait(false);
        if (!job.IsSuccess)
        {
            return job.Failure!;
        }

        if (job.Value is null)
        {
            return "leakage: the invoice's job is gone; nothing to learn";
        }

        var translated = JobTranslation.ToEngineJob(job.Value, engine.Value!.Catalog, engine.Value.Policy);
        if (!translated.IsSuccess)
        {
            return translated.Failure!;
        }

        advisors.Learn(account, engine.Value.Catalog, sent.JobIds[0], translated.Value!, sent.Lines);
        return "sent invoice learned by the leakage history";
    }
}
