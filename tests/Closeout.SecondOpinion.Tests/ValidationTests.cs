using Closeout.Drafting.Drafts;
using Closeout.SecondOpinion.Audit;
using Closeout.SecondOpinion.Providers;
using Closeout.SecondOpinion.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Closeout.SecondOpinion.Tests;

/// <summary>The checks between an answer and a draft, with an in-process model (the wire is ProviderTests' business).</summary>
public sealed class ValidationTests
{
    private static string One(string action, string item, decimal quantity, string quote) =>
        $$"""{"proposals":[{"action":"{{action}}","itemId":"{{item}}","quantity":{{quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"quote":"{{quote}}","reason":"r"}],"flags":[],"descriptions":[]}""";

    private const string Couplers = "swapped in 2 insulating couplers";

    private static async Task<SecondOpinionResult> Review(string answer, SecondOpinionMode mode = SecondOpinionMode.Merge, ISecondOpinionBudget? budget = null, decimal? monthlyBudget = null, ScriptedChatClient? client = null)
    {
        var options = new SecondOpinionOptions
        {
            Mode = mode,
            Profile = new LlmProfile { Provider = "ollama", Model = "m" },
            Prices = { ["m"] = new ModelPrice { InputPerMillion = 1m, OutputPerMillion = 10m } },
            MonthlyBudget = monthlyBudget,
        };
        var reviewer = new SecondOpinionReviewer(options, new ChatClientResult(client ?? new ScriptedChatClient(answer), null), new InMemorySecondOpinionAudit(), budget ?? new InMemorySecondOpinionBudget(), new FakeTimeProvider(new DateTimeOffset(2026, 10, 7, 0, 0, 0, TimeSpan.Zero)));
        var job = Shop.Job();
        return await reviewer.ReviewAsync("acct", job, Shop.Engine, Shop.Engine.Draft(job), Shop.History, CancellationToken.None);
    }

