using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Closeout.Features.Accounts;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;
using Closeout.Features.Notifications;
using Closeout.Features.Pilot;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Approvals;

/// <summary>What happens to a new draft under its account's pilot mode and approval policy, decided before it is stored.</summary>
internal sealed record GovernancePlan(PilotMode Mode, ApprovalRequest Request, IReadOnlyList<Notification> Notifications, IReadOnlyList<AuditEntry> Record)
{
    /// <summary>Shadow drafts are never written to Jobber.</summary>
    public bool WritesInvoice => Mode != PilotMode.Shadow;
}

/// <summary>
/// Applies pilot mode and approval policy to a new draft: shadow drafts are only kept for comparison; copilot drafts go to a
/// person (the router picks who); auto drafts the policy approves are approved by "policy", the rest go to a person.
/// The approval row, its notifications and audit entries are stored in the draft's own transaction.
/// </summary>
internal sealed class DraftGovernance(
    IOptionsMonitor<GovernanceOptions> governance,
    IOptions<NotificationOptions> notifications,
    IApproverDirectory directory,
    IPastDueClients pastDue,
    NotificationOutbox outbox,
    TimeProvider time)
{
    public const string PolicyActor = "policy";

    public async Task<GovernancePlan> PlanAsync(Account account, DraftDocument draft, string? clientId, IReadOnlyCollection<string> serviceLines, CancellationToken cancellationToken)
    {
        var options = governance.CurrentValue;
        var mode = options.PilotFor(account.Id, account.Name).ModeFor(serviceLines);
        var policy = options.ApprovalFor(account.Id, account.Name);
        var now = time.GetUtcNow();
        var subject = DraftAudit.Subject(draft.JobId);
        if (mode == PilotMode.Shadow)
        {
            var shadow = new ApprovalRequest(account.Id, draft.JobId, ApprovalStore.Shadow, Name(mode), 0, [], ["shadow pilot: kept for comparison, never written to Jobber"], now, null, null, null);
            return new GovernancePlan(mode, shadow, [], [new AuditEntry(account.Id, subject, "pilot.shadowed", PolicyActor, After: new JsonObject { ["mode"] = Name(mode) })]);
        }

        var context = new RoutingContext(clientId, clientId is not null && await pastDue.IsPastDueAsync(account, clientId, cancellationToken).ConfigureAwait(false), serviceLines);
        var decision = ApprovalRouter.Route(draft, policy, context);
        if (decision.AutoApprove && mode == PilotMode.Copilot)
        {
            decision = new RoutingDecision(false, policy.Approvers.All.DefaultIfEmpty(Approver.Role("office")).Distinct().ToList(),
                [.. decision.Reasons, "copilot pilot: a person approves every draft"]);
        }

        if (decision.AutoApprove)
        {
            var approved = new ApprovalRequest(account.Id, draft.JobId, ApprovalStore.Approved, Name(mode), 0, [], decision.Reasons, now, null, now, PolicyActor);
            return new GovernancePlan(mode, approved, [], [new AuditEntry(account.Id, subject, "draft.approved", PolicyActor, After: Describe(approved))]);
        }

        var escalation = policy.Escalation;
        var request = new ApprovalRequest(account.Id, draft.JobId, ApprovalStore.Pending, Name(mode), 0, decision.Approvers, decision.Reasons, now,
            escalation.Steps.Count > 0 ? now + escalation.After : null, null, null);
        var messages = await NotificationsAsync(request, draft, cancellationToken).ConfigureAwait(false);
        return new GovernancePlan(mode, request, messages, [new AuditEntry(account.Id, subject, "approval.requested", PolicyActor, After: Describe(request))]);
    }

    public async Task RecordAsync(DbConnection connection, DbTransaction transaction, GovernancePlan plan, CancellationToken cancellationToken)
    {
        await ApprovalStore.InsertAsync(connection, transaction, plan.Request, cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync(connection, transaction, plan.Notifications, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A mail to each approver's address and one chat message, keyed by request step so a repeat queues nothing.</summary>
    public async Task<IReadOnlyList<Notification>> NotificationsAsync(ApprovalRequest request, DraftDocument draft, CancellationToken cancellationToken)
    {
        var settings = notifications.Value;
        var job = draft.JobNumber is { } number ? $"#{number.ToString(CultureInfo.InvariantCulture)}" : draft.JobId;
        var title = string.Create(CultureInfo.InvariantCulture, $"Approve the draft invoice for job {job}: {draft.Total:0.00}{(request.Step > 0 ? " (escalated)" : "")}");
        var link = settings.DraftLink.Replace("{jobId}", Uri.EscapeDataString(draft.JobId), StringComparison.Ordinal);
        var body = string.Join('\n', new[]
        {
            $"Approvers: {string.Join(", ", request.Approvers)}",
            "Why:",
        }.Concat(request.Reasons.Select(r => "- " + r)).Append($"Open it: {link}"));
        var key = string.Create(CultureInfo.InvariantCulture, $"approval|{request.AccountId}|{request.JobId}|{request.Step}");

        var messages = new List<Notification>();
        if (!string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            var addresses = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var approver in request.Approvers)
            {
                addresses.UnionWith(await directory.EmailsAsync(request.AccountId, approver, cancellationToken).ConfigureAwait(false));
            }

            messages.AddRange(addresses.Select(a => new Notification($"{key}|email|{a.ToLowerInvariant()}", Notification.Email, a, title, body)));
        }

        if (!string.IsNullOrWhiteSpace(settings.SlackWebhookUrl))
        {
            messages.Add(new Notification($"{key}|slack", Notification.Slack, null, title, body));
        }

        return messages;
    }

    public static JsonObject Describe(ApprovalRequest request) => new()
    {
        ["state"] = request.State,
        ["mode"] = request.PilotMode,
        ["step"] = request.Step,
        ["approvers"] = new JsonArray(request.Approvers.Select(a => (JsonNode?)JsonValue.Create(a.ToString())).ToArray()),
        ["reasons"] = new JsonArray(request.Reasons.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
    };

    private static string Name(PilotMode mode) => mode.ToString().ToLowerInvariant();
}
