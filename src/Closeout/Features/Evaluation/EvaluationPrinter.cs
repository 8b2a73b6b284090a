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

        if (report.Llm is { } llm)
        {
            foreach (var line in LlmLines(llm, report.Engine))
            {
                output.WriteLine(line);
            }
        }

        if (report.Engine is { } engine)
        {
            output.WriteLine(engine.ToLine("engine"));
        }
    }

    /// <summary>
    /// <code>
    /// llm openai: 40 jobs reviewed; proposals 12 accepted, 30 rejected, 4 changed nothing; outcomes merged 9, no_changes 31
    /// llm cost: 0.1840 in all, 0.0046 per job
    /// llm effect: itemF1=+0.012 qtyF1=+0.010 jobExact=+0.025 totalExact=+0.025 flagF1=-0.210
    /// llm: itemF1=0.993 qtyF1=0.972 jobExact=0.905 totalExact=0.925 flagF1=0.720
    /// </code>
    /// </summary>
    public static IEnumerable<string> LlmLines(LlmReport llm, Metrics? engine)
    {
        var outcomes = string.Join(", ", llm.Outcomes.OrderBy(o => o.Key).Select(o => $"{Snake(o.Key.ToString())} {o.Value}"));
        yield return $"llm {llm.Profile}: {llm.Reviewed} jobs reviewed; proposals {llm.Accepted} accepted, {llm.Rejected} rejected, {llm.NoOps} changed nothing"
            + (outcomes.Length > 0 ? $"; outcomes {outcomes}" : string.Empty);
        var perJob = llm.Reviewed == 0 ? 0m : llm.Cost / llm.Reviewed;
        yield return string.Create(CultureInfo.InvariantCulture, $"llm cost: {llm.Cost:0.0000} in all, {perJob:0.0000} per job")
            + (llm.CallsWithoutPrice > 0 ? $" ({llm.CallsWithoutPrice} calls to a model with no price in the settings)" : string.Empty);
        if (llm.Metrics is { } metrics)
        {
            if (engine is not null)
            {
                var effects = metrics.Named.Zip(engine.Named, (m, e) => $"{m.Key}={(m.Value - e.Value >= 0 ? "+" : "-")}{Metrics.Format(Math.Abs(m.Value - e.Value))}");
                yield return "llm effect: " + string.Join(' ', effects);
            }

            yield return metrics.ToLine("llm");
        }
    }

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

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
