using Closeout.Drafting.Catalogs;

namespace Closeout.Drafting.Extraction;

/// <summary>A catalog item a phrase may mean by what its words say, with the cosine similarity (-1..1, higher is closer).</summary>
public sealed record SemanticCandidate(string ItemId, double Similarity);

/// <summary>
/// Ranks one catalog's items by meaning for a phrase: stage 3's fallback for what the words do not share.
/// Implementations are thread-safe and deterministic (the same phrase gives the same candidates).
/// </summary>
public interface ISemanticMatcher
{
    /// <summary>At most <paramref name="top"/> candidates, best first; empty for an empty phrase.</summary>
    IReadOnlyList<SemanticCandidate> Candidates(string phrase, int top);
}

/// <summary>Builds (and caches) the matcher for a catalog. The engine holds one optionally; null runs without embeddings.</summary>
public interface ISemanticMatcherFactory
{
    ISemanticMatcher ForCatalog(Catalog catalog);
}
