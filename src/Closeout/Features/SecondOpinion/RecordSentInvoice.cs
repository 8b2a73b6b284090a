using Closeout.Features.Accounts;
using Closeout.Features.Inbox;
using Closeout.Features.Leakage;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.SecondOpinion;

/// <summary>
/// INVOICE_UPDATE: a sent invoice of one job joins the account's <see cref="PastInvoices"/>, with the job it billed, so
/// later second opinions can show it as a similar past invoice. Only for accounts whose second opinion is on (the others
/// would pay two Jobber reads for nothing); recording an invoice again replaces it.
/// </summary>
internal sealed class RecordSentInvoice(AccountStore accounts, BusinessEngines engines, SecondOpinionAccounts secondOpinions, PastInvoices history, JobberApi jobber)
    : IInboxHandler
{
    public bool Handles(string topic) => topic is WebhookTopics.InvoiceUpdate;

    public async Task<Result<string>> HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        if (item.AccountId is not { } accountId || item.ItemId is not { } invoiceId
            || await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is not { Tokens: not null } account
            || !secondOpinions.IsOn(account))
        {
            return "second opinion: off for this account; nothing recorded";
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
            return "second opinion: not a sent invoice of one job; nothing recorded";
        }

        var job = await jobber.GetJobAsync(accountId, sent.JobIds[0], cancellationToken).ConfigureAwait(false);
        if (!job.IsSuccess)
        {
            return job.Failure!;
        }

        var items = sent.Lines.Select(l => LeakageAdvisors.ItemOf(engine.Value!.Catalog, l.ProductName, l.Name)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (job.Value is null || items.Count == 0)
        {
            return "second opinion: the invoice's job is gone or bills no catalog item; nothing recorded";
        }

        await history.RecordAsync(accountId, sent.JobIds[0], job.Value, items, cancellationToken).ConfigureAwait(false);
        return "sent invoice recorded as a past invoice for the second opinion";
    }
}
