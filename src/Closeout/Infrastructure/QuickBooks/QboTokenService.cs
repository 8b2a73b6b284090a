using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Closeout.Features.QuickBooks;
using Closeout.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace Closeout.Infrastructure.QuickBooks;

/// <summary>The realm and a usable access token for an account's QuickBooks company.</summary>
public sealed record QboAccess(string RealmId, string AccessToken);

/// <summary>Where the REST client gets its tokens (the token service; a fixed pair in the client's unit tests).</summary>
internal interface IQboAccessTokens
{
    Task<Result<QboAccess>> AccessAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>A fresh access token unless another caller already replaced <paramref name="rejected"/>.</summary>
    Task<Result<QboAccess>> RefreshAsync(string accountId, string rejected, CancellationToken cancellationToken);
}

/// <summary>
/// Intuit OAuth 2.0: the code exchange and refresh rotation (quickbooks-api.md §1). Every refresh may return a new
/// refresh token and the old one dies 24 h later, so refreshes are serialised per account (a gate, and the row locked on
/// PostgreSQL), and the new pair is saved before the access token is used. invalid_grant means reconnect.
/// </summary>
internal sealed partial class QboTokenService(
    IHttpClientFactory httpClients,
    IOptions<QuickBooksOptions> options,
    QuickBooksConnections connections,
    Database database,
    TimeProvider time,
    ILogger<QboTokenService> logger) : IQboAccessTokens
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<Result<QboAccess>> AccessAsync(string accountId, CancellationToken cancellationToken)
    {
        var connection = await connections.FindAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (connection?.Tokens is not { } stored)
        {
            return Failure.Configuration($"Account {accountId} has no QuickBooks company connected");
        }

        return stored.AccessExpiresAt - ExpiryMargin > time.GetUtcNow()
            ? new QboAccess(connection.RealmId, stored.AccessToken)
            : await RefreshAsync(accountId, stored.AccessToken, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Result<QboAccess>> RefreshAsync(string accountId, string rejected, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(accountId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = database.SupportsConcurrentWorkers ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
            var row = await connections.FindAsync(connection, transaction, accountId, lockRow: true, cancellationToken).ConfigureAwait(false);
            if (row?.Tokens is not { } stored)
            {
                return Failure.Auth($"Account {accountId}'s QuickBooks company is disconnected: reconnect it");
            }

            if (stored.AccessToken != rejected && stored.AccessExpiresAt - ExpiryMargin > time.GetUtcNow())
            {
                return new QboAccess(row.RealmId, stored.AccessToken);
            }

            var refreshed = await RequestAsync([new("grant_type", "refresh_token"), new("refresh_token", stored.RefreshToken)], cancellationToken).ConfigureAwait(false);
            if (!refreshed.IsSuccess)
            {
                LogRefreshFailed(logger, accountId, refreshed.Failure!.Kind);
                return refreshed.Failure!;
            }

            await connections.SaveTokensAsync(connection, transaction, accountId, refreshed.Value!, cancellationToken).ConfigureAwait(false);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            LogRefreshed(logger, accountId);
            return new QboAccess(row.RealmId, refreshed.Value!.AccessToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<Result<QboTokens>> ExchangeCodeAsync(string code, Uri redirectUri, CancellationToken cancellationToken) =>
        RequestAsync([new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri.ToString())], cancellationToken);

    private async Task<Result<QboTokens>> RequestAsync(KeyValuePair<string, string>[] grant, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl) { Content = new FormUrlEncodedContent(grant) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
        try
        {
            using var response = await httpClients.CreateClient(QuickBooksClient.HttpClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
            {
                // RFC 6749: invalid_grant (expired, revoked or superseded), invalid_client, invalid_request. Retrying will not help.
                return Failure.Auth($"Intuit refused the grant ({ErrorOf(text)}): reconnect QuickBooks");
            }

            if (!response.IsSuccessStatusCode)
            {
                return Failure.Transient($"Intuit's token endpoint answered HTTP {(int)response.StatusCode}");
            }

            using var body = JsonDocument.Parse(text);
            var root = body.RootElement;
            var now = time.GetUtcNow();
            var expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var s) ? s : 3600;
            DateTimeOffset? refreshExpires = root.TryGetProperty("x_refresh_token_expires_in", out var r) && r.TryGetInt64(out var rs) ? now.AddSeconds(rs) : null;
            return new QboTokens(root.GetProperty("access_token").GetString()!, root.GetProperty("refresh_token").GetString()!, now.AddSeconds(expiresIn), refreshExpires);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Failure.Transient("Intuit's token endpoint did not answer");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Failure.Transient("Intuit's token endpoint answered something that is not a token");
        }
    }

    private static string ErrorOf(string text)
    {
        try
        {
            using var body = JsonDocument.Parse(text);
            return body.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? "error" : "error";
        }
        catch (JsonException)
        {
            return "error";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the QuickBooks tokens of account {AccountId}")]
    private static partial void LogRefreshed(ILogger logger, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QuickBooks token refresh for account {AccountId} failed: {Kind}")]
    private static partial void LogRefreshFailed(ILogger logger, string accountId, FailureKind kind);
}
