using BenchmarkDotNet.Attributes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Embeddings;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.Benchmarks;

/// <summary>
/// One realistic job drafted against a generated 5,000-item catalog, without and with the sentence model (its catalog
/// embeddings computed once in setup, as the service caches them).
/// </summary>
[Config(typeof(BenchConfig))]
public class DraftBenchmarks
{
    private DraftEngine _engine = null!;
    private DraftEngine _engineWithEmbeddings = null!;

    internal Catalog Catalog { get; private set; } = null!;

    internal JobberJob Job { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        Catalog = CatalogGenerator.Create(5_000);
        Job = JobGenerator.Create(Catalog);
        var policy = PolicyLoader.LoadOrThrow(PolicyJson, "bench-policy.json", Catalog);
        _engine = new DraftEngine(Catalog, policy);
        _engineWithEmbeddings = new DraftEngine(Catalog, policy, options: new DraftEngineOptions { Semantic = new MiniLmSemanticMatcherFactory() });
        _ = _engineWithEmbeddings.Draft(Job);
    }

    [Benchmark(Baseline = true)]
    public DraftInvoice DraftOneJob() => _engine.Draft(Job);

    [Benchmark]
    public DraftInvoice DraftOneJobWithEmbeddings() => _engineWithEmbeddings.Draft(Job);

    private const string PolicyJson = """
        {
          "business": "Bench Trades", "timezone": "America/Chicago", "currency": "USD",
          "team": [
            {"userId": "U-TECH", "name": "Priya Nair", "laborRole": "technician"},
            {"userId": "U-HELP", "name": "Sam Whitfield", "laborRole": "helper"}
          ],
          "businessHours": {"days": ["MON", "TUE", "WED", "THU", "FRI"], "start": "08:00", "end": "17:00"},
          "labor": {
            "rates": {"technician": {"regular": "LAB-TECH", "afterHours": "LAB-TECH-AH"}, "helper": {"regular": "LAB-HELPER"}},
            "incrementHours": 0.25, "minimumHoursPerPersonPerVisit": 1.0, "flatRateIncludesLabor": true
          },
          "tripCharge": {"item": "FEE-TRIP", "per": "visit", "waivedForClientTags": []},
          "companions": [],
          "tax": {"rate": 0.08, "exemptClientTags": []},
          "approval": {"autoApproveBelow": 500, "managerApprovalAbove": 2500}
        }
        """;
}
