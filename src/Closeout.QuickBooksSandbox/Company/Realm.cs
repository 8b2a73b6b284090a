using System.Globalization;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Company;

/// <summary>A deleted record as CDC reports it.</summary>
internal sealed record Tombstone(string Entity, string Id, DateTimeOffset DeletedAt);

/// <summary>The answer first given to a requestid, replayed as is when the same requestid comes again.</summary>
internal sealed record RecordedResponse(string Fingerprint, int Status, string Body);

/// <summary>One QuickBooks company: its records (as the JSON QuickBooks returns), tombstones and requestid replays.</summary>
internal sealed class Realm(string id, string companyName, TimeZoneInfo zone, bool automatedSalesTax)
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _entities = new(StringComparer.Ordinal);
    private long _nextId = 1;

    public string Id { get; } = id;

    public string CompanyName { get; } = companyName;

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>Preferences.TaxPrefs.PartnerTaxEnabled: automated sales tax keeps an explicit TotalTax.</summary>
    public bool AutomatedSalesTax { get; } = automatedSalesTax;

    public List<Tombstone> Tombstones { get; } = [];

    public Dictionary<string, RecordedResponse> Replays { get; } = new(StringComparer.Ordinal);

    public long NextDocNumber { get; set; } = 1001;

    /// <summary>Ids are numeric strings from one sequence per company, so an id never names two records.</summary>
    public string NewId() => (_nextId++).ToString(CultureInfo.InvariantCulture);

    public IReadOnlyCollection<JsonObject> All(string entity) =>
        _entities.TryGetValue(entity, out var records) ? records.Values : [];

    public JsonObject? Find(string entity, string? id) =>
        id is not null && _entities.TryGetValue(entity, out var records) && records.TryGetValue(id, out var record) ? record : null;

    public void Put(string entity, JsonObject record)
    {
        if (!_entities.TryGetValue(entity, out var records))
        {
            records = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            _entities[entity] = records;
        }

        records[Api.Qbo.Id(record)!] = record;
    }

    public void Remove(string entity, string id, DateTimeOffset at)
    {
        if (_entities.TryGetValue(entity, out var records) && records.Remove(id))
        {
            Tombstones.Add(new Tombstone(entity, id, at));
        }
    }

    /// <summary>QuickBooks writes times in the company's zone with its offset: 2015-07-24T10:33:39-07:00.</summary>
    public string Timestamp(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The envelope's <c>time</c>, with milliseconds: 2015-07-24T10:33:39.110-07:00.</summary>
    public string ResponseTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public string Today(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
