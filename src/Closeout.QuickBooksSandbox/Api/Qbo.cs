using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>The entities the sandbox serves, by their JSON names; paths use them in lower case.</summary>
internal static class EntityNames
{
    public const string Customer = "Customer";
    public const string Vendor = "Vendor";
    public const string Employee = "Employee";
    public const string Item = "Item";
    public const string Account = "Account";
    public const string Invoice = "Invoice";
    public const string Payment = "Payment";
    public const string TaxCode = "TaxCode";
    public const string TaxRate = "TaxRate";

    public static IReadOnlyList<string> All { get; } = [Customer, Vendor, Employee, Item, Account, Invoice, Payment, TaxCode, TaxRate];

    /// <summary>Customer, Vendor and Employee share one DisplayName space (6240).</summary>
    public static IReadOnlyList<string> Names { get; } = [Customer, Vendor, Employee];

    /// <summary>Created only through taxservice/taxcode; read and queried like the others. CDC does not report them.</summary>
    public static bool IsTax(string entity) => entity is TaxCode or TaxRate;

    /// <summary>Case-tolerant: Intuit's pages disagree on whether entity names are case-sensitive.</summary>
    public static string? Resolve(string? name) => All.FirstOrDefault(e => string.Equals(e, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>JSON and money helpers in QuickBooks' conventions.</summary>
internal static class Qbo
{
    public static decimal Round2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static decimal Round5(decimal value) => Math.Round(value, 5, MidpointRounding.AwayFromZero);

    /// <summary>A JSON number without trailing zeros (QuickBooks writes 150.0 or 150, never 150.00000).</summary>
    public static JsonNode Number(decimal value) => JsonValue.Create(value / 1.0000000000000000000000000000m);

    public static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    /// <summary>Numbers may come as JSON numbers or numeric strings.</summary>
    public static bool TryDecimal(JsonNode? node, out decimal value)
    {
        value = 0;
        var text = Text(node);
        return text is not null && decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    public static decimal? Decimal(JsonNode? node) => TryDecimal(node, out var value) ? value : null;

    public static bool? Bool(JsonNode? node) => Text(node) switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    public static string? RefValue(JsonNode? owner, string name) => Text(owner?[name]?["value"]);

    public static JsonObject Ref(string value, string? name = null)
    {
        var reference = new JsonObject { ["value"] = value };
        if (name is not null)
        {
            reference["name"] = name;
        }

        return reference;
    }

    public static string? Id(JsonNode? record) => Text(record?["Id"]);

    /// <summary>Only properties that have values are returned: nulls go, recursively.</summary>
    public static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (value is not null)
                    {
                        result[key] = WithoutNulls(value);
                    }
                }

                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(WithoutNulls)]);
            default:
                return node?.DeepClone();
        }
    }

    public static DateTimeOffset? Time(JsonNode? node) =>
        Text(node) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
