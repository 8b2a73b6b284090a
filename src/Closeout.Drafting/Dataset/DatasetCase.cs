using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Dataset;

/// <summary>A line of an expected (or historically sent) invoice in the dataset's scoring format.</summary>
public sealed record ExpectedLine(string Item, decimal Quantity, decimal? UnitPrice, decimal? Total);

/// <summary>The invoice a careful office manager sent for a job.</summary>
public sealed record ExpectedInvoice(
    IReadOnlyList<ExpectedLine> Lines,
    IReadOnlyList<string> Flags,
    decimal Subtotal,
    decimal Tax,
    decimal Total);

/// <summary>
/// One file of a dataset's <c>jobs/</c> or <c>history/</c> folder. <see cref="Expected"/> is null in a blind copy;
/// an engine reads only <see cref="Job"/>.
/// </summary>
public sealed record DatasetCase(string Id, JobberJob Job, ExpectedInvoice? Expected, string SourcePath);

/// <summary>A business folder of the dataset: catalog.json, policy.json, jobs/, history/.</summary>
public sealed record BusinessFolder(string Path)
{
    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));
    public string CatalogPath => System.IO.Path.Combine(Path, "catalog.json");
    public string PolicyPath => System.IO.Path.Combine(Path, "policy.json");
    public string JobsPath => System.IO.Path.Combine(Path, "jobs");
    public string HistoryPath => System.IO.Path.Combine(Path, "history");

    public bool LooksLikeBusiness => File.Exists(CatalogPath) && File.Exists(PolicyPath);
}

public static class DatasetReader
{
    /// <summary>The business folders under <paramref name="path"/>, or the folder itself when it is one.</summary>
    public static IReadOnlyList<BusinessFolder> Businesses(string path)
    {
        var self = new BusinessFolder(path);
        if (self.LooksLikeBusiness)
        {
            return [self];
        }

        return Directory.Exists(path)
            ? Directory.GetDirectories(path).Order(StringComparer.Ordinal).Select(d => new BusinessFolder(d)).Where(b => b.LooksLikeBusiness).ToList()
            : [];
    }

    public static IReadOnlyList<DatasetCase> ReadCases(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(ReadCase).ToList();
    }

    public static DatasetCase ReadCase(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path}: not a JSON object");
        // A case file wraps the job ({"id", "job", "expected"}); a file holding the bare Jobber job is read as a case
        // without an answer, named by its file (a blind set exported straight from Jobber).
        var bare = node["job"] is null && (node.ContainsKey("jobNumber") || node.ContainsKey("lineItems") || node.ContainsKey("visits") || node.ContainsKey("notes"));
        var id = bare ? System.IO.Path.GetFileNameWithoutExtension(path) : node["id"]?.GetValue<string>() ?? System.IO.Path.GetFileNameWithoutExtension(path);
        var job = (bare ? node : node["job"])?.Deserialize<JobberJob>(JobberJob.JsonOptions)
            ?? throw new InvalidDataException($"{path}: missing 'job'");
        var expected = bare ? null : node["expected"]?.Deserialize<ExpectedInvoice>(JobberJob.JsonOptions);
        return new DatasetCase(id, job, expected, path);
    }
}
