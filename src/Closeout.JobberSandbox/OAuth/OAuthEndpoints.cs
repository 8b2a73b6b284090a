using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Closeout.JobberSandbox.OAuth;

/// <summary>Jobber's OAuth 2.0 authorization-code flow (jobber-api.md, OAuth 2.0): /api/oauth/authorize and /api/oauth/token.</summary>
internal static class OAuthEndpoints
{
    /// <summary>Jobber's wording for a dead refresh token (refresh_token_rotation).</summary>
    public const string InvalidRefreshToken = "The provided refresh token is not valid.";

    public static IServiceCollection AddSandboxOAuth(this IServiceCollection services) =>
        services.AddSingleton<TokenService>();

    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/oauth/authorize", Authorize);
        endpoints.MapPost("/api/oauth/token", Token).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>
    /// Auto-approves for the account named by <c>account</c> (an EncodedId or a seeded business name), or the first one.
    /// <c>approve=false</c> acts out a denial: a redirect to the callback with no parameters.
    /// </summary>
    private static async Task<IResult> Authorize(
        HttpRequest request, IOptionsMonitor<SandboxOptions> options, TokenService tokens, SandboxStore store, IWebhookEvents events)
    {
        var query = request.Query;
        var clientId = query["client_id"].ToString();
        var redirectUri = query["redirect_uri"].ToString();
        var app = options.CurrentValue.Apps.Find(a => a.ClientId == clientId);
        if (query["response_type"] != "code" || app is null || string.IsNullOrEmpty(redirectUri)
            || (app.RedirectUris.Count > 0 && !app.RedirectUris.Contains(redirectUri, StringComparer.Ordinal)))
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = "Unknown client_id, bad response_type or redirect_uri" });
        }

        if (query["approve"] == "false")
        {
            return Results.Redirect(redirectUri);
        }

        Account? account;
        using (await store.EnterAsync(request.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            var wanted = query["account"].ToString();
            account = string.IsNullOrEmpty(wanted)
                ? store.Accounts.FirstOrDefault()
                : store.Accounts.Find(a => a.Id == wanted || string.Equals(a.Name, wanted, StringComparison.OrdinalIgnoreCase));
        }

        if (account is null)
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = "No such account in the sandbox" });
        }

        var code = tokens.IssueCode(new TokenGrant(clientId, account.Id), redirectUri);
        var parameters = new Dictionary<string, string?> { ["code"] = code };
        if (!string.IsNullOrEmpty(query["state"]))
        {
            parameters["state"] = query["state"].ToString();
        }

        events.Publish(account, WebhookTopic.AppConnect, account.Id);
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters));
    }

    private static async Task<IResult> Token(HttpRequest request, IOptionsMonitor<SandboxOptions> options, TokenService tokens)
    {
        if (!request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "The token endpoint takes application/x-www-form-urlencoded");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        var clientId = form["client_id"].ToString();
        var app = options.CurrentValue.Apps.Find(a => a.ClientId == clientId);
        if (app is null || !string.Equals(app.ClientSecret, form["client_secret"].ToString(), StringComparison.Ordinal))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed");
        }

        TokenPair? pair;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                pair = tokens.RedeemCode(form["code"].ToString(), clientId, form.TryGetValue("redirect_uri", out var redirect) ? redirect.ToString() : null);
                if (pair is null)
                {
                    return Error(StatusCodes.Status400BadRequest, "invalid_grant", "The provided authorization grant is invalid, expired or revoked.");
                }

                break;
            case "refresh_token":
                pair = tokens.Refresh(form["refresh_token"].ToString(), clientId);
                if (pair is null)
                {
                    return Error(StatusCodes.Status401Unauthorized, "invalid_grant", InvalidRefreshToken);
                }

                break;
            default:
                return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }

        return Results.Json(new
        {
            access_token = pair.AccessToken,
            refresh_token = pair.RefreshToken,
            expires_at = pair.ExpiresAt.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static JsonHttpResult<object> Error(int status, string error, string description) =>
        TypedResults.Json<object>(new { error, error_description = description, message = description }, statusCode: status);
}
