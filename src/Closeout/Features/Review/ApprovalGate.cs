using System.Security.Claims;
using Closeout.Features.Approvals;
using Closeout.Features.Users;
using Closeout.Infrastructure;

namespace Closeout.Features.Review;

/// <summary>
/// Who may decide a draft, from its approval request (Features/Approvals): while it is pending, only the approvers it was
/// routed to (a role, or a named user by id or email) and the owner; a shadow-pilot draft is never approved. A draft with no
/// request (made before approval routing) is decided by staff.
/// </summary>
internal sealed class ApprovalGate(ApprovalStore approvals)
{
    public async Task<Outcome<ApprovalRequest?>> CheckAsync(ReviewedDraft draft, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var request = await approvals.FindAsync(draft.AccountId, draft.JobId, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return Outcome.Ok<ApprovalRequest?>(null);
        }

        if (request.State == ApprovalStore.Shadow)
        {
            return Problem.Conflict("This draft is a shadow-pilot draft: it is kept for comparison and never sent");
        }

        if (request.State == ApprovalStore.Pending && !MayDecide(user, request))
        {
            return Problem.Forbidden($"This draft is for {string.Join(", ", request.Approvers)} to approve: {string.Join("; ", request.Reasons)}");
        }

        return request;
    }

    public Task DecidedAsync(ReviewedDraft draft, bool approved, string actor, CancellationToken cancellationToken) =>
        approvals.DecideAsync(draft.AccountId, draft.JobId, approved, actor, cancellationToken);

    public static bool MayDecide(ClaimsPrincipal user, ApprovalRequest request) =>
        user.IsInRole(Roles.Owner) || request.Approvers.Any(a => a.Kind == Approver.RoleKind
            ? user.IsInRole(a.Id)
            : string.Equals(a.Id, user.FindFirstValue(ClaimTypes.Email), StringComparison.OrdinalIgnoreCase) || a.Id == user.FindFirstValue(ClaimTypes.NameIdentifier));
}
