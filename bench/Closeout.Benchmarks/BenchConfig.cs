using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Closeout.Benchmarks;

/// <summary>Allocations, and the tail (P95, P99) beside the mean: drafting runs per job on a shared box.</summary>
internal sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.P95, P99Column.Instance);
    }
}
