using Closeout.Features.Accounts;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;
using Closeout.Features.Processing;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Pilot;

/// <summary>
/// INVOICE_CREATE: when the office's own invoice appears for a job Closeout drafted in shadow, compares the two and keeps
/// the comparison (once per job). Invoices of other jobs, Closeout's own among them, cost one look in the database. A
/// periodic read of the waiting drafts' jobs catches an invoice made before the draft or whose webhook was lost.
/// </summary>
internal sealed partial class ShadowInvoices(
    AccountStore accounts,
    BusinessEngines engines,
    JobberApi jobber,
    DraftStore drafts,
    PilotStore pilot,
    IAuditTrail audit,
    TimeProvider time,
    ILogger<ShadowInvoices> logger)
{
    public async Task<Result<DraftOutcome>> RunAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        if ((await pilot.AwaitingAsync(accountId, null, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return new DraftOutcome(false, "no shadow draft waits for an invoice");
        }

        var compared = await CompareAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        return compared.IsSuccess
            ? new DraftOutcome(false, compared.Value > 0 ? "shadow draft compared with the office's invoice" : "not an invoice of a shadow draft")
            : compared.Failure!;
    }

    /// <summary>
    /// The periodic read: for each shadow draft still waiting, looks for an invoice on its job (one created before the
    /// draft, or whose webhook never came). Returns how many were compared.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var compared = 0;
        foreach (var (accountId, jobId) in await pilot.AwaitingAsync(cancellationToken).ConfigureAwait(false))
        {
            var invoices = await jobber.GetJobInvoicesAsync(accountId, jobId, cancellationToken).ConfigureAwait(false);
            if (invoices is { IsSuccess: true, Value: [var first, ..] })
            {
                var result = await CompareAsync(accountId, first.Id, cancellationToken).ConfigureAwait(false);
                compared += result.IsSuccess ? result.Value : 0;
            }
        }

        return compared;
    }

    private async Task<Result<int>> CompareAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (account?.Tokens is null)
        {
            return Failure.Configuration($"Jobber account {accountId} is not connected to Closeout");
        }

        var engine = await engines.ForAsync(account, cancellationToken).ConfigureAwait(false);
        if (!engine.IsSuccess)
        {
            return engine.Failure!;
        }

        var fetched = await jobber.GetInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched.Failure!;
        }

        if (fetched.Value is not { } invoice)
        {
            return 0;
        }

        var compared = 0;
        foreach (var jobId in await pilot.AwaitingAsync(accountId, invoice.JobIds, cancellationToken).ConfigureAwait(false))
        {
            if (await drafts.FindAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                continue;
            }

            var comparison = ShadowComparer.Compare(stored.Draft, invoice, engine.Value!.Catalog, time.GetUtcNow());
            if (await pilot.SaveAsync(comparison, cancellationToken).ConfigureAwait(false))
            {
                compared++;
                await audit.AppendAsync(new AuditEntry(accountId, DraftAudit.Subject(jobId), "pilot.compared", DraftAudit.System,
                    After: System.Text.Json.JsonSerializer.SerializeToNode(new { comparison.InvoiceId, comparison.DraftTotal, comparison.SentTotal, comparison.Exact, comparison.AddedRevenue }, DraftDocument.JsonOptions)),
                    cancellationToken).ConfigureAwait(false);
                LogCompared(logger, jobId, accountId, comparison.Exact);
            }
        }

        return compared;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shadow draft of job {JobId} of account {AccountId} compared with the office's invoice; exact: {Exact}")]
    private static partial void LogCompared(ILogger logger, string jobId, string accountId, bool exact);
}
