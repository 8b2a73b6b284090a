using Closeout.Features.Accounts;
using Closeout.Features.Processing;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Leakage;

/// <summary>
/// INVOICE_UPDATE: when an invoice of one job has been sent (any status but draft), the account's history miner learns
/// it at once, so the next draft's suggestions count it. Drafts and invoices of several jobs teach nothing.
/// </summary>
internal sealed class LearnSentInvoice(AccountStore accounts, BusinessEngines engines, LeakageAdvisors advisors, JobberApi jobber)
{
    public async Task<Result<DraftOutcome>> RunAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        if (await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is not { Tokens: not null } account)
        {
            return Failure.Configuration($"Jobber account {accountId} is not connected to Closeout");
        }

        var engine = engines.For(account);
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
            return new DraftOutcome(false, "not a sent invoice of one job; nothing to learn");
        }

        var job = await jobber.GetJobAsync(accountId, sent.JobIds[0], cancellationToken).ConfigureAwait(false);
        if (!job.IsSuccess)
        {
            return job.Failure!;
        }

        if (job.Value is null)
        {
            return new DraftOutcome(false, "the invoice's job is gone; nothing to learn");
        }

        var translated = JobTranslation.ToEngineJob(job.Value, engine.Value!.Catalog, engine.Value.Policy);
        if (!translated.IsSuccess)
        {
            return translated.Failure!;
        }

        advisors.Learn(account, engine.Value.Catalog, sent.JobIds[0], translated.Value!, sent.Lines);
        return new DraftOutcome(false, "sent invoice learned by the leakage history");
    }
}
