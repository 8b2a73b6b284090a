using Closeout.Drafting.Leakage;
using Closeout.Drafting.Tests.Support;

namespace Closeout.Drafting.Tests.Leakage;

public sealed class LeakageAblationTests
{
    private static readonly LeakageThresholds Loose = new() { MinSupportingInvoices = 3, ExtraSupportForWords = 0, MinConfidence = 0.7, MinLift = 1.0 };

    [Fact]
    public void Each_billed_item_is_removed_in_turn_and_what_comes_back_is_counted()
    {
        var advisor = new LeakageAdvisor(Build.Catalog, Build.Policy(), new HistoryMiner(Histories.Six()), Loose);

        // Without the part: "heater" jobs billed it 3 of 4 (back). Without the heater: 3 of 4 billed the gas one (back).
        // Without the trip charge: the policy's item, never suggested. Without the pipe: nothing supports it. Both
        // suggestions named the removed item.
        var counts = LeakageAblation.Ablate(advisor, Histories.Sent("x", "Water heater replacement", null, 9, "WH-GAS", "PART", "FEE-TRIP", "PIPE"));

        Assert.Equal(new AblationCounts(Jobs: 1, Removed: 4, Recovered: 2, RemovedPolicy: 1, Suggestions: 2, Correct: 2), counts);
        Assert.Equal(0.5, counts.Recall, 9);
        Assert.Equal(2 / 3.0, counts.LearnableRecall, 9);
        Assert.Equal(1.0, counts.Precision, 9);
    }

    [Fact]
    public void A_suggestion_that_is_not_the_removed_item_counts_as_wrong()
    {
        var advisor = new LeakageAdvisor(Build.Catalog, Build.Policy(), new HistoryMiner(Histories.Six()), Loose);

        // This heater job billed no part: removing the heater brings the gas heater back and also suggests the part.
        var counts = LeakageAblation.Ablate(advisor, Histories.Sent("y", "Water heater replacement", null, 9, "WH-GAS", "SVC-FLUSH"));

        Assert.Equal(new AblationCounts(Jobs: 1, Removed: 2, Recovered: 1, RemovedPolicy: 0, Suggestions: 3, Correct: 1), counts);
        Assert.Equal(2, counts.Wrong);
    }

    [Fact]
    public void Leave_one_out_never_mines_the_invoice_it_scores()
    {
        // Two identical invoices: each alone supports nothing over the threshold of 2, so leaving one out recovers nothing.
        var twins = new[] { Histories.Sent("a", "Leak", null, 1, "PIPE", "PART"), Histories.Sent("b", "Leak", null, 2, "PIPE", "PART") };
        var cases = twins.Select(t => new Drafting.Dataset.DatasetCase(t.Key, t.Job, new Drafting.Dataset.ExpectedInvoice(t.Lines.Select(l => new Drafting.Dataset.ExpectedLine(l.Item, l.Quantity, null, null)).ToList(), [], 0, 0, 0), t.Key)).ToList();
        var thresholds = Loose with { MinSupportingInvoices = 2 };

        Assert.Equal(0, LeakageAblation.LeaveOneOut(Build.Catalog, Build.Policy(), cases, thresholds).Recovered);
        Assert.Equal(2, LeakageAblation.OnJobs(Build.Catalog, Build.Policy(), cases, cases.Take(1), thresholds).Recovered);
    }
}
