using Closeout.Features.Accounts;
using Closeout.Features.Approvals;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;
using Closeout.Tests.Service;

namespace Closeout.Tests.Features.Approvals;

/// <summary>Stores a draft the way the pipeline does: governance planned, then the draft, its approval, notifications and audit in one transaction.</summary>
internal static class Governed
{
    public static readonly Account Account = new("acct-1", "Acme Plumbing", null, null, DateTimeOffset.UnixEpoch, null);

    public static async Task<GovernancePlan> StoreAsync(ServiceHost host, DraftDocument draft, string? clientId = "client-1", IReadOnlyCollection<string>? serviceLines = null)
    {
        var governance = host.Get<DraftGovernance>();
        var plan = await governance.PlanAsync(Account, draft, clientId, serviceLines ?? ["Fees"], CancellationToken.None);
        Assert.True(await host.Get<DraftStore>().SaveAsync(draft, null, CancellationToken.None, [.. DraftAudit.Created(draft), .. plan.Record],
            (connection, transaction) => governance.RecordAsync(connection, transaction, plan, CancellationToken.None)));
        return plan;
    }

    public static DraftDocument Draft(string jobId, decimal total, long jobNumber = 1001) => new(
        Account.Id, jobId, jobNumber,
        [new DraftLineView("ITEM-1", "Item", "", 1m, total, total, false, "Note", 0.95, [])],
        [], total, 0m, total);
}
