using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Closeout.Features.Evaluation;

namespace Closeout.Tests.Features.Evaluation;

public sealed class LeakageEvaluationCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Leakage_run_removes_every_billed_item_of_every_job_and_reports_each_business()
    {
        var run = await Closeout("eval", "--leakage", "--dataset", Repo.Dataset);

        Assert.Equal(0, run.Exit);
        foreach (var business in new[] { "cascade", "evergreen" })
        {
            var folder = Path.Combine(Repo.Dataset, business);
            var row = Regex.Match(run.Out, $@"^{business}\s+jobs\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s", RegexOptions.Multiline);
            Assert.True(row.Success, run.Out);
            Assert.Equal(Cases(folder, "jobs").Count, Number(row, 1));
            Assert.Equal(Cases(folder, "jobs").Sum(DistinctItems), Number(row, 2));
            Assert.True(Number(row, 4) <= Number(row, 2) - Number(row, 3), "recovered more than the removed items it may suggest");

            var engine = Regex.Match(run.Out, $@"^{business}\s+engine drafts\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s", RegexOptions.Multiline);
            Assert.Equal(Cases(folder, "jobs").Count, Number(engine, 1));
            Assert.True(Number(engine, 4) <= Number(engine, 2), "recovered more items than the engine's drafts lacked");

            var history = Regex.Match(run.Out, $@"^{business}\s+history \(LOO\)\s+(\d+)\s+(\d+)", RegexOptions.Multiline);
            Assert.Equal(Cases(folder, "history").Count, Number(history, 1));
            Assert.Equal(Cases(folder, "history").Sum(DistinctItems), Number(history, 2));
        }
    }

    [Fact]
    public async Task A_business_without_history_is_skipped_and_said_so()
    {
        var copy = Path.Combine(_temp.Path, "nohistory");
        Directory.CreateDirectory(Path.Combine(copy, "jobs"));
        File.Copy(Path.Combine(Repo.Dataset, "evergreen", "catalog.json"), Path.Combine(copy, "catalog.json"));
        File.Copy(Path.Combine(Repo.Dataset, "evergreen", "policy.json"), Path.Combine(copy, "policy.json"));

        var run = await Closeout("eval", "--leakage", "--dataset", copy);

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("no history/ to learn from", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drafting_without_leakage_still_needs_an_output_file()
    {
        var run = await Closeout("eval", "--dataset", Repo.Dataset);

        Assert.Equal(2, run.Exit);
        Assert.Contains("--out is required", run.Err, StringComparison.Ordinal);
    }

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static List<JsonNode> Cases(string business, string folder) =>
        Directory.GetFiles(Path.Combine(business, folder), "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToList();

    private static int DistinctItems(JsonNode @case) =>
        @case["expected"]!["lines"]!.AsArray().Select(l => (string?)l!["item"]).Distinct(StringComparer.Ordinal).Count();

    private static async Task<(int Exit, string Out, string Err)> Closeout(params string[] args)
    {
        var closeout = new RootCommand().AddEvaluation();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await closeout.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
