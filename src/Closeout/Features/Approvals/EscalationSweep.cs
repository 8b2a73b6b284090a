using Closeout.Features.Accounts;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;
using Closeout.Features.Notifications;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Approvals;

/// <summary>
/// On a timer (on the injected TimeProvider), finds approval requests nobody acted on in time and moves each to the next
/// escalation step's approvers, notifying them. A request whose draft the audit log shows approved or rejected is closed
/// instead. Several instances may sweep: a request moves only from the step it was read at.
/// </summary>
internal sealed partial class EscalationSweep(
    ApprovalStore approvals,
    DraftStore drafts,
    AccountStore accounts,
    IAuditTrail audit,
    DraftGovernance governance,
    NotificationOutbox outbox,
    IOptionsMonitor<GovernanceOptions> options,
    IOptions<EscalationSettings> settings,
    TimeProvider time,
    ILogger<EscalationSweep> logger) : BackgroundService
{
    private static readonly HashSet<string> Decisions = ["draft.approved", "draft.rejected"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.SweepSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // The sweep never dies: an error is logged and the next tick tries again.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogSweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Escalates every request that is due; returns how many moved.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var request in await approvals.DueAsync(cancellationToken).ConfigureAwait(false))
        {
            var history = await audit.HistoryAsync(request.AccountId, DraftAudit.Subject(request.JobId), cancellationToken).ConfigureAwait(false);
            if (history.LastOrDefault(h => Decisions.Contains(h.Entry.Action) && h.RecordedAt >= request.RequestedAt) is { } decided)
            {
                await approvals.DecideAsync(request.AccountId, request.JobId, decided.Entry.Action == "draft.approved", decided.Entry.Actor, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var account = await accounts.FindAsync(request.AccountId, cancellationToken).ConfigureAwait(false);
            var escalation = options.CurrentValue.ApprovalFor(request.AccountId, account?.Name).Escalation;
            var draft = await drafts.FindAsync(request.JobId, cancellationToken).ConfigureAwait(false);
            if (request.Step >= escalation.Steps.Count || draft is null)
            {
                await approvals.StopEscalatingAsync(request, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var next = escalation.Steps[request.Step].All.Distinct().ToList();
            var now = time.GetUtcNow();
            var escalated = request with
            {
                Step = request.Step + 1,
                Approvers = next,
                Reasons = [.. request.Reasons, $"nobody acted within {escalation.After} (step {request.Step + 1})"],
                DueAt = request.Step + 1 < escalation.Steps.Count ? now + escalation.After : null,
            };
            var messages = await governance.NotificationsAsync(escalated, draft.Draft, cancellationToken).ConfigureAwait(false);
            var record = new AuditEntry(request.AccountId, DraftAudit.Subject(request.JobId), "approval.escalated", DraftGovernance.PolicyActor,
                Before: DraftGovernance.Describe(request), After: DraftGovernance.Describe(escalated));
            if (await approvals.EscalateAsync(request, request.Step, next, escalated.DueAt, record,
                (connection, transaction) => outbox.EnqueueAsync(connection, transaction, messages, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                moved++;
                LogEscalated(logger, request.JobId, request.AccountId, escalated.Step);
            }
        }

        return moved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval of job {JobId} of account {AccountId} escalated to step {Step}")]
    private static partial void LogEscalated(ILogger logger, string jobId, string accountId, int step);

    [LoggerMessage(Level = LogLevel.Error, Message = "Escalation sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

/// <summary>Section "Escalation": how often the sweep looks for requests nobody acted on.</summary>
internal sealed class EscalationSettings
{
    public const string Section = "Escalation";

    public double SweepSeconds { get; set; } = 60;
}
