using Closeout.Drafting.Evaluation;
using static Closeout.Drafting.Tests.Evaluation.Drafts;

namespace Closeout.Drafting.Tests.Evaluation;

public sealed class ScorerTests
{
    // Jobs separated by ';', each "drafted lines > expected lines".
    [Theory]
    [InlineData("A:1 B:2 > A:1 B:2", 1.0, 1.0, 1.0)]
    [InlineData("A:1 B:2 > A:1 C:1", 0.5, 0.5, 0.0)]
    [InlineData("A:2 B:1 > A:3 B:1", 1.0, 0.5, 0.0)]
    [InlineData("A:1 A:1.5 > A:2.5", 1.0, 1.0, 1.0)]
    [InlineData("A:2.50 > A:2.5", 1.0, 1.0, 1.0)]
    [InlineData(" > A:1", 0.0, 0.0, 0.0)]
    [InlineData("A:1 > ", 0.0, 0.0, 0.0)]
    [InlineData("A:1 B:1 C:1 > A:1", 0.5, 0.5, 0.0)]
    // Micro, not macro: 1 match over 1 drafted and 4 expected is 2/5, not the mean of 1 and 0.
    [InlineData("A:1 > A:1; > B:1 C:1 D:1", 0.4, 0.4, 0.5)]
    [InlineData("A:1 > A:1; B:2 > B:3; C:1 > D:1", 2.0 / 3, 1.0 / 3, 1.0 / 3)]
    public void Scores_items_and_quantities(string jobs, double itemF1, double qtyF1, double jobExact)
    {
        var metrics = Score(jobs.Split(';').Select(j => j.Split('>')).Select(p => (p[0], p[1], "", "")));

        Assert.Equal(itemF1, metrics.ItemF1, precision: 9);
        Assert.Equal(qtyF1, metrics.QtyF1, precision: 9);
        Assert.Equal(jobExact, metrics.JobExact, precision: 9);
    }

    // Jobs separated by ';', each "drafted flags > expected flags".
    [Theory]
    [InlineData(" > ", 1.0)]
    [InlineData("declined > declined", 1.0)]
    [InlineData("declined declined > declined warranty", 2.0 / 3)]
    [InlineData("warranty > declined", 0.0)]
    [InlineData(" > declined; ambiguous > ambiguous", 2.0 / 3)]
    [InlineData("invalid_input > ", 0.0)]
    public void Scores_flag_kinds_per_job(string jobs, double flagF1)
    {
        var metrics = Score(jobs.Split(';').Select(j => j.Split('>')).Select(p => ("", "", p[0], p[1])));

        Assert.Equal(flagF1, metrics.FlagF1, precision: 9);
    }

    [Theory]
    [InlineData("100.00", "100.00", true)]
    [InlineData("100.00", "100.01", true)]
    [InlineData("100.01", "100.00", true)]
    [InlineData("100.00", "100.02", false)]
    [InlineData("99.98", "100.00", false)]
    public void A_total_within_one_cent_is_exact(string drafted, string expected, bool exact)
    {
        var diff = Scorer.Compare("job", Draft("", total: decimal.Parse(drafted, System.Globalization.CultureInfo.InvariantCulture)),
            Expected("", total: decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(exact, diff.TotalExact);
        Assert.Equal(exact ? 1.0 : 0.0, Scorer.Score([diff]).TotalExact);
    }

    [Fact]
    public void Diff_lists_what_is_missing_extra_and_wrong()
    {
        var diff = Scorer.Compare("job",
            Draft("A:1 B:2 B:1 X:4", "declined warranty", total: 120m),
            Expected("A:1 B:2 C:1", "declined ambiguous", total: 100m));

        Assert.Equal([new ItemQuantity("C", 1m)], diff.MissingItems);
        Assert.Equal([new ItemQuantity("X", 4m)], diff.ExtraItems);
        Assert.Equal([new QuantityMismatch("B", Expected: 2m, Predicted: 3m)], diff.WrongQuantities);
        Assert.Equal(["ambiguous"], diff.MissingFlags);
        Assert.Equal(["warranty"], diff.ExtraFlags);
        Assert.Equal(20m, diff.TotalDifference);
        Assert.True(diff.IsMiss);
    }

    [Fact]
    public void A_matching_draft_is_no_miss()
    {
        var diff = Scorer.Compare("job", Draft("A:1 B:2", "declined", 50m), Expected("B:2 A:1", "declined", 50m));

        Assert.False(diff.IsMiss);
    }

    [Fact]
    public void Metrics_line_has_three_decimals_in_the_spec_order()
    {
        var metrics = new Metrics(0.9812, 0.9624, 0.88, 0.9, 0.93, Jobs: 10);

        Assert.Equal("engine: itemF1=0.981 qtyF1=0.962 jobExact=0.880 totalExact=0.900 flagF1=0.930", metrics.ToLine("engine"));
    }

    private static Metrics Score(IEnumerable<(string Lines, string ExpectedLines, string Flags, string ExpectedFlags)> jobs) =>
        Scorer.Score(jobs.Select((j, i) => Scorer.Compare($"job-{i}", Draft(j.Lines, j.Flags), Expected(j.ExpectedLines, j.ExpectedFlags))));
}
