using System.Net;
using Closeout.Tests.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Tests.Features.Review;

/// <summary>OpenID Connect is on only when configured, and then sends the browser to the provider with a PKCE code request.</summary>
public sealed class SingleSignOnTests
{
    [Fact]
    public async Task A_configured_provider_gets_a_sign_in_button_and_a_code_request_with_PKCE()
    {
        var (provider, authority) = await StartProviderAsync();
        await using var _ = provider;
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([]);
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string>(), new Dictionary<string, string?>
        {
            ["Authentication:OpenIdConnect:Authority"] = authority,
            ["Authentication:OpenIdConnect:ClientId"] = "closeout-web",
            ["Authentication:OpenIdConnect:ClientSecret"] = "provider-secret",
            ["Authentication:OpenIdConnect:DisplayName"] = "Example SSO",
            ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
        });

        var signIn = await closeout.Anonymous.GetStringAsync("/signin");
        using var challenge = await closeout.Anonymous.GetAsync("/signin/oidc?returnUrl=%2F");

        Assert.Contains("Sign in with Example SSO", signIn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!;
        Assert.StartsWith(authority + "/authorize?", location.ToString(), StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("closeout-web", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Contains("email", query["scope"].ToString(), StringComparison.Ordinal);
        Assert.Equal(new Uri(closeout.BaseAddress, "/signin-oidc").ToString(), query["redirect_uri"]);
    }

    [Fact]
    public async Task Without_a_provider_there_is_no_single_sign_on()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([]);
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string>());

        var signIn = await closeout.Anonymous.GetStringAsync("/signin");
        using var challenge = await closeout.Anonymous.GetAsync("/signin/oidc");

        Assert.DoesNotContain("Sign in with", signIn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
    }

    /// <summary>A provider's discovery document and an empty key set on loopback: enough for Closeout to build its request.</summary>
    private static async Task<(WebApplication App, string Authority)> StartProviderAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapGet("/.well-known/openid-configuration", (HttpContext http) =>
        {
            var issuer = $"{http.Request.Scheme}://{http.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = issuer + "/authorize",
                ["token_endpoint"] = issuer + "/token",
                ["jwks_uri"] = issuer + "/jwks",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        app.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }
}
