using ScottPlot;

namespace Closeout.Features.Leakage;

/// <summary>The report's charts as SVG (ScottPlot): one stacked bar per week, technician, service line or client, by kind of leak.</summary>
internal static class LeakageCharts
{
    public static readonly string[] Dimensions = ["week", "technician", "service-line", "client"];

    private static readonly (string Label, Color Color, Func<Bucket, decimal> Amount)[] Kinds =
    [
        ("Not invoiced", new Color(0xC0, 0x39, 0x2B), b => b.NotInvoiced),
        ("Under-billed", new Color(0xE6, 0x7E, 0x22), b => b.UnderBilled),
        ("Approved, not sent", new Color(0x29, 0x80, 0xB9), b => b.ApprovedNotSent),
    ];

    /// <summary>The chart of one dimension, or null for a dimension the report has not.</summary>
    public static string? Svg(UnbilledReport report, string dimension, int width = 800, int height = 360)
    {
        ArgumentNullException.ThrowIfNull(report);
        IReadOnlyList<Bucket>? buckets = dimension switch
        {
            "week" => report.ByWeek,
            "technician" => report.ByTechnician,
            "service-line" => report.ByServiceLine,
            "client" => report.ByClient,
            _ => null,
        };
        if (buckets is null)
        {
            return null;
        }

        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < buckets.Count; i++)
        {
            var bottom = 0m;
            foreach (var (_, color, amount) in Kinds)
            {
                var value = amount(buckets[i]);
                if (value > 0)
                {
                    bars.Add(new Bar { Position = i, ValueBase = (double)bottom, Value = (double)(bottom + value), FillColor = color });
                    bottom += value;
                }
            }
        }

        plot.Add.Bars(bars);
        foreach (var (label, color, _) in Kinds)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, buckets.Count).Select(i => (double)i).ToArray(), buckets.Select(b => b.Key).ToArray());
        plot.Axes.Left.Label.Text = $"Unbilled ({report.Currency}, pre-tax)";
        plot.Title($"Unbilled work by {dimension.Replace('-', ' ')}");
        plot.Axes.Margins(bottom: 0);
        return plot.GetSvgXml(width, height);
    }
}
