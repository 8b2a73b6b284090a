using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Closeout.Benchmarks.P99Column).Assembly).Run(args);
