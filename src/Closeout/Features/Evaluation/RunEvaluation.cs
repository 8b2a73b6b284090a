using Closeout.Drafting.Dataset;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Evaluation;

namespace Closeout.Features.Evaluation;

/// <summary>
/// Drafts every job of the given datasets with each business's engine, writes one prediction a line and scores the
/// cases that carry an expected invoice, beside the copy-logged-lines baseline. A bad job file or an engine failure
/// on one job is recorded and the run goes on.
/// </summary>
internal sealed class RunEvaluation(IDraftEngineFactory engines, LlmEvaluation? llm = null)
{
    private readonly CopyLoggedLinesEngine _baseline = new();

    /// <param name="request">What to run.</param>
    /// <param name="progress">Called with (jobs done, jobs in all) after each job file.</param>
    public EvaluationReport Run(EvaluationRequest request, Action<int, int>? progress = null)
    {
        var unreadableDataset = new List<EvaluationProblem>();
        var unreadableJobs = new List<EvaluationProblem>();
        var engineFailures = new List<EvaluationProblem>();
        var diffs = new List<JobDiff>();
        var baselineDiffs = new List<JobDiff>();

        var businesses = FindBusinesses(request.Datasets, unreadableDataset);
        var total = businesses.Sum(b => b.Jobs.Count);
        var done = 0;
        var drafted = 0;

        using var predictions = OpenForWriting(request.OutPath);
        foreach (var (business, jobs) in businesses)
        {
            var engine = request.BaselineOnly ? _baseline : Create(business, unreadableDataset);
            foreach (var path in jobs)
            {
                if (engine is not null && Read(path, unreadableJobs) is { } @case)
                {
                    var draft = Draft(engine, @case, engineFailures);
                    if (llm is not null && !request.BaselineOnly)
                    {
                        llm.Review(business, engine, @case, draft);
                    }

                    predictions.WriteLine(Prediction.From(@case.Id, draft).ToJsonLine());
                    drafted++;
                    if (@case.Expected is { } expected)
                    {
                        diffs.Add(Scorer.Compare(@case.Id, draft, expected));
                        if (!request.BaselineOnly)
                        {
                            baselineDiffs.Add(Scorer.Compare(@case.Id, _baseline.Draft(@case.Job), expected));
                        }
                    }
                }

                progress?.Invoke(++done, total);
            }
        }

        var scored = diffs.Count > 0;
        return new EvaluationReport(
            businesses.Count,
            drafted,
            diffs,
            Baseline: !scored ? null : Scorer.Score(request.BaselineOnly ? diffs : baselineDiffs),
            Engine: !scored || request.BaselineOnly ? null : Scorer.Score(diffs),
            unreadableDataset,
            unreadableJobs,
            engineFailures)
        {
            Llm = request.BaselineOnly ? null : llm?.Report(),
        };
    }

    private static List<(BusinessFolder Business, IReadOnlyList<string> Jobs)> FindBusinesses(
        IReadOnlyList<string> datasets, List<EvaluationProblem> unreadable)
    {
        var found = new List<(BusinessFolder, IReadOnlyList<string>)>();
        foreach (var dataset in datasets)
        {
            if (!Directory.Exists(dataset))
            {
                unreadable.Add(new(dataset, "no such directory"));
                continue;
            }

            var businesses = DatasetReader.Businesses(dataset);
            if (businesses.Count == 0)
            {
                unreadable.Add(new(dataset, "neither a business folder (catalog.json, policy.json, jobs/) nor a folder of them"));
            }

            foreach (var business in businesses)
            {
                if (Directory.Exists(business.JobsPath))
                {
                    found.Add((business, Directory.GetFiles(business.JobsPath, "*.json").Order(StringComparer.Ordinal).ToList()));
                }
                else
                {
                    unreadable.Add(new(business.Path, "no jobs/ folder"));
                }
            }
        }

        return found;
    }

    private static StreamWriter OpenForWriting(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        return new StreamWriter(path, append: false) { NewLine = "\n" };
    }

    // The engine and the files are outside this run's control: whatever one of them throws is reported, not fatal.
    private IDraftEngine? Create(BusinessFolder business, List<EvaluationProblem> unreadable)
    {
        try
        {
            return engines.Create(business);
        }
        catch (Exception e)
        {
            unreadable.Add(new(business.Path, $"cannot build its engine: {e.Message}"));
            return null;
        }
    }

    private static DatasetCase? Read(string path, List<EvaluationProblem> unreadable)
    {
        try
        {
            return DatasetReader.ReadCase(path);
        }
        catch (Exception e)
        {
            unreadable.Add(new(path, $"malformed job file: {e.Message}"));
            return null;
        }
    }

    private static DraftInvoice Draft(IDraftEngine engine, DatasetCase @case, List<EvaluationProblem> failures)
    {
        try
        {
            return engine.Draft(@case.Job);
        }
        catch (Exception e)
        {
            failures.Add(new(@case.SourcePath, $"the engine failed: {e.GetType().Name}: {e.Message}"));
            var flag = new ReviewFlag(FlagKind.InvalidInput, $"The engine failed on this job: {e.Message}", []);
            return new DraftInvoice(@case.Job.Id ?? @case.Id, [], [flag], 0m, 0m, 0m);
        }
    }
}
