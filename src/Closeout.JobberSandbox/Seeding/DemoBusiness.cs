using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Jobs;

namespace Closeout.JobberSandbox.Seeding;

/// <summary>The sandbox's own small business (Seeding/Demo, embedded): three completed plumbing jobs in the dataset format.</summary>
internal static class DemoBusiness
{
    private const string Prefix = "Closeout.JobberSandbox.Seeding.Demo.";

    public static BusinessSource Load()
    {
        var assembly = typeof(DemoBusiness).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var jobs = names.Where(n => n.StartsWith(Prefix + "jobs.", StringComparison.Ordinal))
            .Select(n => ReadCase(Read(n), n))
            .ToList();
        return new BusinessSource("sandbox-demo", Parse(Read(Prefix + "catalog.json")), Parse(Read(Prefix + "policy.json")), jobs, []);
    }

    private static string Read(string name)
    {
        using var stream = typeof(DemoBusiness).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("not a JSON object");

    private static DatasetCase ReadCase(string json, string name)
    {
        var node = Parse(json);
        var job = node["job"]?.Deserialize<JobberJob>(JobberJob.JsonOptions) ?? throw new InvalidDataException($"{name}: missing 'job'");
        return new DatasetCase(node["id"]?.GetValue<string>() ?? name, job, null, name);
    }
}
