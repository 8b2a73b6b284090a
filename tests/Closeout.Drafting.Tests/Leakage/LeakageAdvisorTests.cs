using Closeout.Drafting.Leakage;
using Closeout.Drafting.Tests.Support;

namespace Closeout.Drafting.Tests.Leakage;

public sealed class LeakageAdvisorTests
{
    private static readonly LeakageThresholds Loose = new() { MinSupportingInvoices = 3, ExtraSupportForWords = 0, MinConfidence = 0.7, MinLift = 1.0 };

    private static LeakageAdvisor Advisor(params SentInvoice[] extra) =>
        new(Build.Catalog, Build.Policy(), new HistoryMiner([.. Histories.Six(), .. extra]), Loose);

    [Fact]
    public void A_draft_lacking_what_jobs_like_it_bill_gets_a_suggestion_with_its_evidence()
    {
        var draft = Histories.Job("new", "Water heater replacement");

        var suggestion = Assert.Single(Advisor().Suggest(draft, ["WH-GAS"]));

        Assert.Equal("PART", suggestion.ItemId);
        Assert.Equal(0.75, suggestion.Confidence, 9);
        Assert.Equal(10m, suggestion.Value);
        Assert.Equal(["h3", "h2", "h1"], suggestion.Rule.Supporting.Select(i => i.Key));
        Assert.Equal("3 of the 4 past jobs with \u201cheater\u201d in the title billed Part", suggestion.Reason);
        Assert.Contains("title:heater->PART", suggestion.RuleKeys);
        Assert.Contains("title:water->PART", suggestion.RuleKeys);
    }

    [Fact]
    public void Nothing_is_suggested_that_the_draft_has_or_that_the_history_does_not_support_enough()
    {
        var advisor = Advisor();

        Assert.Empty(advisor.Suggest(Histories.Job("a", "Water heater replacement"), ["WH-GAS", "PART"]));
        // Two of two leak jobs billed pipe: under the three supporting invoices required.
        Assert.Empty(advisor.Suggest(Histories.Job("b", "Leak under sink", "coupler"), []));
    }

    [Fact]
    public void Items_the_written_policy_decides_are_left_to_the_policy()
    {
        var trips = Enumerable.Range(10, 5).Select(d => Histories.Sent($"t{d}", "Water heater replacement", null, d, "WH-GAS", "PART", "FEE-TRIP", "LAB-TECH")).ToArray();

        var suggestions = Advisor(trips).Suggest(Histories.Job("c", "Water heater replacement"), ["WH-GAS"]);

        Assert.Equal(["PART"], suggestions.Select(s => s.ItemId));
    }

    [Fact]
    public void Rejections_count_against_every_rule_the_rejected_job_had_for_that_item()
    {
        var advisor = Advisor();
        var draft = Histories.Job("d", "Water heater replacement");
        var first = Assert.Single(advisor.Suggest(draft, ["WH-GAS"]));

        var once = new RuleFeedback(first.RuleKeys.ToDictionary(k => k, _ => 1));
        var after = advisor.Suggest(draft, ["WH-GAS"], once);

        // 3 of 4 + one rejection is 3 of 5 = 0.6, under the 0.7 required: no rule for the part fires any more.
        Assert.Empty(after);
        Assert.Equal(0.6, 3.0 / (4 + once.Rejections(first.Rule)), 9);
    }

    [Fact]
    public void Word_rules_can_be_asked_for_more_support_than_item_rules()
    {
        var strict = new LeakageAdvisor(Build.Catalog, Build.Policy(), new HistoryMiner(Histories.Six()), Loose with { ExtraSupportForWords = 1 });

        // "heater" -> part rests on 3 invoices: enough for an item rule, one short for a word rule.
        Assert.Empty(strict.Suggest(Histories.Job("w", "Water heater replacement"), ["WH-GAS"]));
    }

    [Fact]
    public void A_variant_of_what_the_draft_bills_is_not_suggested()
    {
        // Every heater job billed a gas heater; a draft with the electric one (same head word) is not asked to add the gas one.
        var gas = Enumerable.Range(10, 4).Select(d => Histories.Sent($"g{d}", "Heater swap", null, d, "WH-GAS", "PART")).ToArray();
        var advisor = Advisor(gas);

        Assert.DoesNotContain(advisor.Suggest(Histories.Job("v", "Heater swap"), ["WH-ELEC", "PART"]), s => s.ItemId == "WH-GAS");
        Assert.Contains(advisor.Suggest(Histories.Job("v", "Heater swap"), ["PART"]), s => s.ItemId == "WH-GAS");
    }

    [Fact]
    public void The_same_draft_in_two_businesses_is_judged_by_each_ones_own_history()
    {
        var draft = Histories.Job("e", "Water heater replacement");
        var other = new LeakageAdvisor(Build.Catalog, Build.Policy(), new HistoryMiner(
            Enumerable.Range(1, 4).Select(d => Histories.Sent($"o{d}", "Water heater replacement", null, d, "WH-GAS")).ToList()), Loose);

        Assert.Single(Advisor().Suggest(draft, ["WH-GAS"]));
        Assert.Empty(other.Suggest(draft, ["WH-GAS"]));
    }
}
