using BenchmarkDotNet.Attributes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Jobs;

namespace Closeout.Benchmarks;

/// <summary>
/// One realistic job drafted against the 5,000-item catalog, without and with semantic candidates.
/// TODO(lead): wire to Closeout.Drafting.Engine.IDraftEngine once it lands (it is not on feat/embed): build the engine
/// in Setup (policy for the generated catalog: LAB-TECH / LAB-HELPER / LAB-TECH-AH, FEE-TRIP), once with a null
/// ISemanticMatcherFactory and once with a MiniLmSemanticMatcherFactory warmed on Catalog, then uncomment the two
/// methods below. Until then this class has no benchmark and BenchmarkDotNet skips it.
/// </summary>
[Config(typeof(BenchConfig))]
public class DraftBenchmarks
{
    internal Catalog Catalog { get; private set; } = null!;

    internal JobberJob Job { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        Catalog = CatalogGenerator.Create(5_000);
        Job = JobGenerator.Create(Catalog);
    }

    // [Benchmark(Baseline = true)]
    // public DraftInvoice DraftOneJob() => _engine.Draft(Job);

    // [Benchmark]
    // public DraftInvoice DraftOneJobWithEmbeddings() => _engineWithEmbeddings.Draft(Job);
}
