using Closeout.Features.Approvals;
using Closeout.Features.Audit;
using Closeout.Features.Review;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Pilot;

/// <summary>
/// Auto pilot: a draft the policy approved goes straight out once its invoice is in Jobber, sent as a person's approval
/// would send it (the review's InvoiceWriter), its review marked sent and the send on the record as the policy's. Repeating
/// it is harmless: a review already sent is left alone and an invoice out of draft counts as sent.
/// </summary>
internal sealed class AutoSend(ApprovalStore approvals, ReviewStore reviews, JobberApi jobber, IAuditTrail audit, TimeProvider time)
{
    public async Task<Result<bool>> RunAsync(string accountId, string jobId, string invoiceId, CancellationToken cancellationToken)
    {
        var request = await approvals.FindAsync(accountId, jobId, cancellationToken).ConfigureAwait(false);
        if (request is not { State: ApprovalStore.Approved, DecidedBy: DraftGovernance.PolicyActor, PilotMode: "auto" })
        {
            return false;
        }

        var review = await reviews.FindAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (review is null || review.State is ReviewStates.Sent or ReviewStates.Rejected)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var version = review.Version;
        if (review.State == ReviewStates.Waiting)
        {
            if (!await reviews.UpdateAsync(review.Id, new ReviewUpdate(version, ReviewStates.Approved, null, null, DraftGovernance.PolicyActor, now, null), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            version++;
        }

        var sent = await new InvoiceWriter(jobber).SendAsync(accountId, invoiceId, review.Current.JobNumber, cancellationToken).ConfigureAwait(false);
        if (!sent.IsSuccess)
        {
            await reviews.UpdateAsync(review.Id, new ReviewUpdate(version, ReviewStates.Approved, null, null, DraftGovernance.PolicyActor, now, sent.Failure!.Message), cancellationToken).ConfigureAwait(false);
            return sent.Failure!;
        }

        await reviews.UpdateAsync(review.Id, new ReviewUpdate(version, ReviewStates.Sent, null, null, DraftGovernance.PolicyActor, now, null), cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(new AuditEntry(accountId, DraftAudit.Subject(jobId), "invoice.sent", DraftGovernance.PolicyActor,
            After: new System.Text.Json.Nodes.JsonObject { ["invoiceId"] = invoiceId, ["total"] = review.Current.Total, ["mode"] = "auto" }), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
