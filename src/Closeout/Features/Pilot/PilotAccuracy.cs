using System.Globalization;
using Closeout.Drafting.Evaluation;

namespace Closeout.Features.Pilot;

/// <summary>One week of shadow comparisons: the evaluation's metrics and the revenue the drafts would have added.</summary>
public sealed record PilotWeek(DateOnly WeekOf, int Jobs, double ItemF1, double QtyF1, double JobExact, decimal DraftTotal, decimal SentTotal, decimal AddedRevenue);

/// <summary>Accuracy over time: comparisons grouped by the UTC week (Monday) the office's invoice appeared, scored as the evaluation scores.</summary>
internal static class PilotAccuracy
{
    public static IReadOnlyList<PilotWeek> Weekly(IEnumerable<ShadowComparison> comparisons) =>
        comparisons.GroupBy(c => WeekOf(c.ComparedAt)).OrderBy(g => g.Key).Select(g =>
        {
            var metrics = Scorer.Score(g.Select(c => c.Diff));
            return new PilotWeek(g.Key, metrics.Jobs, Round(metrics.ItemF1), Round(metrics.QtyF1), Round(metrics.JobExact),
                g.Sum(c => c.DraftTotal), g.Sum(c => c.SentTotal), g.Sum(c => c.AddedRevenue));
        }).ToList();

    public static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    private static double Round(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    public static string Label(DateOnly week) => week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
