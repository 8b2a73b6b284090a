using Closeout.Features.Approvals;
using System.Security.Claims;
using Closeout.Features.Audit;
using Closeout.Features.Leakage;
using Closeout.Features.Users;
using Closeout.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.Review;

/// <summary>
/// A draft beside its job: lines with their evidence, flags with what to decide, totals, the actions (staff only, while it
/// waits) and its history. Every signed-in role reads it; technicians only their own jobs.
/// </summary>
internal sealed class DraftModel(DraftAccess access, IAuditTrail audit, UserStore users, ApprovalStore approvals, SuggestionFeedback feedback) : DraftPage(access, audit, users, approvals, feedback)
{
    public async Task<IActionResult> OnGetAsync(string jobId, CancellationToken cancellationToken) =>
        await LoadAsync(jobId, cancellationToken).ConfigureAwait(false) ?? Page();
}

/// <summary>
/// POST /drafts/{jobId}/{edit|remove|add|approve|reject}: the draft page's actions, for staff only (the authorization
/// middleware refuses anyone else before the page runs). Answers htmx with the re-rendered review, a plain browser with a redirect.
/// </summary>
internal sealed class DraftActionsModel(DraftAccess access, ReviseDraft revise, ApproveDraft approve, RejectDraft reject, IAuditTrail audit, UserStore users, ApprovalStore approvals, SuggestionFeedback feedback)
    : DraftPage(access, audit, users, approvals, feedback)
{
    /// <summary>A request naming no action (a GET, an unknown name) goes back to the draft.</summary>
    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HandlerMethod is null)
        {
            context.Result = RedirectToPage("/Review/Draft", new { jobId = RouteData.Values["jobId"] });
        }
    }

    public Task<IActionResult> OnPostEditAsync(string jobId, long version, int index, string itemId, decimal quantity, CancellationToken cancellationToken) =>
        ActAsync(jobId, async () => (await revise.RunAsync(jobId, version, new Revision.EditLine(index, itemId, quantity), User, cancellationToken).ConfigureAwait(false)).Problem, "Line changed.", cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string jobId, long version, int index, CancellationToken cancellationToken) =>
        ActAsync(jobId, async () => (await revise.RunAsync(jobId, version, new Revision.RemoveLine(index), User, cancellationToken).ConfigureAwait(false)).Problem, "Line removed.", cancellationToken);

    public Task<IActionResult> OnPostAddAsync(string jobId, long version, string itemId, decimal quantity, int? forFlag, CancellationToken cancellationToken) =>
        ActAsync(jobId, async () => (await revise.RunAsync(jobId, version, new Revision.AddLine(itemId, quantity, forFlag), User, cancellationToken).ConfigureAwait(false)).Problem, "Line added.", cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(string jobId, long version, CancellationToken cancellationToken) =>
        ActAsync(jobId, async () => (await approve.RunAsync(jobId, version, User, cancellationToken).ConfigureAwait(false)).Problem, "Approved.", cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(string jobId, long version, string? reason, CancellationToken cancellationToken) =>
        ActAsync(jobId, async () => (await reject.RunAsync(jobId, version, reason, User, cancellationToken).ConfigureAwait(false)).Problem, "Rejected.", cancellationToken);

    /// <summary>
    /// A suggestion decided from the page: accepting adds its item as a line (the add-line action, so totals recompute) and
    /// records the decision; rejecting records it. The first decision stands.
    /// </summary>
    public Task<IActionResult> OnPostSuggestionAsync(string jobId, long version, string itemId, string decision, CancellationToken cancellationToken) =>
        ActAsync(jobId, () => DecideSuggestionAsync(jobId, version, itemId, decision, cancellationToken), decision == SuggestionFeedback.Accepted ? "Suggestion accepted: line added." : "Suggestion rejected.", cancellationToken);

    private async Task<Problem?> DecideSuggestionAsync(string jobId, long version, string itemId, string decision, CancellationToken cancellationToken)
    {
        if (decision is not (SuggestionFeedback.Accepted or SuggestionFeedback.Rejected))
        {
            return Problem.Invalid($"A suggestion is {SuggestionFeedback.Accepted} or {SuggestionFeedback.Rejected}, not {decision}");
        }

        if (await LoadAsync(jobId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return Problem.NotFound($"No draft for job {jobId}");
        }

        var draft = Context.Draft;
        if (draft.Current.Suggestions.FirstOrDefault(s => s.ItemId == itemId) is not { } suggestion)
        {
            return Problem.NotFound($"The draft has no suggestion of {itemId}");
        }

        if (SuggestionDecisions.ContainsKey(itemId))
        {
            return Problem.Conflict($"The suggestion of {suggestion.Name} was already decided");
        }

        if (decision == SuggestionFeedback.Accepted
            && (await revise.RunAsync(jobId, version, new Revision.AddLine(itemId, suggestion.Quantity, null), User, cancellationToken).ConfigureAwait(false)).Problem is { } problem)
        {
            return problem;
        }

        var person = User.FindFirstValue(ClaimTypes.Email) ?? User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        return await Feedback.DecideAsync(draft.AccountId, jobId, suggestion, decision, person, cancellationToken).ConfigureAwait(false)
            ? null
            : Problem.Conflict($"The suggestion of {suggestion.Name} was already decided");
    }

    private async Task<IActionResult> ActAsync(string jobId, Func<Task<Problem?>> act, string done, CancellationToken cancellationToken)
    {
        var problem = await act().ConfigureAwait(false);
        if (await LoadAsync(jobId, cancellationToken).ConfigureAwait(false) is { } notFound)
        {
            return notFound;
        }

        (Error, Notice) = problem is null ? ((string?)null, (string?)done) : (problem.Detail, null);
        if (Request.Headers.ContainsKey("HX-Request"))
        {
            return Partial("_Review", this);
        }

        return problem is null ? RedirectToPage("/Review/Draft", new { jobId }) : Page();
    }
}

/// <summary>What the draft page and its actions share: the draft as this person may see it, its history and who is who.</summary>
internal abstract class DraftPage(DraftAccess access, IAuditTrail audit, UserStore users, ApprovalStore approvals, SuggestionFeedback feedback) : PageModel
{
    /// <summary>People's decisions on this draft's suggestions, by item.</summary>
    protected SuggestionFeedback Feedback => feedback;

    public IReadOnlyDictionary<string, SuggestionDecision> SuggestionDecisions { get; private set; } = new Dictionary<string, SuggestionDecision>();

    /// <summary>Who the draft was routed to and why (null for drafts made before approval routing).</summary>
    public ApprovalRequest? Approval { get; private set; }

    public DraftContext Context { get; private set; } = null!;

    public IReadOnlyList<RecordedAuditEntry> History { get; private set; } = [];

    public IReadOnlyDictionary<string, string> People { get; private set; } = new Dictionary<string, string>();

    public string? Error { get; protected set; }

    public string? Notice { get; protected set; }

    public bool IsStaff => Roles.Staff.Any(User.IsInRole);

    public bool CanChange => IsStaff && Context.Draft.State == ReviewStates.Waiting;

    public bool CanRetrySend => IsStaff && Context.Draft is { State: ReviewStates.Approved, SendError: not null };

    protected async Task<IActionResult?> LoadAsync(string jobId, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(jobId, User, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return opened.Problem!.Kind == ProblemKind.NotFound ? NotFound() : StatusCode(opened.Problem.Status, opened.Problem.Detail);
        }

        Context = opened.Value!;
        Approval = await approvals.FindAsync(Context.Draft.AccountId, jobId, cancellationToken).ConfigureAwait(false);
        History = await audit.HistoryAsync(Context.Draft.AccountId, DraftAudit.Subject(jobId), cancellationToken).ConfigureAwait(false);
        SuggestionDecisions = (await feedback.DecisionsAsync(Context.Draft.AccountId, jobId, cancellationToken).ConfigureAwait(false))
            .GroupBy(s => s.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        People = (await users.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(u => u.User.Id, u => u.User.DisplayName, StringComparer.Ordinal);
        return null;
    }

    public string Person(string? id) => id is null ? "" : People.TryGetValue(id, out var name) ? name : id;

    public string Handler(string name) => Url.Page("/Review/DraftActions", name, new { jobId = Context.Draft.JobId })!;
}
