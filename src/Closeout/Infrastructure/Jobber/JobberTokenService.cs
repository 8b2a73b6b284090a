using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Closeout.Features.Accounts;
using Closeout.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace Closeout.Infrastructure.Jobber;

/// <summary>
/// Jobber's OAuth tokens: the code exchange and refresh-token rotation. A refresh returns a new refresh token and kills the
/// old one, so refreshes are serialised per account (a gate here, and the account row locked on PostgreSQL where several
/// instances share the accounts), the latest stored token is always the one used, and the new pair is saved before use.
/// </summary>
internal sealed partial class JobberTokenService(
    IHttpClientFactory httpClients,
    IOptions<JobberOptions> options,
    AccountStore accounts,
    Database database,
    TimeProvider time,
    ILogger<JobberTokenService> logger)
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>A usable access token for the account, refreshed first when it is about to expire.</summary>
    public async Task<Result<string>> AccessTokenAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (account?.Tokens is not { } stored)
        {
            return Failure.Configuration($"Jobber account {accountId} is not connected to Closeout");
        }

        return stored.AccessExpiresAt - ExpiryMargin > time.GetUtcNow()
            ? Result.Ok<string>(stored.AccessToken)
            : await RefreshAsync(accountId, stored.AccessToken, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refreshes unless another caller already replaced <paramref name="rejected"/> with a fresh token.</summary>
    public async Task<Result<string>> RefreshAsync(string accountId, string rejected, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(accountId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            // SQLite: one instance, the gate suffices, and a write transaction held over HTTP would stall webhook intake.
            await using var transaction = database.SupportsConcurrentWorkers ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
            var account = await accounts.FindAsync(connection, transaction, accountId, lockRow: true, cancellationToken).ConfigureAwait(false);
            if (account?.Tokens is not { } stored)
            {
                return Failure.Auth($"Jobber account {accountId} is disconnected: reconnect it");
            }

            if (stored.AccessToken != rejected && stored.AccessExpiresAt - ExpiryMargin > time.GetUtcNow())
            {
                return stored.AccessToken;
            }

            var refreshed = await RequestTokensAsync(
                [new("grant_type", "refresh_token"), new("refresh_token", stored.RefreshToken)], cancellationToken).ConfigureAwait(false);
            if (!refreshed.IsSuccess)
            {
                LogRefreshFailed(logger, accountId, refreshed.Failure!.Kind);
                return refreshed.Failure!;
            }

            await accounts.SaveTokensAsync(connection, transaction, accountId, refreshed.Value!, cancellationToken).ConfigureAwait(false);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            LogRefreshed(logger, accountId);
            return refreshed.Value!.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<Result<JobberTokens>> ExchangeCodeAsync(string code, Uri redirectUri, CancellationToken cancellationToken) =>
        RequestTokensAsync(
            [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri.ToString())], cancellationToken);

    private async Task<Result<JobberTokens>> RequestTokensAsync(KeyValuePair<string, string>[] grant, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var form = new FormUrlEncodedContent(
            [new("client_id", settings.ClientId), new("client_secret", settings.ClientSecret), .. grant]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
        try
        {
            using var response = await httpClients.CreateClient(JobberExtensions.HttpClientName).PostAsync(settings.TokenUrl, form, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
            {
                return Failure.Auth("Jobber refused the grant (the refresh token is no longer valid): reconnect the account");
            }

            if (!response.IsSuccessStatusCode)
            {
                return Failure.Transient($"Jobber's token endpoint answered HTTP {(int)response.StatusCode}");
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false));
            var root = body.RootElement;
            var access = root.GetProperty("access_token").GetString()!;
            var refresh = root.GetProperty("refresh_token").GetString()!;
            var expires = ExpiryOf(access)
                ?? (root.TryGetProperty("expires_at", out var e) && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : (DateTimeOffset?)null)
                ?? time.GetUtcNow().AddMinutes(55);
            return new JobberTokens(access, refresh, expires);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Failure.Transient("Jobber's token endpoint did not answer");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Failure.Transient("Jobber's token endpoint answered something that is not a token");
        }
    }

    /// <summary>The <c>exp</c> of a JWT access token (jobber-api.md: the access token is a JWT whose exp gives its expiry).</summary>
    internal static DateTimeOffset? ExpiryOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the tokens of Jobber account {AccountId}")]
    private static partial void LogRefreshed(ILogger logger, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token refresh for Jobber account {AccountId} failed: {Kind}")]
    private static partial void LogRefreshFailed(ILogger logger, string accountId, FailureKind kind);
}
