using System.Security.Claims;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Policies;
using Closeout.Features.Accounts;
using Closeout.Features.Users;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Review;

/// <summary>A draft as one person may see it, with the account's catalog and policy (the only prices and money rules an edit may use).</summary>
internal sealed record DraftContext(ReviewedDraft Draft, JobView Job, Catalog Catalog, BillingPolicy Policy)
{
    public bool TaxExempt => Drafting.Pricing.InvoiceTotals.IsTaxExempt(Policy.Tax, Job.ClientTags);
}

/// <summary>
/// Opens a draft for a person: technicians see only jobs they worked (their Jobber user ids on a time sheet or visit) and
/// anything else is "not found" to them. Fetches the job from Jobber once for drafts stored without it.
/// </summary>
internal sealed class DraftAccess(ReviewStore store, AccountStore accounts, BusinessEngines engines, JobberApi jobber)
{
    public async Task<Outcome<DraftContext>> OpenAsync(string jobId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var draft = await store.FindAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (draft is null)
        {
            return Problem.NotFound($"No draft for job {jobId}");
        }

        var account = await accounts.FindAsync(draft.AccountId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return Problem.NotFound($"No account {draft.AccountId}");
        }

        if (draft.Job is null && account.Tokens is not null)
        {
            var fetched = await jobber.GetJobAsync(account.Id, jobId, cancellationToken).ConfigureAwait(false);
            if (fetched.IsSuccess && fetched.Value is { } job)
            {
                await store.SaveJobAsync(draft.Id, job, cancellationToken).ConfigureAwait(false);
                draft = draft with { Job = job };
            }
        }

        var view = JobView.From(draft.Job);
        if (!MaySee(user, view))
        {
            return Problem.NotFound($"No draft for job {jobId}");
        }

        var engine = await engines.ForAsync(account, cancellationToken).ConfigureAwait(false);
        if (!engine.IsSuccess)
        {
            return Problem.Conflict(engine.Failure!.Message);
        }

        return new DraftContext(draft, view, engine.Value!.Catalog, engine.Value.Policy);
    }

    /// <summary>Staff see every draft; a technician only the jobs they worked.</summary>
    public static bool MaySee(ClaimsPrincipal user, JobView job)
    {
        if (Roles.Staff.Any(user.IsInRole))
        {
            return true;
        }

        var mine = user.JobberUserIds();
        return user.IsInRole(Roles.Technician) && job.Technicians.Any(t => mine.Contains(t.Id));
    }
}
