using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Closeout.Infrastructure.Jobber;

/// <summary>
/// POSTs GraphQL to Jobber for one account: bearer token (refreshed once on 401), the version header, the per-account
/// cost budget, THROTTLED waited out by the restore rate (nothing ran, so a mutation may be sent again), and jittered
/// retries on 5xx and timeouts for queries only: a mutation whose outcome is unknown is left to the outbox.
/// </summary>
internal sealed partial class JobberGraphQLClient(
    IHttpClientFactory httpClients,
    IOptions<JobberOptions> options,
    JobberTokenService tokens,
    CostBudget budget,
    TimeProvider time,
    ILogger<JobberGraphQLClient> logger)
{
    public Task<Result<JsonElement>> QueryAsync(string accountId, string operation, string document, object? variables, CancellationToken cancellationToken) =>
        SendAsync(accountId, null, operation, document, variables, idempotent: true, cancellationToken);

    public Task<Result<JsonElement>> MutateAsync(string accountId, string operation, string document, object? variables, CancellationToken cancellationToken) =>
        SendAsync(accountId, null, operation, document, variables, idempotent: false, cancellationToken);

    /// <summary>A query with a token not yet stored (right after the OAuth code exchange).</summary>
    public Task<Result<JsonElement>> QueryWithTokenAsync(string accessToken, string operation, string document, CancellationToken cancellationToken) =>
        SendAsync("(connecting)", accessToken, operation, document, null, idempotent: true, cancellationToken);

    private async Task<Result<JsonElement>> SendAsync(
        string accountId, string? fixedToken, string operation, string document, object? variables, bool idempotent, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = JsonSerializer.Serialize(new { query = document, operationName = operation, variables }, JsonOptions);
        var failures = 0;
        var throttled = 0;
        var refreshed = false;
        while (true)
        {
            string token;
            if (fixedToken is not null)
            {
                token = fixedToken;
            }
            else
            {
                var access = await tokens.AccessTokenAsync(accountId, cancellationToken).ConfigureAwait(false);
                if (!access.IsSuccess)
                {
                    return access.Failure!;
                }

                token = access.Value!;
            }

            var wait = budget.WaitBefore(accountId, operation);
            if (wait > TimeSpan.Zero)
            {
                LogBudgetWait(logger, accountId, operation, wait.TotalMilliseconds);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, settings.GraphQLUrl)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("X-JOBBER-GRAPHQL-VERSION", settings.ApiVersion);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
            HttpResponseMessage response;
            string text;
            try
            {
                response = await httpClients.CreateClient(JobberExtensions.HttpClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
                text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var what = e is HttpRequestException ? "unreachable" : "timed out";
                if (idempotent && ++failures < settings.QueryAttempts)
                {
                    LogRetry(logger, accountId, operation, what, failures);
                    await Task.Delay(Backoff.Jittered(failures, TimeSpan.FromMilliseconds(settings.RetryBaseDelayMilliseconds), TimeSpan.FromSeconds(5)), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return Failure.Transient($"Jobber {what} ({operation})");
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && fixedToken is null && !refreshed)
                {
                    refreshed = true;
                    var renewed = await tokens.RefreshAsync(accountId, token, cancellationToken).ConfigureAwait(false);
                    if (!renewed.IsSuccess)
                    {
                        return renewed.Failure!;
                    }

                    continue;
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return Failure.Auth("Jobber refused the access token: reconnect the account");
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(30);
                    return Failure.Throttled($"Jobber's request-rate limit ({operation})", retryAfter);
                }

                if ((int)response.StatusCode >= 500)
                {
                    if (idempotent && ++failures < settings.QueryAttempts)
                    {
                        LogRetry(logger, accountId, operation, $"HTTP {(int)response.StatusCode}", failures);
                        await Task.Delay(Backoff.Jittered(failures, TimeSpan.FromMilliseconds(settings.RetryBaseDelayMilliseconds), TimeSpan.FromSeconds(5)), time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    return Failure.Transient($"Jobber answered HTTP {(int)response.StatusCode} ({operation})");
                }

                if (!response.IsSuccessStatusCode)
                {
                    return Failure.Permanent($"Jobber answered HTTP {(int)response.StatusCode} ({operation})");
                }
            }

            JsonElement root;
            try
            {
                using var parsed = JsonDocument.Parse(text);
                root = parsed.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Failure.Transient($"Jobber answered with malformed JSON ({operation})");
            }

            var throttleWait = budget.Observe(accountId, operation, root);
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                if (errors.EnumerateArray().Any(IsThrottled))
                {
                    throttleWait = throttleWait > TimeSpan.Zero ? throttleWait : TimeSpan.FromSeconds(1);
                    if (++throttled <= settings.ThrottleWaits)
                    {
                        LogThrottled(logger, accountId, operation, throttleWait.TotalMilliseconds);
                        await Task.Delay(throttleWait, time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    return Failure.Throttled($"Jobber kept throttling {operation}", throttleWait);
                }

                var messages = string.Join("; ", errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : "?"));
                return Failure.Permanent($"Jobber refused {operation}: {messages}");
            }

            return root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                ? Result.Ok<JsonElement>(data)
                : Failure.Transient($"Jobber answered {operation} without data");
        }
    }

    private static bool IsThrottled(JsonElement error) =>
        error.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object
        && extensions.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() == "THROTTLED";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jobber {Operation} for account {AccountId}: {What}, attempt {Attempt}; retrying")]
    private static partial void LogRetry(ILogger logger, string accountId, string operation, string what, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Jobber throttled {Operation} for account {AccountId}; waiting {WaitMs} ms")]
    private static partial void LogThrottled(ILogger logger, string accountId, string operation, double waitMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Holding {Operation} for account {AccountId} {WaitMs} ms to stay within the cost budget")]
    private static partial void LogBudgetWait(ILogger logger, string accountId, string operation, double waitMs);
}

/// <summary>Exponential backoff with full jitter.</summary>
internal static class Backoff
{
    public static TimeSpan Jittered(int attempt, TimeSpan baseDelay, TimeSpan cap)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var ceiling = Math.Min(cap.TotalMilliseconds, exponential);
        // Half fixed, half random: never zero, never in lockstep with other workers.
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
#pragma warning restore CA5394
    }
}
