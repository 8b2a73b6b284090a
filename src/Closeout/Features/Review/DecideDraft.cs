using System.Security.Claims;
using System.Text.Json.Nodes;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;
using Closeout.Features.Users;
using Closeout.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Review;

/// <summary>Section "Review": whether approving sends the invoice, for accounts that have not chosen (each account can choose).</summary>
internal sealed class ReviewOptions
{
    public const string Section = "Review";

    public bool SendOnApprove { get; set; } = true;
}

/// <summary>
/// Approves a waiting draft: writes the reviewed lines to its draft invoice in Jobber, then sends it when the account sends on
/// approval (state sent) or leaves it an approved draft (state approved). A send that fails keeps the approval, records the
/// error, and approving again retries it.
/// </summary>
internal sealed class ApproveDraft(DraftAccess access, ApprovalGate gate, ReviewStore store, InvoiceWriter writer, IAuditTrail audit, UserManager<CloseoutUser> users, IOptions<ReviewOptions> options, TimeProvider time)
{
    public async Task<Outcome<ReviewedDraft>> RunAsync(string jobId, long expectedVersion, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(jobId, user, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return opened.Problem!;
        }

        var draft = opened.Value!.Draft;
        var actor = users.GetUserId(user) ?? "unknown";
        var retry = draft.State == ReviewStates.Approved && draft.SendError is not null;
        if (draft.State != ReviewStates.Waiting && !retry)
        {
            return Problem.Conflict($"The draft is already {draft.State}");
        }

        if (draft.Version != expectedVersion)
        {
            return Problem.Conflict("Someone changed this draft since you opened it; reload it to see their change");
        }

        var allowed = await gate.CheckAsync(draft, user, cancellationToken).ConfigureAwait(false);
        if (!allowed.IsSuccess)
        {
            return allowed.Problem!;
        }

        if (draft.Invoice is not { State: OutboxStore.Done, InvoiceId: { } invoiceId })
        {
            return Problem.Conflict("The draft's invoice is not in Jobber yet; try again in a moment");
        }

        var now = time.GetUtcNow();
        var approved = draft with { State = ReviewStates.Approved, ReviewedBy = retry ? draft.ReviewedBy : actor, ReviewedAt = retry ? draft.ReviewedAt : now, SendError = null };
        if (!await SaveAsync(draft, approved, cancellationToken).ConfigureAwait(false))
        {
            return Problem.Conflict("Someone changed this draft since you opened it; reload it to see their change");
        }

        if (!retry)
        {
            await audit.AppendAsync(new AuditEntry(draft.AccountId, DraftAudit.Subject(jobId), "draft.approved", actor,
                new JsonObject { ["state"] = draft.State }, ReviseDraft.Json(draft.Current)), cancellationToken).ConfigureAwait(false);
            await gate.DecidedAsync(draft, approved: true, actor, cancellationToken).ConfigureAwait(false);
        }

        approved = approved with { Version = draft.Version + 1 };
        var written = await writer.WriteLinesAsync(draft.AccountId, invoiceId, draft.Current, cancellationToken).ConfigureAwait(false);
        if (!written.IsSuccess)
        {
            return await FailedAsync(approved, written.Failure!, cancellationToken).ConfigureAwait(false);
        }

        var settings = await store.SettingsAsync(draft.AccountId, options.Value.SendOnApprove, cancellationToken).ConfigureAwait(false);
        if (!settings.SendOnApprove)
        {
            return approved;
        }

        var sent = await writer.SendAsync(draft.AccountId, invoiceId, draft.Current.JobNumber, cancellationToken).ConfigureAwait(false);
        if (!sent.IsSuccess)
        {
            return await FailedAsync(approved, sent.Failure!, cancellationToken).ConfigureAwait(false);
        }

        var done = approved with { State = ReviewStates.Sent };
        await SaveAsync(approved, done, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(new AuditEntry(draft.AccountId, DraftAudit.Subject(jobId), "invoice.sent", actor,
            null, new JsonObject { ["invoiceId"] = invoiceId, ["total"] = draft.Current.Total }), cancellationToken).ConfigureAwait(false);
        return done with { Version = approved.Version + 1 };
    }

    private async Task<Outcome<ReviewedDraft>> FailedAsync(ReviewedDraft approved, Failure failure, CancellationToken cancellationToken)
    {
        await SaveAsync(approved, approved with { SendError = failure.Message }, cancellationToken).ConfigureAwait(false);
        return Problem.Upstream($"Approved, but Jobber did not take the invoice: {failure.Message}. Approve again to retry.");
    }

    private Task<bool> SaveAsync(ReviewedDraft from, ReviewedDraft to, CancellationToken cancellationToken) =>
        store.UpdateAsync(from.Id, new ReviewUpdate(from.Version, to.State, to.Edited ? to.Current : null, to.Reason, to.ReviewedBy, to.ReviewedAt, to.SendError), cancellationToken);
}

/// <summary>Rejects a waiting draft with a reason; its invoice stays a draft in Jobber for the office to handle.</summary>
internal sealed class RejectDraft(DraftAccess access, ApprovalGate gate, ReviewStore store, IAuditTrail audit, UserManager<CloseoutUser> users, TimeProvider time)
{
    public async Task<Outcome<ReviewedDraft>> RunAsync(string jobId, long expectedVersion, string? reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Problem.Invalid("Say why the draft is rejected");
        }

        var opened = await access.OpenAsync(jobId, user, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return opened.Problem!;
        }

        var draft = opened.Value!.Draft;
        if (draft.State != ReviewStates.Waiting)
        {
            return Problem.Conflict($"The draft is already {draft.State}");
        }

        var allowed = await gate.CheckAsync(draft, user, cancellationToken).ConfigureAwait(false);
        if (!allowed.IsSuccess)
        {
            return allowed.Problem!;
        }

        var actor = users.GetUserId(user) ?? "unknown";
        var rejected = draft with { State = ReviewStates.Rejected, Reason = reason.Trim(), ReviewedBy = actor, ReviewedAt = time.GetUtcNow() };
        if (draft.Version != expectedVersion || !await store.UpdateAsync(draft.Id,
                new ReviewUpdate(draft.Version, rejected.State, draft.Edited ? draft.Current : null, rejected.Reason, actor, rejected.ReviewedAt, null), cancellationToken).ConfigureAwait(false))
        {
            return Problem.Conflict("Someone changed this draft since you opened it; reload it to see their change");
        }

        await audit.AppendAsync(new AuditEntry(draft.AccountId, DraftAudit.Subject(jobId), "draft.rejected", actor,
            new JsonObject { ["state"] = draft.State }, new JsonObject { ["state"] = rejected.State, ["reason"] = rejected.Reason }), cancellationToken).ConfigureAwait(false);
        await gate.DecidedAsync(draft, approved: false, actor, cancellationToken).ConfigureAwait(false);
        return rejected with { Version = draft.Version + 1 };
    }
}
