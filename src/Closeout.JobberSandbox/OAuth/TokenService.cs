using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Closeout.JobberSandbox.OAuth;

/// <summary>Who a valid access token speaks for.</summary>
internal sealed record TokenGrant(string ClientId, string AccountId);

internal sealed record TokenPair(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);

/// <summary>
/// Authorization codes (single use, 10 minutes), access tokens (HS256 JWTs whose <c>exp</c> is the expiry) and
/// refresh tokens with rotation: a refresh token works once, and its successor replaces it.
/// </summary>
internal sealed class TokenService(IOptionsMonitor<SandboxOptions> options, TimeProvider time)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (TokenGrant Grant, string RedirectUri, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenGrant> _refreshTokens = new(StringComparer.Ordinal);

    public string IssueCode(TokenGrant grant, string redirectUri)
    {
        var code = Opaque();
        _codes[code] = (grant, redirectUri, time.GetUtcNow() + CodeLifetime);
        return code;
    }

    public TokenPair? RedeemCode(string code, string clientId, string? redirectUri)
    {
        if (!_codes.TryRemove(code, out var entry)
            || entry.Grant.ClientId != clientId
            || entry.Expires <= time.GetUtcNow()
            || (redirectUri is not null && redirectUri != entry.RedirectUri))
        {
            return null;
        }

        return Issue(entry.Grant);
    }

    /// <summary>Rotation: the presented refresh token dies here whether or not the caller keeps the new pair.</summary>
    public TokenPair? Refresh(string refreshToken, string clientId)
    {
        if (!_refreshTokens.TryGetValue(refreshToken, out var grant) || grant.ClientId != clientId)
        {
            return null;
        }

        return _refreshTokens.TryRemove(KeyValuePair.Create(refreshToken, grant)) ? Issue(grant) : null;
    }

    public TokenPair Issue(TokenGrant grant)
    {
        var now = time.GetUtcNow();
        var expires = now.AddMinutes(options.CurrentValue.AccessTokenMinutes);
        var refresh = Opaque();
        _refreshTokens[refresh] = grant;
        return new TokenPair(AccessToken(grant, now, expires), refresh, expires);
    }

    /// <summary>The grant of a well-signed, unexpired access token; null otherwise.</summary>
    public TokenGrant? Validate(string? accessToken)
    {
        var parts = accessToken?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Base64Url(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"))));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
            var root = payload.RootElement;
            var exp = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
            return exp <= time.GetUtcNow()
                ? null
                : new TokenGrant(root.GetProperty("app_id").GetString() ?? "", root.GetProperty("account_id").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private string AccessToken(TokenGrant grant, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = "jobber-sandbox",
            sub = grant.AccountId,
            account_id = grant.AccountId,
            app_id = grant.ClientId,
            iat = issuedAt.ToUnixTimeSeconds(),
            exp = expires.ToUnixTimeSeconds(),
            jti = Opaque(),
        }));
        var signature = Base64Url(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Opaque() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Convert.FromBase64String(padded);
    }
}
