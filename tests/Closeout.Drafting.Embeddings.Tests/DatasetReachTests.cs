using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Extraction;
using Xunit.Abstractions;

namespace Closeout.Drafting.Embeddings.Tests;

/// <summary>
/// What semantic candidates alone would add on the public dataset: for each note sentence (and clause), is the top-1 /
/// top-3 candidate one of the items the case's author meant as billed? The figures go to the test output; the assertion
/// is only a floor well under what was measured, so a regression in the matcher shows without pinning the numbers.
/// </summary>
public sealed partial class DatasetReachTests(ITestOutputHelper output)
{
    // Measured on cascade + evergreen (76 jobs, 397 note sentences): sentence top-3 53.9%, authored items reached
    // within some sentence's top 3: 91.7%. The floors leave a wide margin for other model builds and dataset growth.
    private const double SentenceTop3Floor = 0.40;
    private const double ItemTop3Floor = 0.75;

    private static readonly JsonSerializerOptions s_catalogJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public void Semantic_candidates_reach_the_billed_items_of_the_dataset_notes()
    {
        var root = FindDataset();
        if (root is null)
        {
            output.WriteLine("dataset not found (set CLOSEOUT_DATASET); nothing measured");
            return;
        }

        var factory = new MiniLmSemanticMatcherFactory();
        var sentences = new Tally();
        var clauses = new Tally();
        var sentencesGoodsOnly = new Tally();
        var items = new Tally();
        foreach (var business in DatasetReader.Businesses(root))
        {
            var catalog = ReadCatalog(business.CatalogPath);
            var matcher = factory.ForCatalog(catalog);
            var billable = catalog.Items.Where(i => i.Kind is not ItemKind.Labor).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var path in Directory.GetFiles(business.JobsPath, "*.json").Order(StringComparer.Ordinal))
            {
                var node = JsonNode.Parse(File.ReadAllText(path))!;
                var meant = (node["authoring"]?["items"]?.AsArray() ?? [])
                    .Select(i => i!["item"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                var job = DatasetReader.ReadCase(path).Job;
                var notes = job.Notes?.Items.Select(n => n.Message).OfType<string>().ToList() ?? [];
                if (meant.Count == 0 || notes.Count == 0)
                {
                    continue;
                }

                var reached1 = new HashSet<string>(StringComparer.Ordinal);
                var reached3 = new HashSet<string>(StringComparer.Ordinal);
                foreach (var sentence in notes.SelectMany(Sentences))
                {
                    var top = matcher.Candidates(sentence, 10);
                    sentences.Add(top, meant);
                    sentencesGoodsOnly.Add(top.Where(c => billable.Contains(c.ItemId)).ToList(), meant);
                    reached1.Add(top[0].ItemId);
                    reached3.UnionWith(top.Take(3).Select(c => c.ItemId));
                    foreach (var clause in Clauses(sentence))
                    {
                        clauses.Add(matcher.Candidates(clause, 3), meant);
                    }
                }

                foreach (var item in meant)
                {
                    items.Count(reached1.Contains(item), reached3.Contains(item));
                }
            }
        }

        output.WriteLine($"catalogs embedded: {factory.CatalogsEmbedded}");
        output.WriteLine($"note sentences: {sentences}");
        output.WriteLine($"note sentences, labor items dropped: {sentencesGoodsOnly}");
        output.WriteLine($"clauses (also split at + , and 'and'): {clauses}");
        output.WriteLine($"authored items reached by some sentence of their job: {items}");
        output.WriteLine($"top-1 similarity: hit mean {sentences.HitSimilarity:F3}, miss mean {sentences.MissSimilarity:F3}");
        Assert.True(items.Top3Rate > ItemTop3Floor, $"authored items reached in a top 3: {items.Top3Rate:P1}, under {ItemTop3Floor:P0}");
        Assert.True(sentences.Top3Rate > SentenceTop3Floor, $"top-3 sentence hit rate {sentences.Top3Rate:P1} fell under {SentenceTop3Floor:P0}");
    }

    private static IEnumerable<string> Sentences(string note) =>
        SentenceBreak().Split(note).Select(s => s.Trim()).Where(s => s.Any(char.IsLetter));

    private static IEnumerable<string> Clauses(string sentence) =>
        ClauseBreak().Split(sentence).Select(s => s.Trim()).Where(s => s.Any(char.IsLetter));

    [GeneratedRegex(@"(?<=[.!?;])\s+|\n+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\s\+\s|,\s|\s+and\s+|\s+w/\s+")]
    private static partial Regex ClauseBreak();

    private static Catalog ReadCatalog(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        var items = node["items"].Deserialize<List<CatalogItem>>(s_catalogJson) ?? [];
        return new Catalog(node["business"]!.GetValue<string>(), node["currency"]!.GetValue<string>(), items);
    }

    private static string? FindDataset()
    {
        var configured = Environment.GetEnvironmentVariable("CLOSEOUT_DATASET");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "dataset"), Path.Combine(dir.FullName, "shared", "dataset") })
            {
                if (DatasetReader.Businesses(candidate).Count > 0)
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private sealed class Tally
    {
        private int _total;
        private int _top1;
        private int _top3;
        private double _hitSimilarity;
        private double _missSimilarity;

        public double Top3Rate => _total == 0 ? 0 : (double)_top3 / _total;

        public double HitSimilarity => _top1 == 0 ? 0 : _hitSimilarity / _top1;

        public double MissSimilarity => _total == _top1 ? 0 : _missSimilarity / (_total - _top1);

        public void Add(IReadOnlyList<SemanticCandidate> candidates, HashSet<string> meant)
        {
            if (candidates.Count == 0)
            {
                Count(false, false);
                return;
            }

            var hit1 = meant.Contains(candidates[0].ItemId);
            Count(hit1, candidates.Take(3).Any(c => meant.Contains(c.ItemId)));
            if (hit1)
            {
                _hitSimilarity += candidates[0].Similarity;
            }
            else
            {
                _missSimilarity += candidates[0].Similarity;
            }
        }

        public void Count(bool top1, bool top3)
        {
            _total++;
            _top1 += top1 ? 1 : 0;
            _top3 += top3 ? 1 : 0;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"n={_total} top-1 {(double)_top1 / Math.Max(1, _total):P1} top-3 {Top3Rate:P1}");
    }
}
