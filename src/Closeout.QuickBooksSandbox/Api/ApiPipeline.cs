using System.Globalization;
using System.Net.Mime;
using System.Text;
using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Company;
using Closeout.QuickBooksSandbox.Control;
using Closeout.QuickBooksSandbox.Limits;
using Closeout.QuickBooksSandbox.OAuth;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>What a handler answers: the status and the body without its <c>time</c> (added on the way out).</summary>
internal sealed record ApiResult(int Status, JsonObject Body)
{
    public static ApiResult Ok(JsonObject body) => new(StatusCodes.Status200OK, body);

    public static ApiResult From(Fault fault) => new(fault.Status, new JsonObject { ["Fault"] = fault.ToJson() });

    public static ApiResult From(string entity, Outcome outcome) =>
        outcome.Fault is { } fault ? From(fault) : Ok(new JsonObject { [entity] = outcome.Record });
}

/// <summary>
/// Every /v3/company/{realmId} request, in this order: intuit_tid, bearer token (401 AuthenticationFailed 3200),
/// the token's company (403), throttling (429 ThrottleExceeded), injected faults (500, latency), then the handler
/// under the store's gate; a write with <c>requestid</c> answers with the recorded response when it has one.
/// <c>minorversion</c> is accepted and ignored: everything is served as minor version 75.
/// </summary>
internal static class ApiPipeline
{
    public const string MinorVersion = "75";
    private const int MaxRequestIdLength = 50;

    public static async Task RunAsync(HttpContext http, string realmId, bool replayable, bool batch, Func<Realm, Task<ApiResult>> handle)
    {
        var services = http.RequestServices;
        var clock = services.GetRequiredService<SandboxClock>();
        var store = services.GetRequiredService<CompanyStore>();
        var faults = services.GetRequiredService<SandboxFaults>();
        http.Response.Headers["intuit_tid"] = Guid.NewGuid().ToString();

        var grant = services.GetRequiredService<TokenService>().Validate(Bearer(http.Request));
        if (grant is null)
        {
            await WriteAsync(http, null, clock, new ApiResult(StatusCodes.Status401Unauthorized, new JsonObject
            {
                ["Fault"] = new Fault(StatusCodes.Status401Unauthorized, "AUTHENTICATION",
                    [new QboError("3200", "message=AuthenticationFailed; errorCode=003200; statusCode=401", "Token expired, revoked or invalid")]).ToJson(),
            })).ConfigureAwait(false);
            return;
        }

        if (grant.RealmId != realmId)
        {
            await WriteAsync(http, null, clock, new ApiResult(StatusCodes.Status403Forbidden, new JsonObject
            {
                ["Fault"] = new Fault(StatusCodes.Status403Forbidden, "AuthorizationFault",
                    [new QboError("120", "Authorization Failure", $"The token was not issued for company {realmId}")]).ToJson(),
            })).ConfigureAwait(false);
            return;
        }

        using var lease = faults.TakeThrottle() ? null : services.GetRequiredService<Throttle>().TryEnter(grant.ClientId, realmId, batch);
        if (lease is null)
        {
            await ThrottledAsync(http, clock).ConfigureAwait(false);
            return;
        }

        if (faults.Current.LatencyMilliseconds > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(faults.Current.LatencyMilliseconds), http.RequestAborted).ConfigureAwait(false);
        }

        if (faults.TakeServerError())
        {
            await WriteAsync(http, null, clock, ApiResult.From(new Fault(StatusCodes.Status500InternalServerError, "ServiceFault",
                [new QboError("10000", "An application error has occurred while processing your request", "System Failure Error: injected by the sandbox")]))).ConfigureAwait(false);
            return;
        }

        var requestId = replayable ? http.Request.Query["requestid"].ToString() : "";
        if (requestId.Length > (batch ? 36 : MaxRequestIdLength))
        {
            await WriteAsync(http, null, clock, ApiResult.From(Fault.Business($"requestid must be at most {(batch ? 36 : MaxRequestIdLength)} characters", "requestid"))).ConfigureAwait(false);
            return;
        }

        using (await store.EnterAsync(http.RequestAborted).ConfigureAwait(false))
        {
            var realm = store.Find(realmId);
            if (realm is null)
            {
                await WriteAsync(http, null, clock, ApiResult.From(Fault.ObjectNotFound($"Company {realmId} does not exist"))).ConfigureAwait(false);
                return;
            }

            if (requestId.Length > 0 && realm.Replays.TryGetValue(requestId, out var recorded))
            {
                await WriteRawAsync(http, recorded.Status, recorded.Body).ConfigureAwait(false);
                return;
            }

            var result = await handle(realm).ConfigureAwait(false);
            var body = Envelope(result, realm.ResponseTime(clock.GetUtcNow()));
            if (requestId.Length > 0 && result.Status is >= 200 and < 300)
            {
                realm.Replays[requestId] = new RecordedResponse($"{http.Request.Method} {http.Request.Path}", result.Status, body);
            }

            await WriteRawAsync(http, result.Status, body).ConfigureAwait(false);
        }
    }

    public static async Task<(JsonObject? Body, ApiResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            return node is JsonObject obj ? (obj, null) : (null, ApiResult.From(BadRequest("The request body must be a JSON object")));
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, ApiResult.From(BadRequest(e.Message)));
        }
    }

    public static Fault BadRequest(string detail) =>
        Fault.Validation("2010", "Request has invalid or unsupported property", $"Request has invalid or unsupported property: {detail}");

    public static IReadOnlySet<string> Include(HttpRequest request) =>
        request.Query["include"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>The 429 body as observed from QuickBooks: XML even when JSON was asked for (quickbooks-api.md).</summary>
    private static async Task ThrottledAsync(HttpContext http, SandboxClock clock)
    {
        var time = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "application/xml";
        await http.Response.WriteAsync(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><IntuitResponse xmlns=\"http://schema.intuit.com/finance/v3\" time=\"{time}\">"
            + "<Fault type=\"SERVICE\"><Error code=\"3001\"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>"
            + "<Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>",
            Encoding.UTF8, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteAsync(HttpContext http, Realm? realm, SandboxClock clock, ApiResult result) =>
        WriteRawAsync(http, result.Status, Envelope(result, realm?.ResponseTime(clock.GetUtcNow())
            ?? clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)));

    private static string Envelope(ApiResult result, string time)
    {
        var body = (JsonObject)result.Body.DeepClone();
        body["time"] = time;
        return body.ToJsonString();
    }

    private static async Task WriteRawAsync(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaTypeNames.Application.Json + ";charset=UTF-8";
        await http.Response.WriteAsync(body, Encoding.UTF8, http.RequestAborted).ConfigureAwait(false);
    }

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
