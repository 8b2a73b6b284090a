using Closeout.Features.Pilot;

namespace Closeout.Features.Approvals;

/// <summary>The governance settings of one account, beside its business folder in Accounts:Businesses.</summary>
public sealed class AccountGovernance
{
    public string Account { get; set; } = "";

    public ApprovalPolicy? Approval { get; set; }

    public PilotSettings? Pilot { get; set; }
}

/// <summary>
/// Section "Accounts" read for governance: each Businesses entry may carry Approval and Pilot next to Account and Folder;
/// DefaultApproval and DefaultPilot apply to accounts without their own.
/// </summary>
internal sealed class GovernanceOptions
{
    public List<AccountGovernance> Businesses { get; set; } = [];

    public ApprovalPolicy DefaultApproval { get; set; } = new();

    public PilotSettings DefaultPilot { get; set; } = new();

    public ApprovalPolicy ApprovalFor(string accountId, string? accountName) => Find(accountId, accountName)?.Approval ?? DefaultApproval;

    public PilotSettings PilotFor(string accountId, string? accountName) => Find(accountId, accountName)?.Pilot ?? DefaultPilot;

    private AccountGovernance? Find(string accountId, string? accountName) =>
        Businesses.Find(b => string.Equals(b.Account, accountId, StringComparison.Ordinal))
        ?? (accountName is null ? null : Businesses.Find(b => string.Equals(b.Account, accountName, StringComparison.OrdinalIgnoreCase)));
}
