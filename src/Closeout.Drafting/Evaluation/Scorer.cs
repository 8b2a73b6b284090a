using Closeout.Drafting.Dataset;
using Closeout.Drafting.Drafts;

namespace Closeout.Drafting.Evaluation;

/// <summary>
/// The dataset's scoring: lines summed per item, then item F1, quantity F1 and flag F1 micro-averaged over all jobs
/// (true positives, predictions and expectations summed before dividing), job exact and total exact as shares of jobs.
/// </summary>
public static class Scorer
{
    /// <summary>A total is exact within one cent.</summary>
    public const decimal TotalTolerance = 0.01m;

    public static JobDiff Compare(string id, DraftInvoice predicted, ExpectedInvoice expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);

        var drafted = SumPerItem(predicted.Lines.Select(l => (l.ItemId, l.Quantity)));
        var wanted = SumPerItem(expected.Lines.Select(l => (l.Item, l.Quantity)));

        var missing = wanted.Where(e => !drafted.ContainsKey(e.Key)).Select(e => new ItemQuantity(e.Key, e.Value)).ToList();
        var extra = drafted.Where(d => !wanted.ContainsKey(d.Key)).Select(d => new ItemQuantity(d.Key, d.Value)).ToList();
        var matched = wanted.Keys.Where(drafted.ContainsKey).ToList();
        var wrong = matched
            .Where(item => drafted[item] != wanted[item])
            .Select(item => new QuantityMismatch(item, wanted[item], drafted[item]))
            .ToList();

        var draftedFlags = predicted.Flags.Select(f => f.Kind.Code()).ToHashSet(StringComparer.Ordinal);
        var wantedFlags = expected.Flags.ToHashSet(StringComparer.Ordinal);

        return new JobDiff(
            id,
            matched.Count,
            missing,
            extra,
            wrong,
            MatchedFlags: wantedFlags.Count(draftedFlags.Contains),
            MissingFlags: wantedFlags.Where(f => !draftedFlags.Contains(f)).Order(StringComparer.Ordinal).ToList(),
            ExtraFlags: draftedFlags.Where(f => !wantedFlags.Contains(f)).Order(StringComparer.Ordinal).ToList(),
            predicted.Total,
            expected.Total);
    }

    public static Metrics Score(IEnumerable<JobDiff> diffs)
    {
        var jobs = diffs.ToList();
        return new Metrics(
            ItemF1: F1(jobs.Sum(j => j.MatchedItems), jobs.Sum(j => j.PredictedItems), jobs.Sum(j => j.ExpectedItems)),
            QtyF1: F1(jobs.Sum(j => j.MatchedQuantities), jobs.Sum(j => j.PredictedItems), jobs.Sum(j => j.ExpectedItems)),
            JobExact: Share(jobs, j => j.LinesExact),
            TotalExact: Share(jobs, j => j.TotalExact),
            FlagF1: F1(jobs.Sum(j => j.MatchedFlags), jobs.Sum(j => j.PredictedFlags), jobs.Sum(j => j.ExpectedFlags)),
            Jobs: jobs.Count);
    }

    /// <summary>
    /// 2PR/(P+R) = 2TP/(predicted+expected). With nothing predicted and nothing expected the draft agrees perfectly:
    /// 1 (a set of jobs with no flags anywhere and a draft that raises none scores flag F1 = 1).
    /// </summary>
    public static double F1(int truePositives, int predicted, int expected) =>
        predicted + expected == 0 ? 1.0 : 2.0 * truePositives / (predicted + expected);

    private static double Share(List<JobDiff> jobs, Func<JobDiff, bool> exact) =>
        jobs.Count == 0 ? 0.0 : (double)jobs.Count(exact) / jobs.Count;

    private static SortedDictionary<string, decimal> SumPerItem(IEnumerable<(string Item, decimal Quantity)> lines)
    {
        var sums = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (item, quantity) in lines)
        {
            sums[item] = sums.GetValueOrDefault(item) + quantity;
        }

        return sums;
    }
}
