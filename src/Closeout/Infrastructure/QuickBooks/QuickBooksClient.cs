using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Closeout.Infrastructure.Jobber;
using Microsoft.Extensions.Options;

namespace Closeout.Infrastructure.QuickBooks;

/// <summary>
/// The QuickBooks Online v3 REST API for one account's company, typed (no Intuit SDK). Every request names
/// <c>minorversion</c>; every write carries a <c>requestid</c>, so a write whose answer was lost is sent again as a replay,
/// never as a second write. Faults, also inside a 200, become <see cref="QboError"/>s. Each realm stays inside Intuit's limits
/// (<see cref="QboRateLimiter"/>); a 429 pauses the realm and is waited out; a 401 refreshes the token once.
/// </summary>
internal sealed partial class QuickBooksClient(
    IHttpClientFactory httpClients,
    IOptions<QuickBooksOptions> options,
    IQboAccessTokens tokens,
    QboRateLimiter limiter,
    TimeProvider time,
    ILogger<QuickBooksClient> logger)
{
    public const string HttpClientName = "quickbooks";

    /// <summary>Intuit's cap on a query page.</summary>
    public const int MaxPage = 1000;

    public async Task<QboResult<T>> ReadAsync<T>(string accountId, string id, CancellationToken cancellationToken) where T : QboEntity
    {
        var name = QboEntities.NameOf<T>();
        var root = await SendAsync(accountId, HttpMethod.Get, $"{name.ToLowerInvariant()}/{Uri.EscapeDataString(id)}", null, null, replayable: true, cancellationToken).ConfigureAwait(false);
        return root.IsSuccess ? Entity<T>(root.Value, name) : root.Error!;
    }

    /// <summary>One page of <c>SELECT * FROM Entity [WHERE …] [ORDERBY …] [STARTPOSITION n] [MAXRESULTS n]</c>.</summary>
    public async Task<QboResult<QboPage<T>>> QueryAsync<T>(string accountId, string query, CancellationToken cancellationToken) where T : QboEntity
    {
        var name = QboEntities.NameOf<T>();
        var root = await SendAsync(accountId, HttpMethod.Get, "query?query=" + Uri.EscapeDataString(query), null, null, replayable: true, cancellationToken).ConfigureAwait(false);
        if (!root.IsSuccess)
        {
            return root.Error!;
        }

        if (!TryGet(root.Value, "QueryResponse", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            return new QboError(QboErrorKind.Transient, "0", "QuickBooks answered a query without a QueryResponse");
        }

        // Only properties with values are returned: an empty result has no entity array at all.
        var items = TryGet(response, name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.Deserialize<List<T>>(QboEntities.Json) ?? []
            : [];
        int? total = TryGet(response, "totalCount", out var count) && count.TryGetInt32(out var n) ? n : null;
        return new QboPage<T>(items, total);
    }

    /// <summary>Every record a query matches, page by page (STARTPOSITION counts from 1).</summary>
    public async Task<QboResult<IReadOnlyList<T>>> QueryAllAsync<T>(string accountId, string selectWhere, CancellationToken cancellationToken) where T : QboEntity
    {
        var all = new List<T>();
        for (var start = 1; ; start += MaxPage)
        {
            var page = await QueryAsync<T>(accountId, $"{selectWhere} STARTPOSITION {start} MAXRESULTS {MaxPage}", cancellationToken).ConfigureAwait(false);
            if (!page.IsSuccess)
            {
                return page.Error!;
            }

            all.AddRange(page.Value!.Items);
            if (page.Value.Items.Count < MaxPage)
            {
                return all;
            }
        }
    }

    /// <summary>
    /// Creates (no Id), updates (Id and SyncToken; sparse when <c>sparse</c> is set) or, with <paramref name="operation"/>,
    /// voids or deletes. The same <paramref name="requestId"/> makes a repeat a replay of the first answer.
    /// </summary>
    public async Task<QboResult<T>> WriteAsync<T>(string accountId, T entity, string requestId, CancellationToken cancellationToken, string? operation = null) where T : QboEntity
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requestId.Length, 50);
        var name = QboEntities.NameOf<T>();
        var body = JsonSerializer.Serialize(entity, QboEntities.Json);
        var path = $"{name.ToLowerInvariant()}?requestid={Uri.EscapeDataString(requestId)}" + (operation is null ? "" : $"&operation={Uri.EscapeDataString(operation)}");
        var root = await SendAsync(accountId, HttpMethod.Post, path, body, "application/json", replayable: true, cancellationToken).ConfigureAwait(false);
        return root.IsSuccess ? Entity<T>(root.Value, name) : root.Error!;
    }

    /// <summary>CDC: what changed since <paramref name="since"/> (at most 30 days back, 1000 records), tombstones included.</summary>
    public async Task<QboResult<QboChanges>> ChangesAsync(string accountId, IReadOnlyList<string> entities, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var path = $"cdc?entities={Uri.EscapeDataString(string.Join(',', entities))}&changedSince={Uri.EscapeDataString(since.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture))}";
        var root = await SendAsync(accountId, HttpMethod.Get, path, null, null, replayable: true, cancellationToken).ConfigureAwait(false);
        if (!root.IsSuccess)
        {
            return root.Error!;
        }

        var invoices = new List<QboInvoice>();
        var payments = new List<QboPayment>();
        var customers = new List<QboCustomer>();
        if (TryGet(root.Value, "CDCResponse", out var cdc) && cdc.ValueKind == JsonValueKind.Array)
        {
            foreach (var response in cdc.EnumerateArray())
            {
                if (!TryGet(response, "QueryResponse", out var groups) || groups.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var group in groups.EnumerateArray())
                {
                    Collect(group, "Invoice", invoices);
                    Collect(group, "Payment", payments);
                    Collect(group, "Customer", customers);
                }
            }
        }

        return new QboChanges(invoices, payments, customers);
    }

    private static void Collect<T>(JsonElement group, string name, List<T> into)
    {
        if (TryGet(group, name, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            into.AddRange(array.Deserialize<List<T>>(QboEntities.Json) ?? []);
        }
    }

    private static QboResult<T> Entity<T>(JsonElement root, string name) where T : QboEntity =>
        TryGet(root, name, out var entity) && entity.ValueKind == JsonValueKind.Object
            ? entity.Deserialize<T>(QboEntities.Json)!
            : new QboError(QboErrorKind.Transient, "0", $"QuickBooks answered without the {name}");

    private async Task<QboResult<JsonElement>> SendAsync(
        string accountId, HttpMethod method, string path, string? body, string? contentType, bool replayable, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var access = await tokens.AccessAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (!access.IsSuccess)
        {
            return new QboError(access.Failure!.Kind == FailureKind.Auth ? QboErrorKind.Auth : QboErrorKind.Permanent, "auth", access.Failure.Message);
        }

        var failures = 0;
        var throttles = 0;
        var refreshed = false;
        while (true)
        {
            var realm = access.Value!.RealmId;
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var uri = new Uri(settings.ApiBaseUrl, $"/v3/company/{Uri.EscapeDataString(realm)}/{path}{separator}minorversion={settings.MinorVersion}");
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.Value.AccessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, contentType ?? "application/json");
            }

            HttpStatusCode status;
            string text;
            string? tid;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
                try
                {
                    using var lease = await limiter.AcquireAsync(realm, timeout.Token).ConfigureAwait(false);
                    using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
                    status = response.StatusCode;
                    text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                    tid = response.Headers.TryGetValues("intuit_tid", out var values) ? values.FirstOrDefault() : null;
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    var what = e is HttpRequestException ? "unreachable" : "timed out";
                    if (replayable && ++failures < settings.Attempts)
                    {
                        LogRetry(logger, accountId, method.Method, what, failures);
                        await Task.Delay(Backoff.Jittered(failures, TimeSpan.FromMilliseconds(settings.RetryBaseDelayMilliseconds), TimeSpan.FromSeconds(10)), time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    return new QboError(QboErrorKind.Transient, "0", $"QuickBooks {what}");
                }
            }

            var error = QboFaults.Classify(status, text, TimeSpan.FromMilliseconds(settings.ThrottleWaitMilliseconds));
            if (error is null)
            {
                try
                {
                    using var parsed = JsonDocument.Parse(text);
                    return parsed.RootElement.Clone();
                }
                catch (JsonException)
                {
                    return new QboError(QboErrorKind.Transient, "0", "QuickBooks answered with malformed JSON");
                }
            }

            LogFault(logger, accountId, method.Method, (int)status, error.Kind, error.Code, tid);
            switch (error.Kind)
            {
                case QboErrorKind.Auth when status == HttpStatusCode.Unauthorized && !refreshed:
                    refreshed = true;
                    var renewed = await tokens.RefreshAsync(accountId, access.Value.AccessToken, cancellationToken).ConfigureAwait(false);
                    if (!renewed.IsSuccess)
                    {
                        return new QboError(QboErrorKind.Auth, error.Code, renewed.Failure!.Message);
                    }

                    access = renewed;
                    continue;
                case QboErrorKind.Throttled:
                    // Nothing ran: the same request (and requestid) may go again once the realm's wait is over.
                    limiter.Pause(realm, error.RetryAfter ?? TimeSpan.FromMilliseconds(settings.ThrottleWaitMilliseconds));
                    if (++throttles <= settings.ThrottleWaits)
                    {
                        continue;
                    }

                    return error;
                case QboErrorKind.Transient when replayable && ++failures < settings.Attempts:
                    await Task.Delay(Backoff.Jittered(failures, TimeSpan.FromMilliseconds(settings.RetryBaseDelayMilliseconds), TimeSpan.FromSeconds(10)), time, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    return error;
            }
        }
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value) => QboFaults.TryGet(element, name, out value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QuickBooks {Method} for account {AccountId}: {What}, attempt {Attempt}; retrying")]
    private static partial void LogRetry(ILogger logger, string accountId, string method, string what, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "QuickBooks {Method} for account {AccountId}: HTTP {Status}, {Kind} {Code} (intuit_tid {Tid})")]
    private static partial void LogFault(ILogger logger, string accountId, string method, int status, QboErrorKind kind, string code, string? tid);
}

internal static class QuickBooksClientExtensions
{
    public static IServiceCollection AddQuickBooksClient(this IServiceCollection services)
    {
        services.AddOptions<QuickBooksOptions>().BindConfiguration(QuickBooksOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Per-request timeouts (linked tokens); no blanket resilience handler: the client retries only what a requestid makes safe.
        services.AddHttpClient(QuickBooksClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<QboRateLimiter>();
        services.AddSingleton<QboTokenService>();
        services.AddSingleton<IQboAccessTokens>(sp => sp.GetRequiredService<QboTokenService>());
        services.AddSingleton<QuickBooksClient>();
        return services;
    }
}