    [Theory]
    [InlineData("add", "LAB-TECH", 3, Couplers, "billed by the policy")]
    [InlineData("add", "FEE-TRIP", 1, Couplers, "billed by the policy")]
    [InlineData("add", "PL-UNION", 0, Couplers, "not plausible")]
    [InlineData("add", "PL-UNION", 51, Couplers, "not plausible")]
    [InlineData("add", "PL-UNION", 1.5, Couplers, "not whole")]
    [InlineData("add", "PL-PEX", 2001, Couplers, "not plausible")]
    [InlineData("add", "PL-UNION", 2, "ok", "quote does not occur")]
    [InlineData("add", "WH-ANODE", 3, "installed new anode rod", "a different quantity is a requantify")]
    [InlineData("requantify", "PL-UNION", 2, Couplers, "not on the draft")]
    [InlineData("remove", "LAB-TECH", 0, Couplers, "billed by the policy")]
    public async Task Implausible_or_unsupported_proposals_are_rejected_with_a_reason(string action, string item, decimal quantity, string quote, string reason)
    {
        var result = await Review(One(action, item, quantity, quote));

        Assert.Contains(reason, Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(Shop.Engine.Draft(Shop.Job()).Total, result.Draft.Total);
    }

    [Fact]
    public async Task Adding_what_the_draft_has_at_that_quantity_changes_nothing()
    {
        var result = await Review(One("add", "WH-ANODE", 1, "installed new anode rod"));

        Assert.Equal(SecondOpinionOutcome.NoChanges, result.Outcome);
        Assert.Single(result.NoOps);
        Assert.Empty(result.Rejected);
        Assert.DoesNotContain(result.Draft.Flags, f => f.Kind == FlagKind.LlmReview);
    }

    [Fact]
    public async Task A_requantify_replaces_the_quantity_and_marks_the_line_llm()
    {
        var result = await Review(One("requantify", "WH-ANODE", 2, "installed new anode rod"));

        Assert.Equal(SecondOpinionOutcome.Merged, result.Outcome);
        var anode = Assert.Single(result.Draft.Lines, l => l.ItemId == "WH-ANODE");
        Assert.Equal(2m, anode.Quantity);
        Assert.Equal(130m, anode.Total);
        Assert.Equal(LineSource.Llm, anode.Source);
        Assert.Contains(anode.Evidence, e => e is Evidence.NoteSpan { Text: "installed new anode rod" });
    }

    [Fact]
    public async Task A_remove_drops_a_line_the_notes_put_there()
    {
        var result = await Review(One("remove", "WH-EXPTANK", 0, "installed the expansion tank"));

        Assert.DoesNotContain(result.Draft.Lines, l => l.ItemId == "WH-EXPTANK");
        Assert.Contains(result.Draft.Flags, f => f.Kind == FlagKind.LlmReview);
    }

    [Fact]
    public async Task Suggest_mode_keeps_the_engine_draft_and_hands_over_the_proposals()
    {
        var result = await Review(Answers.Good, SecondOpinionMode.Suggest);

        Assert.Equal(SecondOpinionOutcome.Suggested, result.Outcome);
        Assert.Single(result.Accepted);
        Assert.Equal(Shop.Engine.Draft(Shop.Job()), result.Draft, DraftComparer.Instance);
    }

    [Fact]
    public async Task Off_mode_asks_no_model()
    {
        var client = new ScriptedChatClient(Answers.Good);

        var result = await Review(Answers.Good, SecondOpinionMode.Off, client: client);

        Assert.Equal(SecondOpinionOutcome.Off, result.Outcome);
        Assert.Equal(0, client.Calls);
    }

    [Fact]
    public async Task A_spent_monthly_budget_turns_the_second_opinion_off()
    {
        var budget = new InMemorySecondOpinionBudget();
        var client = new ScriptedChatClient(Answers.Good);

        var first = await Review(Answers.Good, budget: budget, monthlyBudget: 0.002m, client: client);
        var second = await Review(Answers.Good, budget: budget, monthlyBudget: 0.002m, client: client);

        Assert.Equal(0.002m, first.Cost);
        Assert.Equal(0.002m, await budget.SpentAsync("acct", new DateOnly(2026, 10, 1), CancellationToken.None));
        Assert.Equal(SecondOpinionOutcome.BudgetSpent, second.Outcome);
        Assert.Equal(1, client.Calls);
    }

    [Fact]
    public async Task A_second_proposal_for_the_same_item_is_rejected()
    {
        var answer = """
            {"proposals":[
              {"action":"add","itemId":"PL-UNION","quantity":2,"quote":"swapped in 2 insulating couplers","reason":"r"},
              {"action":"add","itemId":"PL-UNION","quantity":3,"quote":"swapped in 2 insulating couplers","reason":"r"}],
             "flags":[{"kind":"ambiguous","message":"Check the couplers","quote":"insulating couplers"},{"kind":"made_up","message":"x","quote":"insulating couplers"}],
             "descriptions":[{"itemId":"WH-ANODE","description":"Now only $5! see http://spam"}]}
            """;

        var result = await Review(answer);

        Assert.Single(result.Accepted);
        Assert.Contains("already changes", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
        var flag = Assert.Single(result.Flags);
        Assert.StartsWith("Second opinion: Check the couplers", flag.Message, StringComparison.Ordinal);
        Assert.Empty(result.Descriptions);
    }

    [Fact]
    public void Without_a_key_the_profile_is_unavailable_and_says_which_variable()
    {
        var clients = new LlmChatClients(new NoHttp(), _ => null);

        var result = clients.Create(new LlmProfile { Provider = "anthropic", Model = "claude" });

        Assert.False(result.IsSuccess);
        Assert.Contains("ANTHROPIC_API_KEY", result.Problem, StringComparison.Ordinal);
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("no HTTP in this test");
    }
}
