using Closeout.Drafting.Evaluation;

namespace Closeout.Features.Evaluation;

internal sealed record EvaluationRequest(IReadOnlyList<string> Datasets, string OutPath, bool BaselineOnly = false);

/// <summary>A file or folder the run could not use, and why.</summary>
internal sealed record EvaluationProblem(string Path, string Reason);

/// <summary>
/// What a run drafted and, over the cases that carry an expected invoice, how it scored. <see cref="Diffs"/> are the
/// measured engine's (the baseline's with <see cref="EvaluationRequest.BaselineOnly"/>, when <see cref="Engine"/> is null).
/// </summary>
internal sealed record EvaluationReport(
    int Businesses,
    int Drafted,
    IReadOnlyList<JobDiff> Diffs,
    Metrics? Baseline,
    Metrics? Engine,
    IReadOnlyList<EvaluationProblem> UnreadableDataset,
    IReadOnlyList<EvaluationProblem> UnreadableJobs,
    IReadOnlyList<EvaluationProblem> EngineFailures)
{
    public int Scored => Diffs.Count;

    /// <summary>With <c>--llm</c>: what the second opinion did and how its merged drafts score.</summary>
    public LlmReport? Llm { get; init; }
}
