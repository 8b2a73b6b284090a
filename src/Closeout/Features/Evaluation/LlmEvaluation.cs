using Closeout.Drafting.Dataset;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Evaluation;
using Closeout.SecondOpinion;
using Closeout.SecondOpinion.Audit;
using Closeout.SecondOpinion.Providers;

namespace Closeout.Features.Evaluation;

/// <summary>What the second opinion did over a run, beside the engine alone.</summary>
internal sealed record LlmReport(
    string Profile,
    Metrics? Metrics,
    int Reviewed,
    int Accepted,
    int Rejected,
    int NoOps,
    IReadOnlyDictionary<SecondOpinionOutcome, int> Outcomes,
    decimal Cost,
    int CallsWithoutPrice);

/// <summary>
/// <c>closeout eval --llm PROFILE</c>: each engine draft goes through the second opinion in merge mode, so the run
/// can score what the model changes. One reviewer (one HttpClient pool, one audit) for the whole run.
/// </summary>
internal sealed class LlmEvaluation : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly SecondOpinionReviewer _reviewer;
    private readonly Dictionary<string, IReadOnlyList<PastJob>> _history = new(StringComparer.Ordinal);
    private readonly List<SecondOpinionResult> _results = [];
    private readonly List<JobDiff> _diffs = [];

    private LlmEvaluation(string profile, ServiceProvider services, SecondOpinionOptions options, ChatClientResult client)
    {
        Profile = profile;
        _services = services;
        _reviewer = new SecondOpinionReviewer(options, client, Audit, new InMemorySecondOpinionBudget(), TimeProvider.System);
    }

    public string Profile { get; }

    public InMemorySecondOpinionAudit Audit { get; } = new();

    /// <summary>
    /// The reviewer for <paramref name="profile"/> read from <paramref name="settingsFile"/> and the environment, or why
    /// not; <paramref name="secrets"/> reads a key the profile names in the secret store.
    /// </summary>
    public static (LlmEvaluation? Evaluation, string? Problem) Create(string profile, string? settingsFile, Func<string, string?>? secrets = null)
    {
        var settings = LlmSettings.Load(profile, settingsFile);
        if (settings.Options is not { } options)
        {
            return (null, settings.Problem);
        }

        // Evaluation measures what merging does; the account's own mode does not apply here.
        options.Mode = SecondOpinionMode.Merge;
        var services = new ServiceCollection().AddSecondOpinion().BuildServiceProvider();
        var client = services.GetRequiredService<LlmChatClients>().Create(options.Profile, options.Profile.ApiKeySecret is { } name ? secrets?.Invoke(name) : null);
        if (!client.IsSuccess)
        {
            services.Dispose();
            return (null, client.Problem);
        }

        return (new LlmEvaluation(profile, services, options, client), null);
    }

    /// <summary>The merged draft of one job (the engine's when the model changed nothing), recorded for the report.</summary>
    public DraftInvoice Review(BusinessFolder business, IDraftEngine engine, DatasetCase @case, DraftInvoice engineDraft)
    {
        if (engine is not DraftEngine draftEngine)
        {
            return engineDraft;
        }

        var result = _reviewer.ReviewAsync(business.Name, @case.Job, draftEngine, engineDraft, History(business), CancellationToken.None).GetAwaiter().GetResult();
        _results.Add(result);
        if (@case.Expected is { } expected)
        {
            _diffs.Add(Scorer.Compare(@case.Id, result.Draft, expected));
        }

        return result.Draft;
    }

    public LlmReport Report() => new(
        Profile,
        _diffs.Count > 0 ? Scorer.Score(_diffs) : null,
        _results.Count,
        _results.Sum(r => r.Accepted.Count),
        _results.Sum(r => r.Rejected.Count),
        _results.Sum(r => r.NoOps.Count),
        _results.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count()),
        _results.Sum(r => r.Cost),
        _results.SelectMany(r => r.Calls).Count(c => c.EstimatedCost is null));

    private IReadOnlyList<PastJob> History(BusinessFolder business)
    {
        if (!_history.TryGetValue(business.Path, out var history))
        {
            try
            {
                history = DatasetReader.ReadCases(business.HistoryPath)
                    .Where(c => c.Expected is not null)
                    .Select(c => new PastJob(c.Job, c.Expected!.Lines.Select(l => l.Item).ToList()))
                    .ToList();
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                history = [];
            }

            _history[business.Path] = history;
        }

        return history;
    }

    public void Dispose() => _services.Dispose();
}
