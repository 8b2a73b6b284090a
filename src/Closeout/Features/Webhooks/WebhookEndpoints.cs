using System.Text.Json;
using Closeout.Features.Inbox;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.Observability;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Webhooks;

/// <summary>POST /webhooks/jobber: verify the signature on the raw body, store the delivery durably, acknowledge.</summary>
internal static partial class WebhookEndpoints
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JournalImporter>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalImporter>());
        return services;
    }

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous by design: Jobber signs every delivery, and the signature is checked before anything is read. The
        // route short-circuits the middleware (authentication, antiforgery, static files, security headers, the
        // exception handler): none applies to a signed machine-to-machine POST with no cookies and no HTML, so the
        // endpoint answers its own errors (ADR 0011, measured). Its dependencies are singletons, resolved once here.
        var services = endpoints.ServiceProvider;
        var receiver = new Receiver(
            services.GetRequiredService<IOptions<WebhookOptions>>().Value, services.GetRequiredService<IOptions<JobberOptions>>(),
            services.GetRequiredService<InboxStore>(), services.GetRequiredService<IntakeJournal>(), services.GetRequiredService<WorkSignal>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Closeout.Webhooks"));
        endpoints.MapPost("/webhooks/jobber", receiver.ReceiveAsync).DisableAntiforgery().AllowAnonymous().ShortCircuit();
        return endpoints;
    }

    private sealed class Receiver(
        WebhookOptions options, IOptions<JobberOptions> jobber, InboxStore inbox, IntakeJournal journal, WorkSignal signal, TimeProvider time, ILogger logger)
    {
        /// <summary>A plain request delegate (no parameter binding): runs the intake and writes its result.</summary>
        public async Task ReceiveAsync(HttpContext http)
        {
            IResult result;
            try
            {
                result = await ReceiveCoreAsync(http).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The route skips the exception handler: the unexpected is logged (no body) and answered 500 here.
            catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogUnexpected(logger, e);
                result = Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Unexpected error",
                    extensions: new Dictionary<string, object?> { ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier });
            }

            await result.ExecuteAsync(http).ConfigureAwait(false);
        }

        private async Task<IResult> ReceiveCoreAsync(HttpContext http)
        {
            using var stage = Telemetry.StartStage("webhook.receive");
            var activity = stage.Activity;
            var limit = options.MaxBodyBytes;
            var body = await ReadBodyAsync(http, limit).ConfigureAwait(false);
            if (body is null)
            {
                LogTooLarge(logger, limit);
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
            }

            if (!WebhookSignature.IsValid(body, http.Request.Headers[WebhookSignature.Header], jobber.Value.ClientSecret))
            {
                LogBadSignature(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", body.Length);
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid signature");
            }

            var delivery = Parse(body);
            if (delivery is null)
            {
                LogMalformed(logger, body.Length);
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed webhook payload");
            }

            var traced = activity is null ? delivery : delivery with { TraceParent = activity.Id };
            bool? duplicate = null;
            if (journal.IsOpen)
            {
                // SQLite: durable once appended; the importer tells redeliveries apart and wakes the worker (ADR 0016).
                journal.Append(traced, time.GetUtcNow().ToUnixTimeMilliseconds());
            }
            else
            {
                var id = await inbox.AddAsync(traced, http.RequestAborted).ConfigureAwait(false);
                duplicate = id is null;
                if (id is null)
                {
                    Telemetry.WebhookDuplicates.Add(1);
                    LogDuplicate(logger, delivery.Topic, delivery.ItemId);
                }
                else if (delivery.State == InboxState.Pending)
                {
                    signal.Notify();
                }
            }

            if (activity is not null)
            {
                // The item is Jobber's opaque id (no personal data); the port tells instances on one host apart.
                activity.SetTag("closeout.topic", delivery.Topic);
                activity.SetTag("closeout.item", delivery.ItemId);
                activity.SetTag("closeout.duplicate", duplicate);
                activity.SetTag("server.port", http.Connection.LocalPort);
            }

            if (Telemetry.WebhooksReceived.Enabled)
            {
                Telemetry.WebhooksReceived.Add(1, new KeyValuePair<string, object?>("topic", delivery.Topic));
            }

            return Results.Ok();
        }
    }

    /// <summary>The raw body, or null when it is larger than <paramref name="limit"/> (told by Content-Length or by reading).</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpContext http, int limit)
    {
        if (http.Request.ContentLength > limit)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } max)
        {
            max.MaxRequestBodySize = limit + 1L;
        }

        try
        {
            // Jobber sends Content-Length: read straight into an array of that size (one allocation, no copies).
            if (http.Request.ContentLength is { } length)
            {
                var exact = new byte[length];
                await http.Request.Body.ReadExactlyAsync(exact, http.RequestAborted).ConfigureAwait(false);
                return exact;
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        catch (EndOfStreamException)
        {
            // Fewer bytes than Content-Length said: the client went away or lied; nothing to verify.
            return [];
        }
    }

    /// <summary>{"data":{"webHookEvent":{"topic","appId","accountId","itemId","occurredAt"}}}; older apps spell it occuredAt.</summary>
    internal static InboxDelivery? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("webHookEvent", out var e) || e.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var topic = Text(e, "topic");
            if (string.IsNullOrWhiteSpace(topic))
            {
                return null;
            }

            var account = Text(e, "accountId");
            var item = Text(e, "itemId");
            var occurred = Text(e, "occurredAt") ?? Text(e, "occuredAt");
            var key = $"{topic}|{account}|{item}|{occurred}";
            return new InboxDelivery(key, topic, account, item, occurred, WebhookTopics.IsHandled(topic) ? InboxState.Pending : InboxState.Ignored);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook refused: bad or missing signature ({Length} bytes from {Remote})")]
    private static partial void LogBadSignature(ILogger logger, string remote, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook refused: body over {Limit} bytes")]
    private static partial void LogTooLarge(ILogger logger, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook refused: malformed payload ({Length} bytes)")]
    private static partial void LogMalformed(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Duplicate webhook {Topic} for {ItemId} acknowledged")]
    private static partial void LogDuplicate(ILogger logger, string topic, string? itemId);
}
