using System.Globalization;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Leakage;

namespace Closeout.Features.Evaluation;

/// <summary>One business's ablation: leave-one-out over its history (where thresholds are chosen) and its jobs scored against all of its history.</summary>
internal sealed record LeakageBusinessResult(string Business, int HistoryInvoices, AblationCounts History, AblationCounts Jobs, AblationCounts EngineDrafts);

/// <summary>
/// <c>closeout eval --leakage</c>: for each business with history, removes one billed item at a time from each expected
/// invoice and reports how often the suggestions bring it back (recall) and how many suggestions are wrong (precision).
/// </summary>
internal static class LeakageEvaluation
{
    public static int Run(IReadOnlyList<string> datasets, LeakageThresholds thresholds, IDraftEngineFactory engines, TextWriter output, TextWriter error)
    {
        if (Environment.GetEnvironmentVariable("CLOSEOUT_LEAKAGE_TRACE") == "1")
        {
            LeakageAblation.Trace = error.WriteLine;
        }

        var results = new List<LeakageBusinessResult>();
        var failed = false;
        foreach (var dataset in datasets)
        {
            var businesses = Directory.Exists(dataset) ? DatasetReader.Businesses(dataset) : [];
            if (businesses.Count == 0)
            {
                error.WriteLine($"closeout eval: {dataset}: neither a business folder (catalog.json, policy.json) nor a folder of them");
                failed = true;
            }

            foreach (var business in businesses)
            {
                try
                {
                    var loaded = LoadedBusiness.Load(business);
                    if (loaded.History.Count == 0)
                    {
                        error.WriteLine($"closeout eval: {business.Path}: no history/ to learn from; skipped");
                        continue;
                    }

                    var jobs = DatasetReader.ReadCases(business.JobsPath);
                    var engine = engines.Create(business);
                    var advisor = new LeakageAdvisor(loaded.Catalog, loaded.Policy, new HistoryMiner(loaded.History.Select(LeakageAblation.ToSent)), thresholds);
                    results.Add(new LeakageBusinessResult(
                        business.Name,
                        loaded.History.Count,
                        LeakageAblation.LeaveOneOut(loaded.Catalog, loaded.Policy, loaded.History, thresholds),
                        LeakageAblation.OnJobs(loaded.Catalog, loaded.Policy, loaded.History, jobs, thresholds),
                        LeakageAblation.OnEngineDrafts(advisor, jobs.Where(j => j.Expected is not null).Select(j => (
                            j.Job,
                            (IReadOnlyList<string>)engine.Draft(j.Job).Lines.Select(l => l.ItemId).Distinct(StringComparer.Ordinal).ToList(),
                            (IReadOnlyList<string>)j.Expected!.Lines.Select(l => l.Item).Distinct(StringComparer.Ordinal).ToList())))));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or System.Text.Json.JsonException or Drafting.Configuration.ConfigurationLoadException)
                {
                    error.WriteLine($"closeout eval: {business.Path}: {e.Message}");
                    failed = true;
                }
            }
        }

        Print(results, thresholds, output);
        return failed || results.Count == 0 ? 1 : 0;
    }

    public static void Print(IReadOnlyList<LeakageBusinessResult> results, LeakageThresholds thresholds, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Leakage ablation: one billed item removed at a time; thresholds: >= {thresholds.MinSupportingInvoices} supporting invoices, confidence >= {thresholds.MinConfidence:0.##}, lift >= {thresholds.MinLift:0.##}, at most {thresholds.MaxSuggestions} per draft"));
        output.WriteLine("recall: removed items brought back; learnable recall: the same over items the written policy does not decide; precision: suggestions that named the removed item");
        output.WriteLine("engine drafts: the engine's own draft of each job; 'removed' are the expected items it lacks, a suggestion is right when it names one");
        output.WriteLine($"{"business",-14} {"view",-16} {"jobs",5} {"removed",8} {"policy",7} {"back",5} {"recall",7} {"learn.rec",9} {"sugg.",6} {"wrong",6} {"precision",9}");
        foreach (var result in results)
        {
            output.WriteLine(Row(result.Business, $"history (LOO)", result.History));
            output.WriteLine(Row(result.Business, "jobs", result.Jobs));
            output.WriteLine(Row(result.Business, "engine drafts", result.EngineDrafts));
        }

        if (results.Count > 1)
        {
            output.WriteLine(Row("all", "history (LOO)", results.Select(r => r.History).Aggregate(AblationCounts.Zero, (a, b) => a + b)));
            output.WriteLine(Row("all", "jobs", results.Select(r => r.Jobs).Aggregate(AblationCounts.Zero, (a, b) => a + b)));
            output.WriteLine(Row("all", "engine drafts", results.Select(r => r.EngineDrafts).Aggregate(AblationCounts.Zero, (a, b) => a + b)));
        }
    }

    private static string Row(string business, string view, AblationCounts c) => string.Create(CultureInfo.InvariantCulture,
        $"{business,-14} {view,-16} {c.Jobs,5} {c.Removed,8} {c.RemovedPolicy,7} {c.Recovered,5} {c.Recall,7:P1} {c.LearnableRecall,9:P1} {c.Suggestions,6} {c.Wrong,6} {(c.Suggestions == 0 ? "-" : c.Precision.ToString("P1", CultureInfo.InvariantCulture)),9}");
}
