using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Company;
using Closeout.QuickBooksSandbox.Webhooks;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>
/// One write against a company: the time it happens, the <c>include</c> flags, the ids a batch created so far
/// (batch items cannot see each other) and the changes to announce once it succeeds.
/// </summary>
internal sealed record WriteContext(Realm Realm, DateTimeOffset Now, IReadOnlySet<string> Include, IReadOnlySet<string> Hidden)
{
    public List<ChangeEvent> Changes { get; } = [];

    /// <summary>Now in the company's zone: webhooks write times with the company's offset.</summary>
    public DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(Now, Realm.Zone);

    public void Announce(string entity, string id, string operation) => Changes.Add(new ChangeEvent(Realm.Id, entity, id, operation, LocalNow));

    public JsonObject? Lookup(string entity, string? id) => id is null || Hidden.Contains(id) ? null : Realm.Find(entity, id);

    public void Touch(JsonObject record, string entity, string operation)
    {
        var next = long.Parse(Qbo.Text(record["SyncToken"]) ?? "0", System.Globalization.CultureInfo.InvariantCulture) + 1;
        record["SyncToken"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Stamp(record, entity, operation);
    }

    public void Stamp(JsonObject record, string entity, string operation)
    {
        var metadata = record["MetaData"] as JsonObject ?? new JsonObject { ["CreateTime"] = Realm.Timestamp(Now) };
        metadata["LastUpdatedTime"] = Realm.Timestamp(Now);
        record["MetaData"] = metadata;
        Announce(entity, Qbo.Id(record)!, operation);
    }
}
