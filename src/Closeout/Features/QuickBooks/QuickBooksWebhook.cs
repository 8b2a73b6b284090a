using System.Globalization;
using System.Text.Json;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure.QuickBooks;
using Microsoft.Extensions.Options;

namespace Closeout.Features.QuickBooks;

/// <summary>One changed entity an Intuit webhook names (no field values: the record is read afterwards).</summary>
internal sealed record QboEntityEvent(string RealmId, string Entity, string Id, string Operation, string Version);

/// <summary>
/// POST /webhooks/quickbooks: the intuit-signature (base64 HMAC-SHA256 of the raw body, keyed with the verifier token)
/// is checked before anything is parsed; payment events are queued (by realm, for the account it is connected to) and
/// the delivery acknowledged. Both payload formats: the legacy eventNotifications and the CloudEvents array.
/// </summary>
internal static partial class QuickBooksWebhook
{
    public const string SignatureHeader = "intuit-signature";

    public static async Task<IResult> ReceiveAsync(
        HttpContext http, IOptions<QuickBooksOptions> options, IOptions<WebhookOptions> limits, QuickBooksConnections connections, QuickBooksWork work, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Closeout.QuickBooks.Webhooks");
        var body = await WebhookEndpoints.ReadBodyAsync(http, limits.Value.MaxBodyBytes * 16).ConfigureAwait(false);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        }

        var secret = options.Value.WebhookVerifierToken;
        if (secret.Length == 0 || !WebhookSignature.IsValid(body, http.Request.Headers[SignatureHeader], secret))
        {
            LogBadSignature(logger, body.Length);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid signature");
        }

        var events = Parse(body);
        if (events is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed webhook payload");
        }

        var queued = 0;
        foreach (var e in events.Where(e => e.Entity.Equals("Payment", StringComparison.OrdinalIgnoreCase)))
        {
            if (await connections.FindByRealmAsync(e.RealmId, http.RequestAborted).ConfigureAwait(false) is { } connection
                && await work.EnqueuePaymentAsync(e.RealmId, connection.AccountId, e.Id, e.Version, http.RequestAborted).ConfigureAwait(false))
            {
                queued++;
            }
        }

        LogReceived(logger, events.Count, queued);
        return Results.Ok();
    }

    /// <summary>The events of either format; null when the body is neither.</summary>
    internal static List<QboEntityEvent>? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var events = new List<QboEntityEvent>();
            if (root.ValueKind == JsonValueKind.Array)
            {
                // CloudEvents: type "qbo.payment.created.v1", intuitentityid, intuitaccountid (the realm).
                foreach (var e in root.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                {
                    var type = Text(e, "type")?.Split('.') ?? [];
                    if (type.Length >= 3 && Text(e, "intuitentityid") is { } id && Text(e, "intuitaccountid") is { } realm)
                    {
                        events.Add(new QboEntityEvent(realm, type[1], id, type[2], Version(Text(e, "time")) ?? Text(e, "id") ?? ""));
                    }
                }

                return events;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("eventNotifications", out var notifications) || notifications.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var notification in notifications.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.Object))
            {
                var realm = Text(notification, "realmId");
                if (realm is null || !notification.TryGetProperty("dataChangeEvent", out var change) || change.ValueKind != JsonValueKind.Object
                    || !change.TryGetProperty("entities", out var entities) || entities.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var entity in entities.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                {
                    if (Text(entity, "name") is { } name && Text(entity, "id") is { } id)
                    {
                        var updated = entity.TryGetProperty("lastUpdated", out var l) ? l.ValueKind == JsonValueKind.Number ? l.GetRawText() : l.GetString() : null;
                        events.Add(new QboEntityEvent(realm, name, id, Text(entity, "operation") ?? "", Version(updated) ?? ""));
                    }
                }
            }

            return events;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A change's time as Unix ms: ISO with "-07:00" or "-0700" (legacy), or epoch ms; Intuit varies.</summary>
    internal static string? Version(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return ms.ToString(CultureInfo.InvariantCulture);
        }

        var fixedOffset = text.Length > 5 && (text[^5] is '+' or '-') && char.IsDigit(text[^1]) ? text[..^2] + ":" + text[^2..] : text;
        return DateTimeOffset.TryParse(fixedOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)
            : text;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "QuickBooks webhook refused: bad or missing intuit-signature ({Length} bytes)")]
    private static partial void LogBadSignature(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Debug, Message = "QuickBooks webhook: {Events} events, {Queued} payments queued")]
    private static partial void LogReceived(ILogger logger, int events, int queued);
}
