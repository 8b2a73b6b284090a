using BenchmarkDotNet.Attributes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Embeddings;
using Closeout.Drafting.Extraction;

namespace Closeout.Benchmarks;

/// <summary>One phrase against a 5,000-item catalog whose embeddings are already cached: the per-phrase cost in a draft.</summary>
[Config(typeof(BenchConfig))]
public class SemanticMatcherBenchmarks
{
    private const string Phrase = "swapped the cap on the condenser, old one was bulging";

    private ISemanticMatcher _matcher = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = CatalogGenerator.Create(5_000);
        _matcher = new MiniLmSemanticMatcherFactory().ForCatalog(catalog);
    }

    [Benchmark]
    public IReadOnlyList<SemanticCandidate> Candidates() => _matcher.Candidates(Phrase, 5);
}

/// <summary>Embedding a 5,000-item catalog: paid once per catalog content per process (the model is already loaded).</summary>
[Config(typeof(BenchConfig))]
public class CatalogEmbeddingBenchmarks
{
    private Catalog _catalog = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = CatalogGenerator.Create(5_000);

        // Loads the model, so that the measurement is the catalog's embedding alone.
        new MiniLmSemanticMatcherFactory().ForCatalog(new Catalog("warm-up", "USD", _catalog.Items.Take(1).ToList()));
    }

    [Benchmark]
    public ISemanticMatcher EmbedCatalog() => new MiniLmSemanticMatcherFactory().ForCatalog(_catalog);
}
