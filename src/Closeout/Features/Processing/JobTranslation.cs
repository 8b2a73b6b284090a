using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;
using Closeout.Infrastructure;

namespace Closeout.Features.Processing;

/// <summary>
/// The job as Jobber returned it, in the engine's terms: a line's linked product or service becomes the catalog item of
/// that id or, failing that, of that exact name (Jobber's ids are its own integers); a person becomes the policy's team
/// member of that id or, failing that, of that full name.
/// </summary>
internal static class JobTranslation
{
    public static Result<JobberJob> ToEngineJob(JsonObject job, Catalog catalog, BillingPolicy policy)
    {
        var copy = job.DeepClone().AsObject();
        var items = catalog.Items.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        var team = policy.Team.Values.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().UserId, StringComparer.OrdinalIgnoreCase);

        foreach (var line in Nodes(copy["lineItems"]))
        {
            if (line["linkedProductOrService"] is JsonObject linked)
            {
                var id = linked["id"] is JsonValue v ? v.ToString() : null;
                var name = linked["name"]?.GetValueKind() == JsonValueKind.String ? linked["name"]!.GetValue<string>() : null;
                linked["id"] = catalog.Contains(id) ? id : name is not null && items.TryGetValue(name.Trim(), out var itemId) ? itemId : id;
            }
        }

        foreach (var visit in Nodes(copy["visits"]))
        {
            foreach (var user in Nodes(visit["assignedUsers"]))
            {
                Person(user, policy, team);
            }
        }

        foreach (var entry in Nodes(copy["timesheetEntries"]))
        {
            Person(entry["user"] as JsonObject, policy, team);
        }

        foreach (var note in Nodes(copy["notes"]))
        {
            Person(note["createdBy"] as JsonObject, policy, team);
        }

        try
        {
            var parsed = copy.Deserialize<JobberJob>(JobberJob.JsonOptions);
            return parsed is null ? Failure.Permanent("Jobber returned an empty job") : Result.Ok<JobberJob>(parsed);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return Failure.Permanent($"Malformed job data from Jobber: {e.Message}");
        }
    }

    private static void Person(JsonObject? person, BillingPolicy policy, Dictionary<string, string> team)
    {
        if (person is null)
        {
            return;
        }

        var id = person["id"] is JsonValue v ? v.ToString() : null;
        if (id is not null && policy.Team.ContainsKey(id))
        {
            return;
        }

        var name = person["name"]?["full"] is JsonValue full ? full.ToString() : null;
        if (name is not null && team.TryGetValue(name.Trim(), out var userId))
        {
            person["id"] = userId;
        }
    }

    private static List<JsonObject> Nodes(JsonNode? connection) =>
        connection?["nodes"] is JsonArray nodes ? nodes.OfType<JsonObject>().ToList() : [];

    /// <summary>Jobber puts a job in "requires invoicing" when its work is done: that is when Closeout drafts.</summary>
    public static bool IsCompleted(JsonObject job) =>
        job["jobStatus"]?.ToString() == "requires_invoicing" || job["completedAt"] is JsonValue;

    public static long? JobNumber(JsonObject job) =>
        job["jobNumber"] is JsonValue v && long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
