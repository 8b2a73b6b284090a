using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;

namespace Closeout.SecondOpinion.Grounding;

/// <summary>A past invoice close to this job: its notes and what was billed.</summary>
internal sealed record SimilarInvoice(PastJob Past, double Score);

/// <summary>
/// Lexical retrieval for the prompt: catalog items weighted by how rare their shared words are (idf), and past jobs
/// by the same measure over their notes. Small and deterministic; the engine's own matching already did the careful
/// reading, this only chooses what the model gets to see.
/// </summary>
internal static class Retrieval
{
    /// <summary>
    /// The items on the draft and the logged lines first (the model must be able to name them), then the catalog
    /// items whose name, category and description share the most weight with the job's words, up to <paramref name="top"/>.
    /// </summary>
    public static IReadOnlyList<CatalogItem> Candidates(Catalog catalog, JobberJob job, DraftInvoice draft, int top) =>
        Candidates(catalog, job, draft, top, Lexical(catalog, job));

    /// <summary>The draft's and logged items, then <paramref name="ranked"/> in order, up to <paramref name="top"/>.</summary>
    public static IReadOnlyList<CatalogItem> Candidates(Catalog catalog, JobberJob job, DraftInvoice draft, int top, IReadOnlyList<CatalogItem> ranked)
    {
        var chosen = new List<CatalogItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in draft.Lines.Select(l => l.ItemId).Concat(job.LineItems?.Items.Select(l => l?.LinkedProductOrService?.Id).OfType<string>() ?? []))
        {
            if (catalog.Find(id) is { } item && seen.Add(item.Id))
            {
                chosen.Add(item);
            }
        }

        var limit = Math.Max(top, seen.Count);
        foreach (var item in ranked)
        {
            if (chosen.Count >= limit)
            {
                break;
            }

            if (seen.Add(item.Id))
            {
                chosen.Add(item);
            }
        }

        return chosen;
    }

    /// <summary>The catalog items sharing words with the job, the rarest shared words weighing most (idf).</summary>
    public static IReadOnlyList<CatalogItem> Lexical(Catalog catalog, JobberJob job)
    {
        var jobWords = Words.Of(JobText(job));
        var documents = catalog.Items.Select(i => (Item: i, Words: Words.Of($"{i.Id} {i.Name} {i.Name} {i.Category} {i.Description}"))).ToList();
        var idf = Idf(documents.Select(d => d.Words));
        return documents
            .Select(d => (d.Item, Score: d.Words.Where(jobWords.Contains).Sum(w => idf.GetValueOrDefault(w))))
            .Where(d => d.Score > 0)
            .OrderByDescending(d => d.Score)
            .ThenBy(d => d.Item.Id, StringComparer.Ordinal)
            .Select(d => d.Item)
            .ToList();
    }

    /// <summary>
    /// Reciprocal rank fusion: an item's score is the sum over the rankings of 1 / (60 + its rank), so an item both
    /// rankings like comes first and one only meaning finds still gets in, without weighing incomparable scores.
    /// </summary>
    public static IReadOnlyList<CatalogItem> Fuse(params IReadOnlyList<CatalogItem>[] rankings)
    {
        const double K = 60;
        var scores = new Dictionary<string, (CatalogItem Item, double Score)>(StringComparer.Ordinal);
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var item = ranking[rank];
                var previous = scores.TryGetValue(item.Id, out var s) ? s.Score : 0;
                scores[item.Id] = (item, previous + (1 / (K + rank + 1)));
            }
        }

        return scores.Values.OrderByDescending(s => s.Score).ThenBy(s => s.Item.Id, StringComparer.Ordinal).Select(s => s.Item).ToList();
    }

    public static IReadOnlyList<SimilarInvoice> SimilarPastJobs(JobberJob job, IReadOnlyList<PastJob> history, int top)
    {
        if (history.Count == 0 || top <= 0)
        {
            return [];
        }

        var documents = history.Select(p => (Past: p, Words: Words.Of(JobText(p.Job)))).ToList();
        var idf = Idf(documents.Select(d => d.Words));
        var jobWords = Words.Of(JobText(job));
        return documents
            .Select(d => new SimilarInvoice(d.Past, Cosine(jobWords, d.Words, idf)))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Past.Job.Id, StringComparer.Ordinal)
            .Take(top)
            .ToList();
    }

    public static string JobText(JobberJob job) =>
        string.Join('\n', new[] { job.Title, job.Instructions }
            .Concat(job.Notes?.Items.Select(n => n?.Message) ?? [])
            .Concat(job.LineItems?.Items.Select(l => l?.Name) ?? [])
            .OfType<string>());

    private static Dictionary<string, double> Idf(IEnumerable<HashSet<string>> documents)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = 0;
        foreach (var words in documents)
        {
            n++;
            foreach (var w in words)
            {
                df[w] = df.GetValueOrDefault(w) + 1;
            }
        }

        return df.ToDictionary(kv => kv.Key, kv => Math.Log(1.0 + (n / (double)kv.Value)), StringComparer.Ordinal);
    }

    private static double Cosine(HashSet<string> a, HashSet<string> b, Dictionary<string, double> idf)
    {
        double dot = 0, na = 0, nb = 0;
        foreach (var w in a)
        {
            var x = idf.GetValueOrDefault(w);
            na += x * x;
            if (b.Contains(w))
            {
                dot += x * x;
            }
        }

        foreach (var w in b)
        {
            var x = idf.GetValueOrDefault(w);
            nb += x * x;
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
