using System.Globalization;
using System.Text.Json;

namespace Closeout.Drafting.Configuration;

/// <summary>Reads typed fields out of a JSON object, recording a <see cref="ConfigError"/> for each one that is missing or of the wrong type.</summary>
internal sealed class JsonFields(string file)
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public void Error(string field, string message) => _errors.Add(new ConfigError(file, field, message));

    public static string Path(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    public JsonElement? Property(JsonElement obj, string parent, string name, bool required)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        if (required)
        {
            Error(Path(parent, name), "is missing");
        }

        return null;
    }

    public JsonElement? Object(JsonElement obj, string parent, string name, bool required = true)
    {
        var value = Property(obj, parent, name, required);
        if (value is { ValueKind: not JsonValueKind.Object })
        {
            Error(Path(parent, name), $"must be an object, not {Describe(value.Value)}");
            return null;
        }

        return value;
    }

    public IReadOnlyList<JsonElement>? Array(JsonElement obj, string parent, string name, bool required = true)
    {
        var value = Property(obj, parent, name, required);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            Error(Path(parent, name), $"must be an array, not {Describe(value.Value)}");
            return null;
        }

        return value.Value.EnumerateArray().ToList();
    }

    public string? String(JsonElement obj, string parent, string name, bool required = true, bool allowEmpty = false)
    {
        var value = Property(obj, parent, name, required);
        if (value is null)
        {
            return null;
        }

        return StringValue(value.Value, Path(parent, name), allowEmpty);
    }

    public string? StringValue(JsonElement value, string field, bool allowEmpty = false)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(field, $"must be a string, not {Describe(value)}");
            return null;
        }

        var text = value.GetString() ?? string.Empty;
        if (!allowEmpty && string.IsNullOrWhiteSpace(text))
        {
            Error(field, "must not be empty");
            return null;
        }

        return text;
    }

    public decimal? Decimal(JsonElement obj, string parent, string name, bool required = true)
    {
        var value = Property(obj, parent, name, required);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetDecimal(out var number))
        {
            Error(Path(parent, name), $"must be a number, not {Describe(value.Value)}");
            return null;
        }

        return number;
    }

    public bool? Bool(JsonElement obj, string parent, string name, bool required = true)
    {
        var value = Property(obj, parent, name, required);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(Path(parent, name), $"must be true or false, not {Describe(value.Value)}");
            return null;
        }

        return value.Value.GetBoolean();
    }

    public IReadOnlyList<string> StringArray(JsonElement obj, string parent, string name, bool required = true)
    {
        var elements = Array(obj, parent, name, required);
        if (elements is null)
        {
            return [];
        }

        var field = Path(parent, name);
        return elements.Select((e, i) => StringValue(e, Index(field, i))).OfType<string>().ToList();
    }

    /// <summary>Parses <paramref name="json"/> as a JSON object, or records why it cannot be.</summary>
    public JsonDocument? Parse(string json)
    {
        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            Error("$", $"must be a JSON object, not {Describe(document.RootElement)}");
            document.Dispose();
            return null;
        }
        catch (JsonException ex)
        {
            Error(ex.Path is { Length: > 0 } p ? p : "$", $"is not valid JSON: {ex.Message}");
            return null;
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
