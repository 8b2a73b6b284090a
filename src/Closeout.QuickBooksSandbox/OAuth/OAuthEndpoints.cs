using System.Text;
using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Company;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Closeout.QuickBooksSandbox.OAuth;

/// <summary>
/// Intuit's OAuth 2.0 at local paths: authorize (/connect/oauth2), token (/oauth2/v1/tokens/bearer, Basic client
/// authentication, form body), revoke (/v2/oauth2/tokens/revoke, JSON body) and the discovery documents.
/// </summary>
internal static class OAuthEndpoints
{
    public const string AccountingScope = "com.intuit.quickbooks.accounting";
    public const string AuthorizePath = "/connect/oauth2";
    public const string TokenPath = "/oauth2/v1/tokens/bearer";
    public const string RevokePath = "/v2/oauth2/tokens/revoke";

    private static readonly string[] ResponseTypes = ["code"];
    private static readonly string[] GrantTypes = ["authorization_code", "refresh_token"];
    private static readonly string[] Scopes = [AccountingScope];
    private static readonly string[] AuthMethods = ["client_secret_basic"];

    public static IServiceCollection AddSandboxOAuth(this IServiceCollection services) => services.AddSingleton<TokenService>();

    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AuthorizePath, Authorize);
        endpoints.MapPost(TokenPath, Token).DisableAntiforgery();
        endpoints.MapPost(RevokePath, Revoke).DisableAntiforgery();
        endpoints.MapGet("/.well-known/openid_sandbox_configuration", Discovery);
        endpoints.MapGet("/.well-known/openid_configuration", Discovery);
        return endpoints;
    }

    /// <summary>
    /// Auto-consents for the company named by <c>realmId</c> (or the first one) and redirects with code, state and
    /// realmId. <c>approve=false</c> acts out a refusal: error=access_denied.
    /// </summary>
    private static async Task<IResult> Authorize(HttpRequest request, IOptionsMonitor<QuickBooksSandboxOptions> options, TokenService tokens, CompanyStore store)
    {
        var query = request.Query;
        var app = options.CurrentValue.Apps.Find(a => a.ClientId == query["client_id"].ToString());
        var redirectUri = query["redirect_uri"].ToString();
        if (app is null || string.IsNullOrEmpty(redirectUri) || query["response_type"] != "code"
            || (app.RedirectUris.Count > 0 && !app.RedirectUris.Contains(redirectUri, StringComparer.Ordinal)))
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = "Unknown client_id, bad response_type or redirect_uri" });
        }

        var back = new Dictionary<string, string?>();
        if (!string.IsNullOrEmpty(query["state"]))
        {
            back["state"] = query["state"].ToString();
        }

        var scopes = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains(AccountingScope, StringComparer.Ordinal))
        {
            back["error"] = "invalid_scope";
            return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, back));
        }

        if (query["approve"] == "false")
        {
            back["error"] = "access_denied";
            return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, back));
        }

        string? realmId;
        using (await store.EnterAsync(request.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            var wanted = query["realmId"].ToString();
            realmId = (string.IsNullOrEmpty(wanted) ? store.Realms.FirstOrDefault() : store.Find(wanted))?.Id;
        }

        if (realmId is null)
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = "No such company in the sandbox" });
        }

        back["code"] = tokens.IssueCode(app.ClientId, realmId, redirectUri);
        back["realmId"] = realmId;
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, back));
    }

    private static async Task<IResult> Token(HttpRequest request, IOptionsMonitor<QuickBooksSandboxOptions> options, TokenService tokens)
    {
        var app = Client(request, options.CurrentValue);
        if (app is null)
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client");
        }

        if (!request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        var grantType = form["grant_type"].ToString();
        var issued = grantType switch
        {
            "authorization_code" => tokens.RedeemCode(form["code"].ToString(), app.ClientId, form.TryGetValue("redirect_uri", out var redirect) ? redirect.ToString() : null),
            "refresh_token" => tokens.Refresh(form["refresh_token"].ToString(), app.ClientId),
            _ => null,
        };
        if (issued is null)
        {
            return grantType is "authorization_code" or "refresh_token"
                ? Error(StatusCodes.Status400BadRequest, "invalid_grant")
                : Error(StatusCodes.Status400BadRequest, "unsupported_grant_type");
        }

        var body = new JsonObject
        {
            ["token_type"] = "bearer",
            ["access_token"] = issued.AccessToken,
            ["refresh_token"] = issued.RefreshToken,
            ["expires_in"] = issued.ExpiresIn,
            ["x_refresh_token_expires_in"] = issued.RefreshExpiresIn,
        };
        if (string.Equals(request.Headers["x-include-refresh-token-hard-expires-in"], "true", StringComparison.OrdinalIgnoreCase))
        {
            body["x_refresh_token_hard_expires_in"] = issued.RefreshHardExpiresIn;
        }

        return Results.Content(body.ToJsonString(), "application/json");
    }

    private static async Task<IResult> Revoke(HttpRequest request, IOptionsMonitor<QuickBooksSandboxOptions> options, TokenService tokens)
    {
        if (Client(request, options.CurrentValue) is null)
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client");
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request");
        }

        var token = body?["token"]?.GetValue<string>();
        if (string.IsNullOrEmpty(token))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request");
        }

        tokens.Revoke(token);
        return Results.Ok();
    }

    /// <summary>Intuit's discovery document, with this sandbox's own URLs.</summary>
    private static IResult Discovery(HttpRequest request)
    {
        var origin = $"{request.Scheme}://{request.Host}";
        return Results.Json(new
        {
            issuer = "https://oauth.platform.intuit.com/op/v1",
            authorization_endpoint = origin + AuthorizePath,
            token_endpoint = origin + TokenPath,
            revocation_endpoint = origin + RevokePath,
            response_types_supported = ResponseTypes,
            grant_types_supported = GrantTypes,
            scopes_supported = Scopes,
            token_endpoint_auth_methods_supported = AuthMethods,
        });
    }

    /// <summary>Client authentication: <c>Authorization: Basic base64(client_id:client_secret)</c>.</summary>
    private static QuickBooksApp? Client(HttpRequest request, QuickBooksSandboxOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var (id, secret) = (decoded[..colon], decoded[(colon + 1)..]);
        var app = options.Apps.Find(a => a.ClientId == id);
        return app is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(app.ClientSecret), Encoding.UTF8.GetBytes(secret)) ? app : null;
    }

    private static IResult Error(int status, string error) => Results.Json(new { error }, statusCode: status);
}
