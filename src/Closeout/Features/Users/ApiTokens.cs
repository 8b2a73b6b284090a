using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Closeout.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Users;

public sealed record ApiTokenInfo(long Id, string UserId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>
/// Per-user API tokens for scripts (<c>Authorization: Bearer cot_...</c>). Only a SHA-256 of the token is stored: the token is
/// shown once, when made. A token acts as its user, with the user's role, and stops working when the user is locked out or deleted.
/// </summary>
internal sealed class ApiTokenStore(Database database, TimeProvider time)
{
    public const string Prefix = "cot_";

    public static string NewToken() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<string> IssueAsync(string userId, string name, CancellationToken cancellationToken, string? token = null)
    {
        token ??= NewToken();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (@user, @name, @hash, @now) ON CONFLICT (token_hash) DO NOTHING",
            null, cancellationToken, ("user", userId), ("name", name), ("hash", Hash(token)), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
        return token;
    }

    public async Task<string?> UserOfAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(
            "UPDATE api_tokens SET last_used_at = @now WHERE token_hash = @hash AND revoked_at IS NULL RETURNING user_id",
            null, r => r.String("user_id")!, cancellationToken, ("hash", Hash(token)), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<List<ApiTokenInfo>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens WHERE user_id = @user AND revoked_at IS NULL ORDER BY id",
            null, r => new ApiTokenInfo(r.Long("id"), r.String("user_id")!, r.String("name")!, r.Time("created_at"), r.NullableTime("last_used_at")),
            cancellationToken, ("user", userId)).ConfigureAwait(false);
    }

    public async Task<bool> RevokeAsync(string userId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND user_id = @user AND revoked_at IS NULL",
            null, cancellationToken, ("now", time.GetUtcNow().Ms()), ("id", id), ("user", userId)).ConfigureAwait(false) > 0;
    }
}

/// <summary>Authenticates <c>Authorization: Bearer cot_...</c> as the token's user.</summary>
internal sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenStore tokens,
    UserManager<CloseoutUser> users,
    IUserClaimsPrincipalFactory<CloseoutUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    public static bool HasToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(ApiTokenStore.Prefix, StringComparison.Ordinal) || await tokens.UserOfAsync(token, Context.RequestAborted).ConfigureAwait(false) is not { } userId)
        {
            return AuthenticateResult.Fail("Unknown or revoked API token");
        }

        var user = await users.FindByIdAsync(userId).ConfigureAwait(false);
        if (user is null || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            return AuthenticateResult.Fail("The token's user is locked out or gone");
        }

        var principal = await principals.CreateAsync(user).ConfigureAwait(false);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, SchemeName)), SchemeName));
    }
}
