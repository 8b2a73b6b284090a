namespace Closeout.Features.Approvals;

/// <summary>Who may approve: roles (owner, manager, office) and named users (their id or email).</summary>
public class ApproverSet
{
    public List<string> Roles { get; set; } = [];

    public List<string> Users { get; set; } = [];

    public IEnumerable<Approver> All => Roles.Select(Approver.Role).Concat(Users.Select(Approver.User));
}

/// <summary>
/// Sends drafts that match every condition it sets to its approvers. Unset conditions match anything; a list matches when
/// the draft has any of its values.
/// </summary>
public sealed class RoutingRule : ApproverSet
{
    /// <summary>Shown as the reason; defaults to the conditions that matched.</summary>
    public string? Name { get; set; }

    public decimal? MinTotal { get; set; }

    public decimal? MaxTotal { get; set; }

    /// <summary>Flag kinds as the spec names them (warranty, not_in_catalog, ...).</summary>
    public List<string> FlagKinds { get; set; } = [];

    /// <summary>Jobber client ids.</summary>
    public List<string> Clients { get; set; } = [];

    /// <summary>True: only clients with past-due invoices.</summary>
    public bool? PastDueClient { get; set; }

    /// <summary>Catalog categories of the draft's lines (Closeout's service lines).</summary>
    public List<string> ServiceLines { get; set; } = [];

    /// <summary>True: only drafts with a line a language model proposed.</summary>
    public bool? LlmLines { get; set; }
}

/// <summary>When nobody acts within <see cref="AfterMinutes"/>, the request moves to the next step's approvers.</summary>
public sealed class EscalationPolicy
{
    public double AfterMinutes { get; set; } = 240;

    public List<ApproverSet> Steps { get; set; } = [];

    public TimeSpan After => TimeSpan.FromMinutes(AfterMinutes);
}

/// <summary>One account's approval policy (Accounts:Businesses:N:Approval, or Accounts:DefaultApproval).</summary>
public sealed class ApprovalPolicy
{
    /// <summary>Drafts with a total below this, no flags, no model-proposed line and every line at least <see cref="HighConfidence"/> approve themselves; null never.</summary>
    public decimal? AutoApproveBelow { get; set; }

    public double HighConfidence { get; set; } = 0.9;

    /// <summary>Drafts with a total above this need a manager; null never.</summary>
    public decimal? ManagerAbove { get; set; }

    /// <summary>Who approves a draft no rule sends elsewhere.</summary>
    public ApproverSet Approvers { get; set; } = new() { Roles = ["office"] };

    public List<RoutingRule> Rules { get; set; } = [];

    /// <summary>Jobber client ids with past-due history (read by the default <see cref="IPastDueClients"/>).</summary>
    public List<string> PastDueClients { get; set; } = [];

    public EscalationPolicy Escalation { get; set; } = new();
}
