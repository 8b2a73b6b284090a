using System.Text.Json.Nodes;
using Closeout.Drafting.Engine;
using Closeout.Features.Accounts;
using Closeout.Features.Inbox;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Processing;

/// <summary>A sent invoice of one job as Jobber has it, with the job it billed and the account's engine.</summary>
internal sealed record SentInvoice(Account Account, DraftEngine Engine, JobberInvoice Invoice, string JobId, JsonObject Job);

/// <summary>A feature that learns from what a business sent (the leakage history, the second opinion's past invoices).</summary>
internal interface ISentInvoiceLearner
{
    /// <summary>False when the feature has nothing to learn for this account: no Jobber reads are made for it.</summary>
    bool Wants(Account account);

    /// <summary>Learns the invoice; learning the same invoice again must change nothing (deliveries repeat).</summary>
    Task<Result<string>> LearnAsync(SentInvoice sent, CancellationToken cancellationToken);
}

/// <summary>
/// INVOICE_UPDATE: when an invoice of one job has been sent (any status but draft), reads it and its job from Jobber once
/// and hands them to every learner that wants the account. Drafts and invoices of several jobs teach nothing.
/// </summary>
internal sealed class SentInvoiceHandler(AccountStore accounts, BusinessEngines engines, JobberApi jobber, IEnumerable<ISentInvoiceLearner> learners) : IInboxHandler
{
    public bool Handles(string topic) => topic is WebhookTopics.InvoiceUpdate;

    public async Task<Result<string>> HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        if (item.AccountId is not { } accountId || item.ItemId is not { } invoiceId
            || await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is not { Tokens: not null } account)
        {
            return Failure.Configuration($"Jobber account {item.AccountId} is not connected to Closeout");
        }

        var wanting = learners.Where(l => l.Wants(account)).ToList();
        if (wanting.Count == 0)
        {
            return "sent invoices: nothing learns from this account's invoices";
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
            return "sent invoices: not a sent invoice of one job; nothing to learn";
        }

        var job = await jobber.GetJobAsync(accountId, sent.JobIds[0], cancellationToken).ConfigureAwait(false);
        if (!job.IsSuccess)
        {
            return job.Failure!;
        }

        if (job.Value is null)
        {
            return "sent invoices: the invoice's job is gone; nothing to learn";
        }

        var read = new SentInvoice(account, engine.Value!, sent, sent.JobIds[0], job.Value);
        var notes = new List<string>();
        foreach (var learner in wanting)
        {
            var learned = await learner.LearnAsync(read, cancellationToken).ConfigureAwait(false);
            if (!learned.IsSuccess)
            {
                return learned.Failure!;
            }

            notes.Add(learned.Value!);
        }

        return string.Join("; ", notes);
    }
}
