using System.Globalization;
using ScottPlot;

namespace Closeout.Features.Pilot;

/// <summary>The pilot's charts as SVG (ScottPlot): accuracy per week, and per week the revenue the drafts would have added.</summary>
internal static class PilotCharts
{
    public const int Width = 720;
    public const int Height = 360;

    public static string Accuracy(IReadOnlyList<PilotWeek> weeks)
    {
        var plot = new Plot();
        var x = weeks.Select((_, i) => (double)i).ToArray();
        var f1 = plot.Add.Scatter(x, weeks.Select(w => w.ItemF1).ToArray());
        f1.LegendText = "item F1";
        var exact = plot.Add.Scatter(x, weeks.Select(w => w.JobExact).ToArray());
        exact.LegendText = "exact match";
        plot.Axes.SetLimitsY(0, 1.05);
        Label(plot, weeks, "Shadow drafts against the office's invoices", "share");
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetSvgXml(Width, Height);
    }

    public static string Revenue(IReadOnlyList<PilotWeek> weeks)
    {
        var plot = new Plot();
        plot.Add.Bars(weeks.Select(w => (double)w.AddedRevenue).ToArray());
        plot.Axes.Margins(bottom: 0);
        Label(plot, weeks, "Revenue the drafts would have added", "amount");
        return plot.GetSvgXml(Width, Height);
    }

    private static void Label(Plot plot, IReadOnlyList<PilotWeek> weeks, string title, string y)
    {
        plot.Title(title);
        plot.YLabel(y);
        plot.XLabel("week of");
        plot.Axes.Bottom.SetTicks(weeks.Select((_, i) => (double)i).ToArray(), weeks.Select(w => w.WeekOf.ToString("MMM d", CultureInfo.InvariantCulture)).ToArray());
    }
}
