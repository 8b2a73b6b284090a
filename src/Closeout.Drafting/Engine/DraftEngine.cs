using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Extraction;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;
using Closeout.Drafting.Pricing;

namespace Closeout.Drafting.Engine;

/// <summary>How the engine reads: the optional sentence-embedding model for what the words do not share.</summary>
public sealed record DraftEngineOptions
{
    /// <summary>Semantic candidates for install clauses no catalog word matches; null runs the engine without the model.</summary>
    public ISemanticMatcherFactory? Semantic { get; init; }

    /// <summary>The cosine similarity a semantic candidate needs before it is billed (never below what the words decide).</summary>
    public double SemanticThreshold { get; init; } = 0.6;
}

/// <summary>A past job with the items its sent invoice billed: what a business's history teaches the reader.</summary>
public sealed record PastJob(JobberJob Job, IReadOnlyList<string> BilledItemIds);

/// <summary>
/// The draft engine of one business: reads the job (logged lines, notes, time sheets) against the catalog, then
/// applies the billing policy. Pure and thread-safe once built; never throws on a malformed job.
/// </summary>
public sealed class DraftEngine : IDraftEngine
{
    private readonly JobReader _reader;

    public DraftEngine(Catalog catalog, BillingPolicy policy, IEnumerable<PastJob>? history = null, DraftEngineOptions? options = null)
    {
        Catalog = catalog;
        Policy = policy;
        options ??= new DraftEngineOptions();
        _reader = new JobReader(catalog, policy, SemanticFor(options, catalog), options.SemanticThreshold);
        History = history?.ToList() ?? [];
        if (History.Count > 0)
        {
            _reader.LearnFrom(History);
        }
    }

    public Catalog Catalog { get; }

    /// <summary>The past jobs the engine learned from (the business folder's history/), for callers that show them too.</summary>
    public IReadOnlyList<PastJob> History { get; }

    /// <summary>False when the sentence model was asked for but could not be loaded: the engine then reads by words alone.</summary>
    public bool SemanticAvailable { get; private set; }

    private ISemanticMatcher? SemanticFor(DraftEngineOptions options, Catalog catalog)
    {
        if (options.Semantic is null)
        {
            return null;
        }

        try
        {
            var matcher = options.Semantic.ForCatalog(catalog);
            SemanticAvailable = true;
            return matcher;
        }
#pragma warning disable CA1031 // A model that cannot load (missing native runtime) must not stop drafting.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    public BillingPolicy Policy { get; }

    public DraftInvoice Draft(JobberJob job) => Redraft(job, reading => reading);

    /// <summary>
    /// Drafts the job with what was read from it amended first (a second opinion's validated changes), priced by the
    /// same policy, so an amended draft gets its labor, trip charge, companions and tax exactly as the engine's does.
    /// </summary>
    public DraftInvoice Redraft(JobberJob job, Func<JobReading, JobReading> amend)
    {
        ArgumentNullException.ThrowIfNull(amend);
        JobReading reading;
        try
        {
            reading = _reader.Read(job);
        }
#pragma warning disable CA1031 // A job from outside must never take the worker down: it becomes a draft a person reviews.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            reading = JobReading.Empty with
            {
                Flags = [new ReviewFlag(FlagKind.InvalidInput, $"The job's notes could not be read ({ex.GetType().Name}); draft it by hand.", [])],
            };
        }

        try
        {
            return InvoicePricer.Price(job, amend(reading), Catalog, Policy);
        }
#pragma warning disable CA1031 // Same reason: a malformed job becomes an empty draft with a flag, never a crashed worker.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new DraftInvoice(job.Id ?? string.Empty, [], [new ReviewFlag(FlagKind.InvalidInput, $"The job could not be priced ({ex.GetType().Name}); draft it by hand.", [])], 0m, 0m, 0m);
        }
    }
}
