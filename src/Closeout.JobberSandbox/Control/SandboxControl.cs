using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.Webhooks;

namespace Closeout.JobberSandbox.Control;

/// <summary>What the sandbox does when someone completes a job in it.</summary>
internal sealed class JobCompletion(SandboxStore store, IWebhookEvents events, TimeProvider time)
{
    /// <summary>
    /// Completes every open visit, sets the job to requires_invoicing and sends VISIT_COMPLETE (its last visit) then
    /// JOB_UPDATE (the job). Completing again re-sends the webhooks: useful to test duplicate handling.
    /// </summary>
    public async Task<Job?> CompleteAsync(string jobId, CancellationToken cancellationToken)
    {
        using var gate = await store.EnterAsync(cancellationToken).ConfigureAwait(false);
        var (account, job) = Find(jobId);
        if (account is null || job is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        foreach (var visit in job.Visits.Where(v => v.CompletedAt is null))
        {
            visit.CompletedAt = now;
        }

        if (job.JobStatus != "archived")
        {
            job.JobStatus = "requires_invoicing";
        }

        job.CompletedAt ??= job.Visits.Count > 0 ? job.Visits.Max(v => v.CompletedAt) : now;
        job.UpdatedAt = now;
        if (job.Visits.Count > 0)
        {
            events.Publish(account, WebhookTopic.VisitComplete, job.Visits[^1].Id);
        }

        events.Publish(account, WebhookTopic.JobUpdate, job.Id);
        return job;
    }

    /// <summary>
    /// For tests only, no Jobber counterpart: opens a job again (its visits not done, status active, no completion time)
    /// without a webhook, so a test can stage a job read before it was complete.
    /// </summary>
    public async Task<Job?> ReopenAsync(string jobId, CancellationToken cancellationToken)
    {
        using var gate = await store.EnterAsync(cancellationToken).ConfigureAwait(false);
        var (_, job) = Find(jobId);
        if (job is null)
        {
            return null;
        }

        foreach (var visit in job.Visits)
        {
            visit.CompletedAt = null;
        }

        job.JobStatus = "active";
        job.CompletedAt = null;
        job.UpdatedAt = time.GetUtcNow();
        return job;
    }

    /// <summary>A job by EncodedId, or by job number when the id is all digits.</summary>
    private (Account? Account, Job? Job) Find(string jobId)
    {
        foreach (var account in store.Accounts)
        {
            var job = account.FindJob(jobId)
                ?? (int.TryParse(jobId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    ? account.Jobs.Find(j => j.JobNumber == number)
                    : null);
            if (job is not null)
            {
                return (account, job);
            }
        }

        return (null, null);
    }
}
