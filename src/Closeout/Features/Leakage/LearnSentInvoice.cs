using Closeout.Features.Accounts;
using Closeout.Features.Processing;
using Closeout.Infrastructure;

namespace Closeout.Features.Leakage;

/// <summary>
/// A sent invoice of one job (read by <see cref="SentInvoiceHandler"/>) is learned at once by the account's history miner,
/// so the next draft's suggestions count it. Learning an invoice twice is a no-op.
/// </summary>
internal sealed class LearnSentInvoice(LeakageAdvisors advisors) : ISentInvoiceLearner
{
    public bool Wants(Account account) => true;

    public Task<Result<string>> LearnAsync(SentInvoice sent, CancellationToken cancellationToken)
    {
        var translated = JobTranslation.ToEngineJob(sent.Job, sent.Engine.Catalog, sent.Engine.Policy);
        if (!translated.IsSuccess)
        {
            return Task.FromResult<Result<string>>(translated.Failure!);
        }

        advisors.Learn(sent.Account, sent.Engine.Catalog, sent.JobId, translated.Value!, sent.Invoice.Lines);
        return Task.FromResult<Result<string>>("sent invoice learned by the leakage history");
    }
}
