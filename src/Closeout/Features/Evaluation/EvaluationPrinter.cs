using System.Globalization;
using Closeout.Drafting.Evaluation;

namespace Closeout.Features.Evaluation;

/// <summary>
/// Problems go to stderr; stdout gets one block per missed job, a summary, then the metrics with the engine's line
/// last, so that <c>tail -1</c> is the figure to track.
/// </summary>
internal static class EvaluationPrinter
{
    public static void Print(EvaluationReport report, EvaluationRequest request, TextWriter output, TextWriter error)
    {
        foreach (var problem in report.UnreadableDataset.Concat(report.UnreadableJobs).Concat(report.EngineFailures))
        {
            error.WriteLine($"closeout eval: {problem.Path}: {problem.Reason}");
        }

        foreach (var miss in report.Diffs.Where(d => d.IsMiss))
        {
            output.Write(Block(miss));
        }

        output.WriteLine($"Drafted {report.Drafted} jobs of {report.Businesses} businesses into {request.OutPath}"
            + (report.UnreadableJobs.Count > 0 ? $"; {report.UnreadableJobs.Count} job files unreadable" : "")
            + (report.EngineFailures.Count > 0 ? $"; the engine failed on {report.EngineFailures.Count}" : "")
            + ".");
        if (report.Scored == 0)
        {
            return;
        }

        output.WriteLine($"Scored {report.Scored} jobs against their expected invoices; {report.Diffs.Count(d => d.IsMiss)} missed.");
        if (report.Baseline is { } baseline)
        {
            output.WriteLine(baseline.ToLine("baseline"));
        }

        if (report.Engine is { } engine)
        {
            output.WriteLine(engine.ToLine("engine"));
        }
    }

    /// <summary>
    /// <code>
    /// cascade-017: total 1234.50, expected 1300.00 (-65.50)
    ///   missing   FEE-TRIP 1
    ///   extra     WH-PAN 1
    ///   quantity  LAB-TECH 2.5, expected 3
    ///   flags     missing declined; extra warranty
    /// </code>
    /// </summary>
    public static string Block(JobDiff diff)
    {
        var block = new System.Text.StringBuilder();
        block.Append(diff.Id).Append(": ");
        block.AppendLine(diff.TotalExact
            ? $"total {Money(diff.PredictedTotal)} ok"
            : $"total {Money(diff.PredictedTotal)}, expected {Money(diff.ExpectedTotal)} ({(diff.TotalDifference > 0 ? "+" : "")}{Money(diff.TotalDifference)})");
        Row(block, "missing", diff.MissingItems.Select(i => $"{i.Item} {Quantity(i.Quantity)}"));
        Row(block, "extra", diff.ExtraItems.Select(i => $"{i.Item} {Quantity(i.Quantity)}"));
        Row(block, "quantity", diff.WrongQuantities.Select(w => $"{w.Item} {Quantity(w.Predicted)}, expected {Quantity(w.Expected)}"));
        var flags = diff.MissingFlags.Select(f => $"missing {f}").Concat(diff.ExtraFlags.Select(f => $"extra {f}"));
        Row(block, "flags", flags);
        return block.ToString();
    }

    private static void Row(System.Text.StringBuilder block, string label, IEnumerable<string> entries)
    {
        var text = string.Join("; ", entries);
        if (text.Length > 0)
        {
            block.Append("  ").Append(label.PadRight(10)).AppendLine(text);
        }
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Quantity(decimal quantity) => quantity.ToString("0.####", CultureInfo.InvariantCulture);
}
