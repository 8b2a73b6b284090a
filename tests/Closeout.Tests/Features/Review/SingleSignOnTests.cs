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
        await using var provider = await LocalOidcProvider.StartAsync("nobody@closeout.test");
        var authority = provider.Authority;
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

    [Theory]
    [InlineData("office@closeout.test", true)]
    [InlineData("stranger@elsewhere.test", false)]
    public async Task The_provider_s_answer_signs_in_the_local_user_with_that_email_and_no_one_else(string email, bool known)
    {
        await using var provider = await LocalOidcProvider.StartAsync(email);
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([]);
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string>(), new Dictionary<string, string?>
        {
            ["Authentication:OpenIdConnect:Authority"] = provider.Authority,
            ["Authentication:OpenIdConnect:ClientId"] = LocalOidcProvider.ClientId,
            ["Authentication:OpenIdConnect:ClientSecret"] = LocalOidcProvider.ClientSecret,
            ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
        });
        (await closeout.ClientAsAsync(Closeout.Features.Users.Roles.Office, "office@closeout.test")).Dispose();
        var browser = new CookieJarClient();

        // Closeout sends the browser to the provider, which (the person having signed in there) posts the code back.
        using var challenge = await browser.GetAsync(new Uri(closeout.BaseAddress, "/signin/oidc?returnUrl=%2F"));
        using var authorize = await browser.GetAsync(challenge.Headers.Location!);
        var form = LocalOidcProvider.FormPost(await authorize.Content.ReadAsStringAsync());
        using var callback = await browser.PostAsync(form.Action, form.Fields);
        using var queue = await browser.GetAsync(new Uri(closeout.BaseAddress, "/"));
        var page = await queue.Content.ReadAsStringAsync();

        Assert.Equal(1, provider.CodesRedeemed);
        if (known)
        {
            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
            Assert.Equal("/", callback.Headers.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
            Assert.Contains("Review queue", page, StringComparison.Ordinal);
            Assert.Contains("office@closeout.test", page, StringComparison.Ordinal);
        }
        else
        {
            // Back to the sign-in page with the reason, and still signed out.
            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
            using var signIn = await browser.GetAsync(new Uri(closeout.BaseAddress, callback.Headers.Location!));
            Assert.Contains("no Closeout user has that email", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
            Assert.StartsWith("/signin", queue.Headers.Location!.OriginalString.Replace(closeout.BaseAddress.ToString().TrimEnd('/'), "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// An OpenID Connect provider on loopback that has already signed one person in: discovery, an authorize endpoint that
/// answers with the form post ASP.NET Core asks for, a token endpoint that checks the client secret and PKCE, and an
/// RS256-signed id token carrying the nonce and the person's email.
/// </summary>
internal sealed class LocalOidcProvider : IAsyncDisposable
{
    public const string ClientId = "closeout-web";
    public const string ClientSecret = "provider-secret";

    private readonly System.Security.Cryptography.RSA _key = System.Security.Cryptography.RSA.Create(2048);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Nonce, string Challenge, string RedirectUri)> _codes = new();
    private readonly string _email;
    private int _redeemed;

    private LocalOidcProvider(string email) => _email = email;

    public WebApplication App { get; private set; } = null!;

    public string Authority { get; private set; } = "";

    public int CodesRedeemed => _redeemed;

    public static async Task<LocalOidcProvider> StartAsync(string email)
    {
        var provider = new LocalOidcProvider(email);
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
                ["response_modes_supported"] = new[] { "query", "form_post" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
            });
        });
        app.MapGet("/jwks", provider.Keys);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.TokenAsync);
        await app.StartAsync();
        provider.App = app;
        provider.Authority = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return provider;
    }

    private IResult Keys()
    {
        var key = _key.ExportParameters(false);
        return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "k1", n = Base64Url(key.Modulus!), e = Base64Url(key.Exponent!) } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256")
        {
            return Results.BadRequest("bad authorization request");
        }

        var code = Guid.NewGuid().ToString("N");
        _codes[code] = (q["nonce"].ToString(), q["code_challenge"].ToString(), q["redirect_uri"].ToString());
        var fields = string.Concat(new[] { ("code", code), ("state", q["state"].ToString()) }
            .Select(f => $"<input type=\"hidden\" name=\"{f.Item1}\" value=\"{System.Net.WebUtility.HtmlEncode(f.Item2)}\"/>"));
        return Results.Content(
            $"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{System.Net.WebUtility.HtmlEncode(q["redirect_uri"])}\">{fields}</form></body></html>",
            "text/html");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (id, secret) = ClientCredentials(request, form);
        if (id != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var issued) || issued.RedirectUri != form["redirect_uri"])
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var verifier = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"].ToString()));
        if (Base64Url(verifier) != issued.Challenge)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verifier does not match" }, statusCode: 400);
        }

        Interlocked.Increment(ref _redeemed);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var idToken = Sign(new Dictionary<string, object>
        {
            ["iss"] = Authority,
            ["aud"] = ClientId,
            ["sub"] = "person-1",
            ["email"] = _email,
            ["email_verified"] = true,
            ["nonce"] = issued.Nonce,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
        });
        return Results.Json(new { access_token = Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private string Sign(Dictionary<string, object> claims)
    {
        var header = Base64Url(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = "k1" }));
        var payload = Base64Url(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(
            System.Text.Encoding.ASCII.GetBytes($"{header}.{payload}"), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The action and fields of the auto-posting form the authorize endpoint answered with.</summary>
    public static (Uri Action, FormUrlEncodedContent Fields) FormPost(string html)
    {
        var action = System.Text.RegularExpressions.Regex.Match(html, "action=\"([^\"]+)\"").Groups[1].Value;
        var fields = System.Text.RegularExpressions.Regex.Matches(html, "name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .Select(m => KeyValuePair.Create(m.Groups[1].Value, System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)));
        return (new Uri(System.Net.WebUtility.HtmlDecode(action)), new FormUrlEncodedContent(fields));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _key.Dispose();
    }
}

/// <summary>
/// A browser's cookie handling without its redirects: keeps every cookie it is given, Secure ones included (the sign-in
/// correlation cookies are Secure, and these tests run over http on loopback), and sends them back to the same host.
/// </summary>
internal sealed class CookieJarClient
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public Task<HttpResponseMessage> GetAsync(Uri uri) => SendAsync(new HttpRequestMessage(HttpMethod.Get, uri));

    public Task<HttpResponseMessage> PostAsync(Uri uri, HttpContent content) => SendAsync(new HttpRequestMessage(HttpMethod.Post, uri) { Content = content });

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var host = request.RequestUri!.Authority;
            var mine = _cookies.Where(c => c.Key.StartsWith(host + "|", StringComparison.Ordinal)).Select(c => $"{c.Key[(host.Length + 1)..]}={c.Value}").ToList();
            if (mine.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", mine));
            }

            var response = await _http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    var pair = cookie.Split(';', 2)[0].Split('=', 2);
                    var expired = cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                    if (expired || pair[1].Length == 0)
                    {
                        _cookies.Remove($"{host}|{pair[0]}");
                    }
                    else
                    {
                        _cookies[$"{host}|{pair[0]}"] = pair[1];
                    }
                }
            }

            return response;
        }
    }
}
