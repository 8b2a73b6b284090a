using System.Globalization;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Drafts;

namespace Closeout.Drafting.Tests.Evaluation;

/// <summary>Hand-made drafts and expected invoices from a compact notation: <c>"A:1 B:2.5"</c> for lines, <c>"declined warranty"</c> for flags.</summary>
internal static class Drafts
{
    public static DraftInvoice Draft(string lines, string flags = "", decimal total = 0m) =>
        new("job",
            Parse(lines).Select(l => new DraftLine(l.Item, l.Item, l.Quantity, 1m, l.Quantity, false, LineSource.Notes, [], 1.0, "")).ToList(),
            Words(flags).Select(f => new ReviewFlag(FlagKinds.Parse(f) ?? throw new ArgumentException(f), f, [])).ToList(),
            total, 0m, total);

    public static ExpectedInvoice Expected(string lines, string flags = "", decimal total = 0m) =>
        new(Parse(lines).Select(l => new ExpectedLine(l.Item, l.Quantity, 1m, l.Quantity)).ToList(), Words(flags), total, 0m, total);

    private static List<(string Item, decimal Quantity)> Parse(string lines) =>
        Words(lines).Select(w => w.Split(':')).Select(p => (p[0], decimal.Parse(p[1], CultureInfo.InvariantCulture))).ToList();

    private static List<string> Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
}
