using Closeout.Features.Approvals;
using Closeout.Features.Audit;
using Closeout.Features.Notifications;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Closeout.Tests.Features.Approvals;

/// <summary>Escalation on a fake clock: the background sweep moves an untouched request to the next approvers, and leaves a decided one alone.</summary>
public abstract class EscalationTests
{
    protected abstract Provider Provider { get; }

    [Fact]
    public async Task A_request_nobody_acts_on_escalates_step_by_step_and_notifies_each_new_approver()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var host = await ServiceHost.StartAsync(database, Settings(), s => s.AddSingleton<TimeProvider>(clock));
        await Governed.StoreAsync(host, Governed.Draft("job-big", 2500m));
        var sweep = host.Get<EscalationSweep>();
        await sweep.StartAsync(CancellationToken.None);

        try
        {
            var first = await RequestAsync(host, "job-big");
            await AdvanceAsync(clock, TimeSpan.FromMinutes(59));
            var beforeDue = await RequestAsync(host, "job-big");
            await AdvanceAsync(clock, TimeSpan.FromMinutes(2));
            var toOwner = await WaitForStepAsync(host, "job-big", 1);
            await AdvanceAsync(clock, TimeSpan.FromMinutes(61));
            var toBoss = await WaitForStepAsync(host, "job-big", 2);
            await AdvanceAsync(clock, TimeSpan.FromMinutes(180));
            var last = await RequestAsync(host, "job-big");

            Assert.Equal([Approver.Role("manager")], first.Approvers);
            Assert.Equal(clock.Start.AddMinutes(60), first.DueAt);
            Assert.Equal(0, beforeDue.Step);
            Assert.Equal([Approver.Role("owner")], toOwner.Approvers);
            Assert.Equal([Approver.User("boss@example.com")], toBoss.Approvers);
            Assert.Null(toBoss.DueAt);
            Assert.Equal(2, last.Step);
            Assert.Equal(ApprovalStore.Pending, last.State);
            var mails = (await host.Get<NotificationOutbox>().ListAsync(CancellationToken.None)).Where(n => n.Message.Channel == Notification.Email).Select(n => n.Message.Target).ToList();
            Assert.Equal(["m1@example.com", "m2@example.com", "owner@example.com", "boss@example.com"], mails);
            var history = await host.Get<IAuditTrail>().HistoryAsync(Governed.Account.Id, "draft:job-big", CancellationToken.None);
            Assert.Equal(2, history.Count(h => h.Entry.Action == "approval.escalated"));
        }
        finally
        {
            await sweep.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_request_approved_in_time_is_closed_and_not_escalated()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var host = await ServiceHost.StartAsync(database, Settings(), s => s.AddSingleton<TimeProvider>(clock));
        await Governed.StoreAsync(host, Governed.Draft("job-ok", 2500m));
        clock.Advance(TimeSpan.FromMinutes(10));
        await host.Get<IAuditTrail>().AppendAsync(new AuditEntry(Governed.Account.Id, "draft:job-ok", "draft.approved", "user:m1"), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(60));

        var moved = await host.Get<EscalationSweep>().SweepAsync(CancellationToken.None);

        var request = await RequestAsync(host, "job-ok");
        Assert.Equal(0, moved);
        Assert.Equal(ApprovalStore.Approved, request.State);
        Assert.Equal("user:m1", request.DecidedBy);
        Assert.Equal(0, request.Step);
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Accounts:DefaultApproval:ManagerAbove"] = "2000",
        ["Accounts:DefaultApproval:Escalation:AfterMinutes"] = "60",
        ["Accounts:DefaultApproval:Escalation:Steps:0:Roles:0"] = "owner",
        ["Accounts:DefaultApproval:Escalation:Steps:1:Users:0"] = "boss@example.com",
        ["Accounts:DefaultPilot:Mode"] = "Copilot",
        ["Escalation:SweepSeconds"] = "60",
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Roles:manager:0"] = "m1@example.com",
        ["Notifications:Roles:manager:1"] = "m2@example.com",
        ["Notifications:Roles:owner:0"] = "owner@example.com",
    };

    /// <summary>Minute by minute, as the sweep's timer would see the time pass.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider clock, TimeSpan by)
    {
        for (var i = 0; i < (int)by.TotalMinutes; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(5);
        }
    }

    private static async Task<ApprovalRequest> RequestAsync(ServiceHost host, string jobId) =>
        (await host.Get<ApprovalStore>().FindAsync(Governed.Account.Id, jobId, CancellationToken.None))!;

    private static async Task<ApprovalRequest> WaitForStepAsync(ServiceHost host, string jobId, int step)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(15);
        while (true)
        {
            var request = await RequestAsync(host, jobId);
            if (request.Step == step)
            {
                return request;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"never reached step {step}: at {request.Step}");
            await Task.Delay(20);
        }
    }
}

public sealed class SqliteEscalationTests : EscalationTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresEscalationTests : EscalationTests
{
    protected override Provider Provider => Provider.Postgres;
}
