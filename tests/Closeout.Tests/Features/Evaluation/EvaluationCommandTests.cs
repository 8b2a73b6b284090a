using System.CommandLine;
using System.Text.Json.Nodes;
using Closeout.Features.Evaluation;

namespace Closeout.Tests.Features.Evaluation;

public sealed class EvaluationCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Blind_jobs_are_drafted_and_not_scored()
    {
        var business = CopyBusiness("cascade", blind: true);
        var predictions = _temp.File("out/predictions.jsonl");

        var run = await Closeout("eval", "--dataset", business, "--out", predictions);

        Assert.Equal(0, run.Exit);
        var ids = File.ReadAllLines(predictions).Select(l => (string?)JsonNode.Parse(l)!["id"]).ToList();
        Assert.Equal(JobIds(business), ids);
        Assert.DoesNotContain("itemF1=", run.Out, StringComparison.Ordinal);
        Assert.Contains($"Drafted {ids.Count} jobs of 1 businesses", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blind_files_holding_the_bare_Jobber_job_are_drafted_as_the_wrapped_ones_named_by_their_file()
    {
        var wrapped = CopyBusiness("cascade", blind: true);
        var bare = Path.Combine(_temp.Path, "bare", "cascade");
        foreach (var file in Directory.GetFiles(wrapped, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}jobs{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var target = Path.Combine(bare, Path.GetRelativePath(wrapped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Directory.CreateDirectory(Path.Combine(bare, "jobs"));
        foreach (var file in Directory.GetFiles(Path.Combine(wrapped, "jobs"), "*.json"))
        {
            var node = JsonNode.Parse(File.ReadAllText(file))!;
            File.WriteAllText(Path.Combine(bare, "jobs", (string)node["id"]! + ".json"), node["job"]!.ToJsonString());
        }

        var fromWrapped = await Closeout("eval", "--dataset", wrapped, "--out", _temp.File("wrapped.jsonl"));
        var fromBare = await Closeout("eval", "--dataset", bare, "--out", _temp.File("bare.jsonl"));

        Assert.Equal((0, 0), (fromWrapped.Exit, fromBare.Exit));
        Assert.DoesNotContain("malformed", fromBare.Err, StringComparison.Ordinal);
        var expected = File.ReadAllLines(_temp.File("wrapped.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var actual = File.ReadAllLines(_temp.File("bare.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Select(p => (string?)p["id"]), actual.Select(p => (string?)p["id"]));
        Assert.Equal(expected.Select(p => p["lines"]!.ToJsonString()), actual.Select(p => p["lines"]!.ToJsonString()));
    }

    [Fact]
    public async Task Scored_run_ends_with_the_baseline_then_the_engine_line()
    {
        var business = CopyBusiness("evergreen", blind: false);

        var run = await Closeout("eval", "--dataset", business, "--out", _temp.File("p.jsonl"));

        Assert.Equal(0, run.Exit);
        var lines = run.Out.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Matches(@"^engine: itemF1=\d\.\d{3} qtyF1=\d\.\d{3} jobExact=\d\.\d{3} totalExact=\d\.\d{3} flagF1=\d\.\d{3}$", lines[^1]);
        Assert.StartsWith("baseline: itemF1=", lines[^2], StringComparison.Ordinal);
        Assert.Single(lines, l => l.StartsWith("engine:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Baseline_only_run_ends_with_the_baseline_line()
    {
        var business = CopyBusiness("evergreen", blind: false);

        var run = await Closeout("eval", "--dataset", business, "--out", _temp.File("p.jsonl"), "--baseline-only");

        Assert.Equal(0, run.Exit);
        Assert.StartsWith("baseline: itemF1=", run.Out.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("engine:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_job_file_is_reported_and_the_run_goes_on()
    {
        var business = CopyBusiness("cascade", blind: true);
        var jobs = JobIds(business);
        File.WriteAllText(Path.Combine(business, "jobs", "zz-broken.json"), """{"id": "zz-broken", "job": [1, 2""");
        var predictions = _temp.File("p.jsonl");

        var run = await Closeout("eval", "--dataset", business, "--out", predictions);

        Assert.Equal(0, run.Exit);
        Assert.Contains("zz-broken.json: malformed job file:", run.Err, StringComparison.Ordinal);
        Assert.Contains("1 job files unreadable", run.Out, StringComparison.Ordinal);
        Assert.Equal(jobs.Count, File.ReadAllLines(predictions).Length);
    }

    [Fact]
    public async Task Several_folders_are_drafted_in_one_run()
    {
        var cascade = CopyBusiness("cascade", blind: true);
        var evergreen = CopyBusiness("evergreen", blind: true);
        var predictions = _temp.File("p.jsonl");

        var run = await Closeout("eval", "--dataset", cascade, evergreen, "--out", predictions);

        Assert.Equal(0, run.Exit);
        Assert.Equal(JobIds(cascade).Count + JobIds(evergreen).Count, File.ReadAllLines(predictions).Length);
    }

    [Fact]
    public async Task A_missing_dataset_is_an_error()
    {
        var missing = _temp.File("nowhere");

        var run = await Closeout("eval", "--dataset", missing, "--out", _temp.File("p.jsonl"));

        Assert.NotEqual(0, run.Exit);
        Assert.Contains($"{missing}: no such directory", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_businesses_is_an_error()
    {
        var run = await Closeout("eval", "--dataset", _temp.Path, "--out", _temp.File("p.jsonl"));

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("neither a business folder", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval", "--out", "p.jsonl")]
    [InlineData("eval", "--dataset", "x")]
    [InlineData("eval", "--dataset", "x", "--out", "p.jsonl", "--bogus")]
    public async Task Usage_errors_fail(params string[] args)
    {
        var run = await Closeout(args);

        Assert.NotEqual(0, run.Exit);
    }

    private static async Task<(int Exit, string Out, string Err)> Closeout(params string[] args)
    {
        var closeout = new RootCommand().AddEvaluation();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await closeout.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A copy of a shared business folder; blind removes what only people may read (expected, why, authoring).</summary>
    private string CopyBusiness(string name, bool blind)
    {
        var source = Path.Combine(Repo.Dataset, name);
        var copy = Path.Combine(_temp.Path, "dataset", name);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        if (blind)
        {
            foreach (var job in Directory.GetFiles(Path.Combine(copy, "jobs"), "*.json"))
            {
                var node = JsonNode.Parse(File.ReadAllText(job))!.AsObject();
                node.Remove("expected");
                node.Remove("why");
                node.Remove("authoring");
                File.WriteAllText(job, node.ToJsonString());
            }
        }

        return copy;
    }

    private static List<string?> JobIds(string business) =>
        Directory.GetFiles(Path.Combine(business, "jobs"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (string?)JsonNode.Parse(File.ReadAllText(f))!["id"]).ToList();
}
