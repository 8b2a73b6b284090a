using Closeout.Features.Approvals;
using Closeout.Features.Drafts;

namespace Closeout.Tests.Features.Approvals;

/// <summary>The router as a table: a draft, a policy and a context in; auto-approve or who must approve (and why) out.</summary>
public sealed class ApprovalRouterTests
{
    private static readonly ApprovalPolicy Policy = new()
    {
        AutoApproveBelow = 500m,
        HighConfidence = 0.9,
        ManagerAbove = 2000m,
        Approvers = new ApproverSet { Roles = ["office"] },
        Rules =
        [
            new RoutingRule { Name = "warranty work", FlagKinds = ["warranty"], Users = ["warranty@example.com"] },
            new RoutingRule { Name = "past-due client", PastDueClient = true, Roles = ["owner"] },
            new RoutingRule { Name = "key account", Clients = ["client-key"], Users = ["ana@example.com"] },
            new RoutingRule { Name = "big heating jobs", ServiceLines = ["HVAC parts"], MinTotal = 1000m, Roles = ["manager"], Users = ["hvac-lead@example.com"] },
            new RoutingRule { Name = "model lines", LlmLines = true, Roles = ["office"] },
        ],
    };

    public static TheoryData<string, DraftDocument, RoutingContext, string> Cases => new()
    {
        { "small clean confident draft approves itself", Draft(120m), Plain, "auto" },
        { "at the threshold is not below it", Draft(500m), Plain, "role:office" },
        { "a flag needs a person", Draft(120m, flags: ["ambiguous"]), Plain, "role:office" },
        { "a low-confidence line needs a person", Draft(120m, confidence: 0.6), Plain, "role:office" },
        { "an LLM line never auto-approves and matches its rule", Draft(120m, source: "Llm"), Plain, "role:office" },
        { "over the manager threshold", Draft(2500m), Plain, "role:manager" },
        { "warranty flag goes to the named approver", Draft(120m, flags: ["warranty"]), Plain, "user:warranty@example.com" },
        { "past-due client goes to the owner", Draft(120m), Context(pastDue: true), "role:owner" },
        { "named client goes to its account manager", Draft(120m), Context(client: "client-key"), "user:ana@example.com" },
        { "service line and amount both match", Draft(1500m), Context(lines: ["HVAC parts"]), "role:manager user:hvac-lead@example.com" },
        { "service line below the rule's amount falls back", Draft(1500m), Context(lines: ["Plumbing parts"]), "role:office" },
        { "several rules add up", Draft(2500m, flags: ["warranty"]), Context(pastDue: true), "role:manager role:owner user:warranty@example.com" },
        { "empty draft needs a person", Draft(0m, lines: 0), Plain, "role:office" },
    };

    private static RoutingContext Plain => Context();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Routes(string name, DraftDocument draft, RoutingContext context, string expected)
    {
        var decision = ApprovalRouter.Route(draft, Policy, context);

        var got = decision.AutoApprove ? "auto" : string.Join(' ', decision.Approvers.Select(a => a.ToString()).Order(StringComparer.Ordinal));
        Assert.True(expected == got, $"{name}: expected {expected}, got {got} ({string.Join("; ", decision.Reasons)})");
        Assert.NotEmpty(decision.Reasons);
    }

    [Fact]
    public void Reasons_say_why_a_draft_could_not_approve_itself()
    {
        var decision = ApprovalRouter.Route(Draft(700m, flags: ["ambiguous"], confidence: 0.5, source: "Llm"), new ApprovalPolicy { AutoApproveBelow = 500m }, Plain);

        Assert.False(decision.AutoApprove);
        Assert.Contains(decision.Reasons, r => r.Contains("not below the auto-approve threshold 500", StringComparison.Ordinal));
        Assert.Contains(decision.Reasons, r => r.Contains("flags to decide: ambiguous", StringComparison.Ordinal));
        Assert.Contains(decision.Reasons, r => r.Contains("language model", StringComparison.Ordinal));
        Assert.Contains(decision.Reasons, r => r.Contains("below confidence 0.9", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_an_auto_threshold_nothing_approves_itself()
    {
        var decision = ApprovalRouter.Route(Draft(1m), new ApprovalPolicy(), Plain);

        Assert.False(decision.AutoApprove);
        Assert.Equal([Approver.Role("office")], decision.Approvers);
    }

    private static RoutingContext Context(string? client = "client-1", bool pastDue = false, string[]? lines = null) => new(client, pastDue, lines ?? ["Fees"]);

    private static DraftDocument Draft(decimal total, string[]? flags = null, double confidence = 0.95, string source = "Note", int lines = 2) => new(
        "acct",
        "job-1",
        1001,
        Enumerable.Range(0, lines).Select(i => new DraftLineView($"ITEM-{i}", $"Item {i}", "", 1m, total / lines, total / lines, false, i == 0 ? source : "Note", confidence, [])).ToList(),
        (flags ?? []).Select(f => new DraftFlagView(f, "decide", [])).ToList(),
        total,
        0m,
        total);
}
