using Closeout.Drafting.Catalogs;
using Closeout.Features.Drafts;
using Closeout.Features.Pilot;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Tests.Features.Pilot;

public sealed class PilotAccuracyTests
{
    private static readonly Catalog Catalog = new("Test", "USD",
    [
        new CatalogItem("LAB", "Labor", ItemKind.Labor, "hour", 100m, false, "Labor", ""),
        new CatalogItem("VALVE", "Valve", ItemKind.Product, "each", 40m, true, "Parts", ""),
        new CatalogItem("TRIP", "Service call", ItemKind.Fee, "each", 80m, false, "Fees", ""),
    ]);

    [Fact]
    public void Lines_are_matched_by_catalog_name_and_each_difference_is_named()
    {
        var draft = Draft("j1", ("LAB", 2m, 100m), ("VALVE", 1m, 40m), ("TRIP", 1m, 80m));
        var sent = Invoice(("labor", 1.5m, 100m), ("Valve", 1m, 40m), ("Haul-away", 1m, 25m));

        var comparison = ShadowComparer.Compare(draft, sent, Catalog, At(2026, 11, 4));

        Assert.Equal(
            ["LAB quantity", "TRIP extra", "VALVE match", "unlisted:haul-away missing"],
            comparison.Lines.Select(l => $"{l.Item} {l.Status}"));
        Assert.Equal(1, comparison.Diff.MatchedQuantities);
        Assert.Equal(320m, comparison.DraftTotal);
        Assert.Equal(215m, comparison.SentTotal);
        Assert.Equal(105m, comparison.AddedRevenue);
    }

    [Fact]
    public void Weeks_are_scored_apart_and_a_draft_below_the_sent_invoice_adds_no_revenue()
    {
        var exact = ShadowComparer.Compare(Draft("a", ("LAB", 1m, 100m)), Invoice(("Labor", 1m, 100m)), Catalog, At(2026, 11, 2));
        var under = ShadowComparer.Compare(Draft("b", ("LAB", 1m, 100m)), Invoice(("Labor", 1m, 100m), ("Valve", 1m, 40m)), Catalog, At(2026, 11, 8));
        var over = ShadowComparer.Compare(Draft("c", ("LAB", 1m, 100m), ("TRIP", 1m, 80m)), Invoice(("Labor", 1m, 100m)), Catalog, At(2026, 11, 9));

        var weeks = PilotAccuracy.Weekly([over, exact, under]);

        Assert.Equal([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9)], weeks.Select(w => w.WeekOf));
        Assert.Equal((2, 0.5, 0m), (weeks[0].Jobs, weeks[0].JobExact, weeks[0].AddedRevenue));
        Assert.Equal(Math.Round(2.0 * 2 / (2 + 3), 4), weeks[0].ItemF1);
        Assert.Equal((1, 80m), (weeks[1].Jobs, weeks[1].AddedRevenue));
    }

    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 12, 0, 0, TimeSpan.Zero);

    private static DraftDocument Draft(string jobId, params (string Item, decimal Quantity, decimal Price)[] lines) => new(
        "acct", jobId, null,
        lines.Select(l => new DraftLineView(l.Item, Catalog.Find(l.Item)!.Name, "", l.Quantity, l.Price, l.Quantity * l.Price, false, "Notes", 0.9, [])).ToList(),
        [], lines.Sum(l => l.Quantity * l.Price), 0m, lines.Sum(l => l.Quantity * l.Price));

    private static JobberInvoice Invoice(params (string Name, decimal Quantity, decimal Price)[] lines) => new(
        "inv", "1", "draft", ["job"],
        lines.Select(l => new JobberInvoiceLine(l.Name, l.Quantity, l.Price, l.Quantity * l.Price)).ToList(),
        lines.Sum(l => l.Quantity * l.Price), lines.Sum(l => l.Quantity * l.Price));
}

public sealed class PilotChartTests
{
    [Fact]
    public void Charts_render_as_svg_with_one_tick_per_week()
    {
        var weeks = new List<PilotWeek>
        {
            new(new DateOnly(2026, 11, 2), 4, 0.8, 0.7, 0.5, 1000m, 900m, 120m),
            new(new DateOnly(2026, 11, 9), 5, 0.9, 0.85, 0.6, 1200m, 1150m, 60m),
        };

        var accuracy = PilotCharts.Accuracy(weeks);
        var revenue = PilotCharts.Revenue(weeks);

        foreach (var svg in new[] { accuracy, revenue })
        {
            var doc = System.Xml.Linq.XDocument.Parse(svg);
            Assert.Equal("svg", doc.Root!.Name.LocalName);
            Assert.Contains("Nov 2", svg, StringComparison.Ordinal);
            Assert.Contains("Nov 9", svg, StringComparison.Ordinal);
        }

        Assert.Contains("item F1", accuracy, StringComparison.Ordinal);
        Assert.Contains("would have added", revenue, StringComparison.Ordinal);
    }
}
