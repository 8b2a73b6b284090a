using System.Globalization;
using Closeout.Features.Drafts;

namespace Closeout.Features.Approvals;

/// <summary>
/// Decides who must approve a draft under an account's policy. Every matching rule adds its approvers and its reason; a
/// total over the manager threshold adds the manager role; with none of these, a draft approves itself only below the
/// auto threshold, with no flag, no model-proposed line and every line's confidence high, and otherwise goes to the
/// policy's default approvers with the reasons it could not approve itself.
/// </summary>
internal static class ApprovalRouter
{
    public static RoutingDecision Route(DraftDocument draft, ApprovalPolicy policy, RoutingContext context)
    {
        var approvers = new List<Approver>();
        var reasons = new List<string>();
        foreach (var rule in policy.Rules.Where(r => Matches(r, draft, context)))
        {
            approvers.AddRange(rule.All);
            reasons.Add(rule.Name ?? "routing rule");
        }

        if (policy.ManagerAbove is { } managerAbove && draft.Total > managerAbove)
        {
            approvers.Add(Approver.Role("manager"));
            reasons.Add(Money($"total {draft.Total} is above the manager threshold {managerAbove}"));
        }

        if (approvers.Count > 0)
        {
            return new RoutingDecision(false, approvers.Distinct().ToList(), reasons);
        }

        var blockers = AutoApproveBlockers(draft, policy).ToList();
        if (blockers.Count == 0)
        {
            return RoutingDecision.Auto(Money($"total {draft.Total} is below {policy.AutoApproveBelow}, no flags, every line from the engine with high confidence"));
        }

        var defaults = policy.Approvers.All.Distinct().ToList();
        return new RoutingDecision(false, defaults.Count > 0 ? defaults : [Approver.Role("office")], blockers);
    }

    private static IEnumerable<string> AutoApproveBlockers(DraftDocument draft, ApprovalPolicy policy)
    {
        if (policy.AutoApproveBelow is not { } below)
        {
            yield return "the account does not approve drafts automatically";
            yield break;
        }

        if (draft.Total >= below)
        {
            yield return Money($"total {draft.Total} is not below the auto-approve threshold {below}");
        }

        if (draft.Lines.Count == 0)
        {
            yield return "the draft has no lines";
        }

        if (draft.Flags.Count > 0)
        {
            yield return "flags to decide: " + string.Join(", ", draft.Flags.Select(f => f.Kind).Distinct());
        }

        var llm = draft.Lines.Count(IsLlm);
        if (llm > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{llm} line(s) proposed by a language model");
        }

        var low = draft.Lines.Count(l => l.Confidence < policy.HighConfidence);
        if (low > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{low} line(s) below confidence {policy.HighConfidence}");
        }
    }

    private static bool Matches(RoutingRule rule, DraftDocument draft, RoutingContext context) =>
        (rule.MinTotal is null || draft.Total >= rule.MinTotal)
        && (rule.MaxTotal is null || draft.Total <= rule.MaxTotal)
        && (rule.FlagKinds.Count == 0 || draft.Flags.Any(f => rule.FlagKinds.Contains(f.Kind, StringComparer.OrdinalIgnoreCase)))
        && (rule.Clients.Count == 0 || (context.ClientId is { } client && rule.Clients.Contains(client, StringComparer.Ordinal)))
        && (rule.PastDueClient is null || rule.PastDueClient == context.ClientPastDue)
        && (rule.ServiceLines.Count == 0 || context.ServiceLines.Any(s => rule.ServiceLines.Contains(s, StringComparer.OrdinalIgnoreCase)))
        && (rule.LlmLines is null || rule.LlmLines == draft.Lines.Any(IsLlm));

    public static bool IsLlm(DraftLineView line) => string.Equals(line.Source, "Llm", StringComparison.OrdinalIgnoreCase);

    private static string Money(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
