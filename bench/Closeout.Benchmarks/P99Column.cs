using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Closeout.Benchmarks;

/// <summary>The 99th percentile of the measured iterations (BenchmarkDotNet ships P95 but no P99).</summary>
internal sealed class P99Column : IColumn
{
    public static readonly IColumn Instance = new P99Column();

    public string Id => nameof(P99Column);
    public string ColumnName => "P99";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => "Percentile 99: 99% of all measurements are less than this value";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null)
        {
            return "NA";
        }

        var nanoseconds = statistics.Percentiles.Percentile(99);
        var unit = style.TimeUnit ?? Perfolizer.Horology.TimeUnit.GetBestTimeUnit(statistics.Mean);
        var value = Perfolizer.Horology.TimeUnit.Convert(nanoseconds, Perfolizer.Horology.TimeUnit.Nanosecond, unit);
        return string.Create(CultureInfo.InvariantCulture, $"{value:N3} {unit.Abbreviation}");
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
