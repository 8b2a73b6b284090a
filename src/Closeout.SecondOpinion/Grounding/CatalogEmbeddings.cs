using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Closeout.Drafting.Catalogs;

namespace Closeout.SecondOpinion.Grounding;

/// <summary>
/// The catalog's vectors from the provider's embedding model, kept per account, model and catalog version (a hash of
/// what is embedded), so a job embeds only its own text and a changed catalog is embedded again.
/// </summary>
internal sealed class CatalogEmbeddings
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, float[]>> _cache = new(StringComparer.Ordinal);

    /// <summary>What is embedded for an item: what a person would read to know it.</summary>
    public static string Text(CatalogItem item) => $"{item.Name}. {item.Category}. {item.Description}".Trim();

    public static string Key(string accountId, string model, Catalog catalog)
    {
        var text = new StringBuilder();
        foreach (var item in catalog.Items)
        {
            text.Append(item.Id).Append('\u001f').Append(Text(item)).Append('\u001e');
        }

        return $"{accountId}|{model}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))}";
    }

    public IReadOnlyDictionary<string, float[]>? Find(string key) => _cache.GetValueOrDefault(key);

    public void Keep(string key, IReadOnlyDictionary<string, float[]> vectors)
    {
        // One version per account and model: an older catalog's vectors are dropped.
        var prefix = key[..(key.LastIndexOf('|') + 1)];
        foreach (var stale in _cache.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k != key))
        {
            _cache.TryRemove(stale, out _);
        }

        _cache[key] = vectors;
    }

    /// <summary>The items closer in meaning to the job than unrelated (cosine above 0), closest first.</summary>
    public static IReadOnlyList<CatalogItem> Rank(Catalog catalog, IReadOnlyDictionary<string, float[]> items, float[] job) =>
        catalog.Items
            .Select(i => (Item: i, Score: items.TryGetValue(i.Id, out var v) ? Cosine(v, job) : 0))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Item.Id, StringComparer.Ordinal)
            .Select(x => x.Item)
            .ToList();

    private static double Cosine(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            return 0;
        }

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
