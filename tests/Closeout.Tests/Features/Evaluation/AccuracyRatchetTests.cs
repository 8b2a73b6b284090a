using System.Text.Json;
using Closeout.Drafting.Evaluation;
using Closeout.Features.Evaluation;
using Xunit.Abstractions;

namespace Closeout.Tests.Features.Evaluation;

/// <summary>
/// The engine wired into <c>closeout eval</c> may not fall below any figure of <c>eval/ratchet.json</c> on the shared
/// dataset. Raise the ratchet when the engine improves; never lower it to make this pass.
/// </summary>
public sealed class AccuracyRatchetTests(ITestOutputHelper log)
{
    [Fact]
    public void Engine_metrics_do_not_fall_below_the_ratchet()
    {
        Assert.True(Directory.Exists(Repo.Dataset), $"The shared dataset is missing: {Repo.Dataset}");
        using var temp = new TempFolder();

        var report = new RunEvaluation(EvaluationCommand.Engines).Run(new EvaluationRequest([Repo.Dataset], temp.File("predictions.jsonl")));

        Assert.Empty(report.UnreadableDataset);
        Assert.Empty(report.UnreadableJobs);
        var engine = Assert.IsType<Metrics>(report.Engine);
        log.WriteLine(engine.ToLine("engine"));
        var ratchet = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Repo.Ratchet))
            ?? throw new InvalidDataException($"{Repo.Ratchet} is empty");
        var fallen = engine.Named
            .Select(m => (m.Key, Actual: Math.Round(m.Value, 3), Floor: ratchet.TryGetValue(m.Key, out var floor) ? floor : double.NaN))
            .Where(m => double.IsNaN(m.Floor) || m.Actual < m.Floor)
            .Select(m => double.IsNaN(m.Floor)
                ? $"{m.Key} has no figure in eval/ratchet.json"
                : $"engine {m.Key} fell to {Metrics.Format(m.Actual)}, below the ratchet's {Metrics.Format(m.Floor)}")
            .ToList();
        Assert.True(fallen.Count == 0, string.Join("\n", fallen));
    }
}
