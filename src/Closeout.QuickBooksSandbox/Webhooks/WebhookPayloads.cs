using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Webhooks;

/// <summary>The two payload formats (quickbooks-api.md, Webhooks), built from the same changes.</summary>
internal static class WebhookPayloads
{
    public static byte[] Build(WebhookFormat format, IReadOnlyList<ChangeEvent> changes) =>
        JsonSerializer.SerializeToUtf8Bytes<JsonNode>(format == WebhookFormat.CloudEvents ? CloudEvents(changes) : Legacy(changes));

    /// <summary><c>{"eventNotifications":[{"realmId","dataChangeEvent":{"entities":[{name,id,operation,lastUpdated}]}}]}</c>, one entry per company.</summary>
    private static JsonObject Legacy(IReadOnlyList<ChangeEvent> changes) => new()
    {
        ["eventNotifications"] = new JsonArray([.. changes.GroupBy(c => c.RealmId).Select(realm => (JsonNode)new JsonObject
        {
            ["realmId"] = realm.Key,
            ["dataChangeEvent"] = new JsonObject
            {
                ["entities"] = new JsonArray([.. realm.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Entity,
                    ["id"] = c.Id,
                    ["operation"] = c.Operation,
                    ["lastUpdated"] = c.At.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + c.At.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal),
                })]),
            },
        })]),
    };

    /// <summary>A JSON array of CloudEvents 1.0, one per change; one delivery may mix companies.</summary>
    private static JsonArray CloudEvents(IReadOnlyList<ChangeEvent> changes) =>
        new([.. changes.Select(c => (JsonNode)new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = "intuit.sandbox",
            ["type"] = $"qbo.{c.Entity.ToLowerInvariant()}.{PastTense(c.Operation)}.v1",
            ["datacontenttype"] = "application/json",
            ["time"] = c.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["intuitentityid"] = c.Id,
            ["intuitaccountid"] = c.RealmId,
            ["data"] = new JsonObject(),
        })]);

    private static string PastTense(string operation) => operation switch
    {
        Operations.Create => "created",
        Operations.Update => "updated",
        Operations.Delete => "deleted",
        Operations.Void => "voided",
        _ => operation.ToLowerInvariant() + "d",
    };
}
