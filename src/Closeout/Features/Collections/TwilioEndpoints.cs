using System.Security;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Closeout.Features.Collections;

/// <summary>
/// Twilio's webhooks: message status callbacks and inbound texts (STOP, HELP, START). Both are refused with 403 unless
/// X-Twilio-Signature matches the URL and form fields under the account's auth token (getting-paid.md T4).
/// </summary>
internal static partial class TwilioEndpoints
{
    public static IEndpointRouteBuilder MapTwilioEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/twilio/status", Status).DisableAntiforgery().AllowAnonymous();
        endpoints.MapPost("/webhooks/twilio/inbound", Inbound).DisableAntiforgery().AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> Status(HttpRequest request, CollectionsStore store, CollectionsSignal signal, IOptions<CollectionsOptions> options, ILogger<CollectionsStore> logger, CancellationToken cancel)
    {
        if (await VerifiedFormAsync(request, options.Value, cancel).ConfigureAwait(false) is not { } form)
        {
            LogForged(logger, request.Path);
            return Results.Problem("X-Twilio-Signature does not match", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        var sid = form.GetValueOrDefault("MessageSid");
        var status = form.GetValueOrDefault("MessageStatus");
        if (string.IsNullOrEmpty(sid) || string.IsNullOrEmpty(status))
        {
            return Results.Problem("MessageSid and MessageStatus are required", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        var account = request.Query["account"].ToString();
        var delivery = request.Query["delivery"].ToString();
        if (string.IsNullOrEmpty(account) || string.IsNullOrEmpty(delivery))
        {
            return Results.NoContent(); // not one of ours: acknowledged so Twilio does not retry
        }

        var error = form.GetValueOrDefault("ErrorCode");
        var row = await store.RecordProviderStatusAsync(account, delivery, sid, status, string.IsNullOrEmpty(error) ? null : $"Twilio error {error}", cancel).ConfigureAwait(false);
        if (row is not null && status is "failed" or "undelivered")
        {
            await store.RecordResultAsync(row.AccountId, row.Key, DeliveryState.Failed, null, $"{status}{(string.IsNullOrEmpty(error) ? "" : $" (error {error})")}", cancel).ConfigureAwait(false);
            signal.Notify();
        }

        return Results.NoContent();
    }

    private static async Task<IResult> Inbound(HttpRequest request, CollectionsStore store, IOptions<CollectionsOptions> options, ILogger<CollectionsStore> logger, CancellationToken cancel)
    {
        var settings = options.Value;
        if (await VerifiedFormAsync(request, settings, cancel).ConfigureAwait(false) is not { } form)
        {
            LogForged(logger, request.Path);
            return Results.Problem("X-Twilio-Signature does not match", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        var from = form.GetValueOrDefault("From") ?? "";
        var intent = SmsKeywords.Classify(form.GetValueOrDefault("Body"));
        string? reply = null;
        foreach (var (accountId, client) in await store.ClientsByPhoneAsync(from, cancel).ConfigureAwait(false))
        {
            var state = new SmsConsentState(client.Contact.SmsAllowed, client.SmsOptedOutAt is not null, client.SmsOptedOutAt);
            var business = settings.SettingsFor(accountId);
            var (next, message) = state.Apply(intent, DateTimeOffset.MinValue, business.BusinessName, business.BusinessContact);
            if (next.OptedOut != state.OptedOut)
            {
                await store.SetSmsOptOutAsync(accountId, client.Contact.ClientId, next.OptedOut, cancel).ConfigureAwait(false);
            }

            reply ??= message;
        }

        // Twilio sends the TwiML <Message> as the one reply; an empty <Response/> sends nothing.
        var twiml = reply is null ? "<Response/>" : $"<Response><Message>{SecurityElement.Escape(reply)}</Message></Response>";
        return Results.Content(twiml, "text/xml");
    }

    /// <summary>The form fields when the signature matches, else null. The URL is the public one Twilio called.</summary>
    private static async Task<Dictionary<string, string>?> VerifiedFormAsync(HttpRequest request, CollectionsOptions options, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(options.Twilio.AuthToken) || !request.HasFormContentType || !request.Headers.TryGetValue("X-Twilio-Signature", out var signature))
        {
            return null;
        }

        var form = await request.ReadFormAsync(cancel).ConfigureAwait(false);
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var baseUrl = options.Twilio.PublicBaseUrl?.ToString().TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
        var url = baseUrl + request.Path + request.QueryString;
        return new RequestValidator(options.Twilio.AuthToken).Validate(url, fields, signature.ToString()) ? fields : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio webhook refused at {Path}: bad or missing signature")]
    private static partial void LogForged(ILogger logger, string path);
}
