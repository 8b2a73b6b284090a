using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Closeout.QuickBooksSandbox.OAuth;

/// <summary>Who a token speaks for: an app connected to a company (realm). One authorization is one chain of tokens.</summary>
internal sealed record Grant(string ClientId, string RealmId, string ChainId, DateTimeOffset HardExpiresAt);

internal sealed record TokenSet(string AccessToken, string RefreshToken, int ExpiresIn, int RefreshExpiresIn, int RefreshHardExpiresIn);

/// <summary>
/// Authorization codes (single use), opaque access tokens (AccessTokenSeconds, 3600 by default) and refresh tokens
/// with rotation: every refresh issues a new refresh token; the presented one keeps working for the grace period
/// (24 h) after it was superseded, then <c>invalid_grant</c>. Refresh tokens live RefreshTokenDays from their
/// issue (rolling, since each use issues a new one) and never beyond the chain's hard expiry.
/// </summary>
internal sealed class TokenService(IOptionsMonitor<QuickBooksSandboxOptions> options, SandboxClock clock)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (Grant Grant, string RedirectUri, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Grant Grant, DateTimeOffset Expires)> _access = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshRecord> _refresh = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revokedChains = new(StringComparer.Ordinal);
    private readonly Lock _rotation = new();

    public string IssueCode(string clientId, string realmId, string redirectUri)
    {
        var code = Opaque();
        _codes[code] = (NewGrant(clientId, realmId), redirectUri, clock.GetUtcNow() + CodeLifetime);
        return code;
    }

    public TokenSet? RedeemCode(string code, string clientId, string? redirectUri)
    {
        if (!_codes.TryRemove(code, out var entry)
            || entry.Grant.ClientId != clientId
            || entry.Expires <= clock.GetUtcNow()
            || (redirectUri is not null && redirectUri != entry.RedirectUri))
        {
            return null;
        }

        return Issue(entry.Grant);
    }

    /// <summary>Tokens without the consent screen, for tests and scripts (POST /sandbox/tokens).</summary>
    public TokenSet Connect(string clientId, string realmId) => Issue(NewGrant(clientId, realmId));

    public TokenSet? Refresh(string refreshToken, string clientId)
    {
        lock (_rotation)
        {
            var now = clock.GetUtcNow();
            if (!_refresh.TryGetValue(refreshToken, out var record)
                || record.Grant.ClientId != clientId
                || _revokedChains.ContainsKey(record.Grant.ChainId)
                || now >= record.Expires
                || now >= record.Grant.HardExpiresAt
                || (record.SupersededAt is { } superseded && now >= superseded + TimeSpan.FromHours(options.CurrentValue.RefreshTokenGraceHours)))
            {
                return null;
            }

            foreach (var (token, other) in _refresh)
            {
                if (other.Grant.ChainId == record.Grant.ChainId && other.SupersededAt is null)
                {
                    _refresh[token] = other with { SupersededAt = now };
                }
            }

            return Issue(record.Grant);
        }
    }

    /// <summary>Revoking either token of a connection ends the whole connection, as Intuit's revoke does.</summary>
    public bool Revoke(string token)
    {
        var chain = _refresh.TryGetValue(token, out var record) ? record.Grant.ChainId
            : _access.TryGetValue(token, out var access) ? access.Grant.ChainId
            : null;
        if (chain is null)
        {
            return false;
        }

        _revokedChains[chain] = 0;
        return true;
    }

    /// <summary>The grant of a known, unexpired, unrevoked access token; null otherwise.</summary>
    public Grant? Validate(string? accessToken) =>
        accessToken is not null && _access.TryGetValue(accessToken, out var entry)
            && entry.Expires > clock.GetUtcNow() && !_revokedChains.ContainsKey(entry.Grant.ChainId)
            ? entry.Grant
            : null;

    /// <summary>Webhooks only go to apps connected to the company (Intuit: only companies connected through OAuth).</summary>
    public bool IsConnected(string clientId, string realmId) =>
        _refresh.Values.Any(r => r.Grant.ClientId == clientId && r.Grant.RealmId == realmId && !_revokedChains.ContainsKey(r.Grant.ChainId));

    private TokenSet Issue(Grant grant)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        var access = Opaque();
        var refresh = Opaque();
        _access[access] = (grant, now.AddSeconds(settings.AccessTokenSeconds));
        var refreshExpires = now.AddDays(settings.RefreshTokenDays);
        if (refreshExpires > grant.HardExpiresAt)
        {
            refreshExpires = grant.HardExpiresAt;
        }

        _refresh[refresh] = new RefreshRecord(grant, refreshExpires, null);
        return new TokenSet(access, refresh, settings.AccessTokenSeconds, Seconds(refreshExpires - now), Seconds(grant.HardExpiresAt - now));
    }

    private Grant NewGrant(string clientId, string realmId) =>
        new(clientId, realmId, Opaque(), clock.GetUtcNow().AddYears(options.CurrentValue.RefreshTokenHardYears));

    private static int Seconds(TimeSpan span) => (int)Math.Min(int.MaxValue, Math.Max(0, Math.Floor(span.TotalSeconds)));

    private static string Opaque() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private sealed record RefreshRecord(Grant Grant, DateTimeOffset Expires, DateTimeOffset? SupersededAt);
}
