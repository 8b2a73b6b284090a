using Closeout.Features.Accounts;
using Closeout.Features.Leakage;
using Closeout.Features.Processing;
using Closeout.Infrastructure;

namespace Closeout.Features.SecondOpinion;

/// <summary>
/// A sent invoice of one job (read by <see cref="SentInvoiceHandler"/>) joins the account's <see cref="PastInvoices"/>,
/// with the job it billed, so later second opinions can show it as a similar past invoice. Only for accounts whose second
/// opinion is on; recording an invoice again replaces it.
/// </summary>
internal sealed class RecordSentInvoice(SecondOpinionAccounts secondOpinions, PastInvoices history) : ISentInvoiceLearner
{
    public bool Wants(Account account) => secondOpinions.IsOn(account);

    public async Task<Result<string>> LearnAsync(SentInvoice sent, CancellationToken cancellationToken)
    {
        var items = sent.Invoice.Lines.Select(l => LeakageAdvisors.ItemOf(sent.Engine.Catalog, l.ProductName, l.Name)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (items.Count == 0)
        {
            return "second opinion: the invoice bills no catalog item; nothing recorded";
        }

        await history.RecordAsync(sent.Account.Id, sent.JobId, sent.Job, items, cancellationToken).ConfigureAwait(false);
        return "sent invoice recorded as a past invoice for the second opinion";
    }
}
