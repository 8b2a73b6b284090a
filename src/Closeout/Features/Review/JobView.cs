using System.Globalization;
using System.Text.Json.Nodes;

namespace Closeout.Features.Review;

public sealed record JobNote(string Id, string Author, DateTimeOffset? CreatedAt, string Text);

public sealed record JobTimesheet(string Id, string UserId, string User, string? VisitId, DateTimeOffset? StartAt, DateTimeOffset? EndAt, long Seconds, string? Note);

public sealed record JobLoggedLine(string Id, string Name, decimal Quantity, decimal UnitPrice);

public sealed record Technician(string Id, string Name);

/// <summary>What the draft page shows of the job beside the draft: its notes, time sheets and logged lines, read from the job as Jobber returned it.</summary>
public sealed record JobView(
    string? Title,
    string? Instructions,
    string? Client,
    IReadOnlyList<string> ClientTags,
    IReadOnlyList<JobNote> Notes,
    IReadOnlyList<JobTimesheet> Timesheets,
    IReadOnlyList<JobLoggedLine> Logged,
    IReadOnlyList<Technician> Technicians)
{
    public static JobView Empty { get; } = new(null, null, null, [], [], [], [], []);

    public static JobView From(JsonObject? job)
    {
        if (job is null)
        {
            return Empty;
        }

        var timesheets = Nodes(job["timesheetEntries"]).Select(e => new JobTimesheet(
            Text(e["id"]) ?? "", Text(e["user"]?["id"]) ?? "", Text(e["user"]?["name"]?["full"]) ?? "", Text(e["visit"]?["id"]),
            Time(e["startAt"]), Time(e["endAt"]), long.TryParse(Text(e["finalDuration"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0,
            Text(e["note"]))).ToList();
        var assigned = Nodes(job["visits"]).SelectMany(v => Nodes(v["assignedUsers"]))
            .Select(u => new Technician(Text(u["id"]) ?? "", Text(u["name"]?["full"]) ?? ""));
        var technicians = timesheets.Select(t => new Technician(t.UserId, t.User)).Concat(assigned)
            .Where(t => t.Id.Length > 0).DistinctBy(t => t.Id).ToList();
        return new JobView(
            Text(job["title"]),
            Text(job["instructions"]),
            Text(job["client"]?["name"]),
            Nodes(job["client"]?["tags"]).Select(t => Text(t["label"])).OfType<string>().ToList(),
            Nodes(job["notes"]).Select(n => new JobNote(Text(n["id"]) ?? "", Text(n["createdBy"]?["name"]?["full"]) ?? "", Time(n["createdAt"]), Text(n["message"]) ?? "")).ToList(),
            timesheets,
            Nodes(job["lineItems"]).Select(l => new JobLoggedLine(Text(l["id"]) ?? "", Text(l["name"]) ?? "", Number(l["quantity"]), Number(l["unitPrice"]))).ToList(),
            technicians);
    }

    private static IEnumerable<JsonObject> Nodes(JsonNode? connection) =>
        connection?["nodes"] is JsonArray nodes ? nodes.OfType<JsonObject>() : [];

    private static string? Text(JsonNode? node) => node is JsonValue v ? v.ToString() : null;

    private static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static decimal Number(JsonNode? node) =>
        decimal.TryParse(Text(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0m;
}
