using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Company;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>
/// GET /cdc?entities=A,B&amp;changedSince=…: every record of those entities changed since then (full objects,
/// ordered by last update, the app's own changes included), deleted ones after them as tombstones; at most
/// CdcLookBackDays back and CdcMaxObjects objects per response.
/// </summary>
internal static class ChangeDataCapture
{
    private static readonly string[] Unsupported = ["JournalCode", "TaxAgency", "TimeActivity", EntityNames.TaxCode, EntityNames.TaxRate];

    public static (JsonArray? Response, Fault? Fault) Run(Realm realm, string? entities, string? changedSince, DateTimeOffset now, QuickBooksSandboxOptions options)
    {
        if (string.IsNullOrWhiteSpace(entities))
        {
            return (null, Fault.RequiredMissing("entities"));
        }

        if (string.IsNullOrWhiteSpace(changedSince))
        {
            return (null, Fault.RequiredMissing("changedSince"));
        }

        if (Qbo.Time(changedSince) is not { } parsed)
        {
            return (null, Fault.Business($"changedSince '{changedSince}' is not a date or dateTime", "changedSince"));
        }

        // Records carry LastUpdatedTime to the second, so the window starts at the second too (a repeat, never a miss).
        var since = parsed.AddTicks(-(parsed.Ticks % TimeSpan.TicksPerSecond));
        if (since < now.AddDays(-options.CdcLookBackDays))
        {
            return (null, Fault.Business($"changedSince must be within the last {options.CdcLookBackDays} days", "changedSince"));
        }

        var names = new List<string>();
        foreach (var requested in entities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Unsupported.Contains(requested, StringComparer.OrdinalIgnoreCase))
            {
                return (null, Fault.Business($"Change data capture does not support {requested}", "entities"));
            }

            var entity = EntityNames.Resolve(requested);
            if (entity is null)
            {
                return (null, Fault.InvalidEnumeration("entities", requested));
            }

            names.Add(entity);
        }

        var left = options.CdcMaxObjects;
        var responses = new JsonArray();
        foreach (var entity in names.Distinct(StringComparer.Ordinal))
        {
            var changed = realm.All(entity)
                .Select(r => (Record: r, At: Qbo.Time(r["MetaData"]?["LastUpdatedTime"]) ?? DateTimeOffset.MinValue))
                .Where(x => x.At >= since)
                .OrderBy(x => x.At).ThenBy(x => long.Parse(Qbo.Id(x.Record)!, System.Globalization.CultureInfo.InvariantCulture))
                .Select(x => (JsonNode)Books.Output(realm, entity, x.Record));
            var deleted = realm.Tombstones.Where(t => t.Entity == entity && t.DeletedAt >= since).OrderBy(t => t.DeletedAt)
                .Select(t => (JsonNode)new JsonObject
                {
                    ["status"] = "Deleted",
                    ["domain"] = "QBO",
                    ["Id"] = t.Id,
                    ["MetaData"] = new JsonObject { ["LastUpdatedTime"] = realm.Timestamp(t.DeletedAt) },
                });
            var page = changed.Concat(deleted).Take(left).ToList();
            left -= page.Count;
            var response = new JsonObject();
            if (page.Count > 0)
            {
                response[entity] = new JsonArray([.. page]);
                response["startPosition"] = 1;
                response["maxResults"] = page.Count;
            }

            responses.Add(response);
        }

        return (new JsonArray(new JsonObject { ["QueryResponse"] = responses }), null);
    }
}
