using Closeout.Drafting.Leakage;

namespace Closeout.Drafting.Tests.Leakage;

public sealed class HistoryMinerTests
{
    // antecedent, item, both, antecedent count, item count, support, confidence, lift: all counted by hand from Histories.Six.
    [Theory]
    [InlineData("title:heater", "PART", 3, 4, 4, 0.5, 0.75, 1.125)]
    [InlineData("item:WH-GAS", "PART", 2, 3, 4, 2 / 6.0, 2 / 3.0, 1.0)]
    [InlineData("title:leak", "PIPE", 2, 2, 2, 2 / 6.0, 1.0, 3.0)]
    [InlineData("note:coupler", "PIPE", 2, 2, 2, 2 / 6.0, 1.0, 3.0)]
    [InlineData("item:PIPE", "PART", 1, 2, 4, 1 / 6.0, 0.5, 0.75)]
    [InlineData("title:heater", "WH-GAS", 3, 4, 3, 0.5, 0.75, 1.5)]
    [InlineData("item:PART", "WH-GAS", 2, 4, 3, 2 / 6.0, 0.5, 1.0)]
    public void Rules_have_the_support_confidence_and_lift_counted_by_hand(
        string antecedent, string item, int both, int antecedentCount, int itemCount, double support, double confidence, double lift)
    {
        var miner = new HistoryMiner(Histories.Six());

        var rule = miner.Rule(JobFeature.Parse(antecedent)!.Value, item)!;

        Assert.Equal(6, rule.Invoices);
        Assert.Equal(both, rule.BothCount);
        Assert.Equal(antecedentCount, rule.AntecedentCount);
        Assert.Equal(itemCount, rule.ItemCount);
        Assert.Equal(support, rule.Support, 9);
        Assert.Equal(confidence, rule.Confidence, 9);
        Assert.Equal(lift, rule.Lift, 9);
    }

    [Fact]
    public void A_rule_is_explained_by_the_invoices_that_support_it_and_those_against_it_newest_first()
    {
        var rule = new HistoryMiner(Histories.Six()).Rule(new JobFeature(FeatureKind.Title, "heater"), "PART")!;

        Assert.Equal(["h3", "h2", "h1"], rule.Supporting.Select(i => i.Key));
        Assert.Equal(["h4"], rule.Against.Select(i => i.Key));
        Assert.Equal("heater", rule.AntecedentText);
    }

    [Fact]
    public void Rules_list_only_those_over_the_thresholds_strongest_first()
    {
        var rules = new HistoryMiner(Histories.Six()).Rules(minBoth: 2, minConfidence: 0.9);

        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.True(r.BothCount >= 2 && r.Confidence >= 0.9, r.Key));
        Assert.Contains(rules, r => r.Key == "note:coupler->PIPE");
        Assert.DoesNotContain(rules, r => r.Key == "title:heater->PART");
        Assert.True(rules.Zip(rules.Skip(1)).All(p => p.First.Confidence >= p.Second.Confidence));
    }

    [Fact]
    public void A_new_invoice_counts_at_once_and_a_resent_one_replaces_the_earlier()
    {
        var miner = new HistoryMiner(Histories.Six());
        var heaterPart = new JobFeature(FeatureKind.Title, "heater");

        miner.Add(Histories.Sent("h7", "Water heater replacement", null, 7, "WH-GAS", "PART"));
        Assert.Equal((4, 5), (miner.Rule(heaterPart, "PART")!.BothCount, miner.Rule(heaterPart, "PART")!.AntecedentCount));

        // h4 re-sent with the part it had left out: the same invoice, now supporting the rule.
        miner.Add(Histories.Sent("h4", "Water heater replacement", null, 4, "WH-GAS", "PART"));
        var rule = miner.Rule(heaterPart, "PART")!;
        Assert.Equal(7, rule.Invoices);
        Assert.Equal((5, 5), (rule.BothCount, rule.AntecedentCount));
        Assert.Empty(rule.Against);

        Assert.True(miner.Remove("h7"));
        Assert.Equal((4, 4), (miner.Rule(heaterPart, "PART")!.BothCount, miner.Rule(heaterPart, "PART")!.AntecedentCount));
    }

    [Fact]
    public void A_miner_knows_only_the_business_it_was_given()
    {
        var other = new HistoryMiner([Histories.Sent("x1", "Water heater replacement", null, 1, "WH-ELEC")]);

        var rule = other.Rule(new JobFeature(FeatureKind.Title, "heater"), "PART")!;
        Assert.Equal((1, 1, 0, 0), (rule.Invoices, rule.AntecedentCount, rule.ItemCount, rule.BothCount));
        Assert.Null(other.Rule(new JobFeature(FeatureKind.Title, "leak"), "PIPE"));
    }

    [Theory]
    [InlineData("item:WH-GAS", FeatureKind.Item, "WH-GAS")]
    [InlineData("title:heater", FeatureKind.Title, "heater")]
    [InlineData("note:a:b", FeatureKind.Note, "a:b")]
    public void Feature_keys_read_back(string text, FeatureKind kind, string value)
    {
        Assert.Equal(new JobFeature(kind, value), JobFeature.Parse(text));
        Assert.Equal(text, JobFeature.Parse(text)!.Value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("heater")]
    [InlineData("word:x")]
    [InlineData("item:")]
    public void Anything_else_is_no_feature(string text) => Assert.Null(JobFeature.Parse(text));
}
