using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Closeout.Infrastructure.QuickBooks;

/// <summary>How a QuickBooks failure is treated (quickbooks-api.md §5).</summary>
public enum QboErrorKind
{
    /// <summary>5xx, timeouts, ServiceFault: retry.</summary>
    Transient,

    /// <summary>429 ThrottleExceeded (code 3001): wait 60 s.</summary>
    Throttled,

    /// <summary>401/403, AuthenticationFault, AuthorizationFault, invalid_grant: reconnect.</summary>
    Auth,

    /// <summary>5010 Stale Object: re-read for the current SyncToken and write again.</summary>
    Stale,

    /// <summary>ValidationFault (6240 duplicate name, 6070, 2500, ...): the request must change.</summary>
    Validation,

    /// <summary>404, 610 object not found, anything else that will fail the same way again.</summary>
    Permanent,
}

/// <summary>A QuickBooks fault as a value: its kind, Intuit's code ("6240"), a message for a person, and the wait hint.</summary>
public sealed record QboError(QboErrorKind Kind, string Code, string Message, TimeSpan? RetryAfter = null)
{
    public const string StaleObject = "5010";
    public const string DuplicateName = "6240";
    public const string ObjectNotFound = "610";

    public bool Is(string code) => Code == code;

    public Failure ToFailure() => Kind switch
    {
        QboErrorKind.Transient or QboErrorKind.Stale => Failure.Transient(Message, RetryAfter),
        QboErrorKind.Throttled => Failure.Throttled(Message, RetryAfter),
        QboErrorKind.Auth => Failure.Auth(Message),
        _ => Failure.Permanent(Message),
    };

    public override string ToString() => $"{Kind} {Code}: {Message}";
}

/// <summary>A value or the QuickBooks fault that stopped it.</summary>
public readonly record struct QboResult<T>
{
    internal QboResult(T? value, QboError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public QboError? Error { get; }

    public bool IsSuccess => Error is null;

    public static implicit operator QboResult<T>(QboError error) => new(default, error);

    public static implicit operator QboResult<T>(T value) => new(value, null);
}

/// <summary>Reads a fault out of any answer: JSON Fault (also inside a 200), the XML ThrottleExceeded body of a 429, or the bare status.</summary>
internal static partial class QboFaults
{
    public static QboError? Classify(HttpStatusCode status, string body, TimeSpan throttleWait)
    {
        var fault = ParseJson(body) ?? ParseXml(body);
        var code = fault?.Code ?? "";
        var message = fault is null ? $"QuickBooks answered HTTP {(int)status}" : Describe(fault.Value);
        var type = fault?.Type?.ToUpperInvariant() ?? "";

        if (status == HttpStatusCode.TooManyRequests || code == "3001" || message.Contains("ThrottleExceeded", StringComparison.OrdinalIgnoreCase))
        {
            return new QboError(QboErrorKind.Throttled, code.Length == 0 ? "3001" : code, "QuickBooks throttled the request (ThrottleExceeded)", throttleWait);
        }

        if (status == HttpStatusCode.Unauthorized || type.StartsWith("AUTHENTICATION", StringComparison.Ordinal) || code is "3200" or "100")
        {
            return new QboError(QboErrorKind.Auth, code.Length == 0 ? "3200" : code, "QuickBooks refused the access token: " + message);
        }

        if (status == HttpStatusCode.Forbidden || type.StartsWith("AUTHORIZATION", StringComparison.Ordinal) || code is "120" or "6190")
        {
            return new QboError(QboErrorKind.Auth, code.Length == 0 ? "403" : code, "QuickBooks refused access to the company: " + message);
        }

        if (code == QboError.StaleObject)
        {
            return new QboError(QboErrorKind.Stale, code, message);
        }

        if ((int)status >= 500 || type.StartsWith("SERVICE", StringComparison.Ordinal))
        {
            return new QboError(QboErrorKind.Transient, code.Length == 0 ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : code, message);
        }

        if (status == HttpStatusCode.NotFound || code == QboError.ObjectNotFound)
        {
            return new QboError(QboErrorKind.Permanent, code.Length == 0 ? "404" : code, message);
        }

        if (fault is not null || status == HttpStatusCode.BadRequest)
        {
            return new QboError(QboErrorKind.Validation, code.Length == 0 ? "400" : code, message);
        }

        return (int)status >= 400 ? new QboError(QboErrorKind.Permanent, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), message) : null;
    }

    private readonly record struct Parsed(string? Code, string? Type, string? Message, string? Detail, string? Element);

    private static string Describe(Parsed fault) =>
        $"{fault.Code} {fault.Message}{(string.IsNullOrWhiteSpace(fault.Detail) ? "" : ": " + fault.Detail)}{(string.IsNullOrWhiteSpace(fault.Element) ? "" : $" ({fault.Element})")}".Trim();

    private static Parsed? ParseJson(string body)
    {
        if (body.Length == 0 || body[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (!TryGet(document.RootElement, "Fault", out var fault) || fault.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = TryGet(fault, "type", out var t) ? t.GetString() : null;
            if (TryGet(fault, "Error", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                return new Parsed(Text(first, "code"), type, Text(first, "Message"), Text(first, "Detail"), Text(first, "element"));
            }

            return new Parsed(null, type, null, null, null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>&lt;Fault type="SERVICE"&gt;&lt;Error code="3001"&gt;&lt;Message&gt;…&lt;/Message&gt;&lt;Detail&gt;…&lt;/Detail&gt;</c>.</summary>
    private static Parsed? ParseXml(string body)
    {
        if (!body.Contains("<Fault", StringComparison.Ordinal))
        {
            return null;
        }

        return new Parsed(
            XmlCode().Match(body) is { Success: true } c ? c.Groups[1].Value : null,
            XmlType().Match(body) is { Success: true } t ? t.Groups[1].Value : null,
            XmlMessage().Match(body) is { Success: true } m ? m.Groups[1].Value : null,
            XmlDetail().Match(body) is { Success: true } d ? d.Groups[1].Value : null,
            null);
    }

    /// <summary>A property by name, case-insensitively (Intuit's casing varies: "Fault"/"fault", "type"/"Type").</summary>
    internal static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string? Text(JsonElement element, string name) =>
        TryGet(element, name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    [GeneratedRegex("<Error[^>]*code=\"([^\"]+)\"")]
    private static partial Regex XmlCode();

    [GeneratedRegex("<Fault[^>]*type=\"([^\"]+)\"")]
    private static partial Regex XmlType();

    [GeneratedRegex("<Message>(.*?)</Message>", RegexOptions.Singleline)]
    private static partial Regex XmlMessage();

    [GeneratedRegex("<Detail>(.*?)</Detail>", RegexOptions.Singleline)]
    private static partial Regex XmlDetail();
}
