using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;

namespace Closeout.JobberSandbox.Tests;

public sealed class OAuthTests
{
    private const string Callback = "http://127.0.0.1:9/callback";

    [Fact]
    public async Task Authorization_code_gives_tokens_and_refresh_rotates_the_refresh_token()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedCascade: false);

        var code = await AuthorizeAsync(sandbox, "xyz");
        var first = await TokenAsync(sandbox, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var account = await sandbox.GraphQLAsync(first.Body!["access_token"]!.GetValue<string>(), "{ account { id name } }");
        Assert.Equal("Sandbox Demo Plumbing", account["data"]!["account"]!["name"]!.GetValue<string>());

        var oldRefresh = first.Body!["refresh_token"]!.GetValue<string>();
        var second = await TokenAsync(sandbox, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = oldRefresh });
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.NotEqual(oldRefresh, second.Body!["refresh_token"]!.GetValue<string>());

        var reused = await TokenAsync(sandbox, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = oldRefresh });
        Assert.Equal(HttpStatusCode.Unauthorized, reused.Status);
        Assert.Equal("The provided refresh token is not valid.", reused.Body!["error_description"]!.GetValue<string>());

        var codeAgain = await TokenAsync(sandbox, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback });
        Assert.Equal(HttpStatusCode.BadRequest, codeAgain.Status);
    }

    [Fact]
    public async Task Denial_redirects_to_the_callback_without_parameters()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedCascade: false);

        using var response = await sandbox.Http.GetAsync($"/api/oauth/authorize?response_type=code&client_id={SandboxHost.ClientId}&redirect_uri={Uri.EscapeDataString(Callback)}&approve=false");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Callback, response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task An_expired_access_token_gets_401()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 6, 12, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxHost.StartAsync(time: time, seedCascade: false);
        var token = await sandbox.TokenAsync();
        using (var fresh = await sandbox.PostGraphQLAsync(token, "{ account { id } }"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        time.Advance(TimeSpan.FromMinutes(61));

        using var expired = await sandbox.PostGraphQLAsync(token, "{ account { id } }");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        using var forged = await sandbox.PostGraphQLAsync(token[..^2] + "xx", "{ account { id } }");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    private static async Task<string> AuthorizeAsync(SandboxHost sandbox, string state)
    {
        using var response = await sandbox.Http.GetAsync($"/api/oauth/authorize?response_type=code&client_id={SandboxHost.ClientId}&redirect_uri={Uri.EscapeDataString(Callback)}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(Callback + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(state, query["state"].ToString());
        return query["code"].ToString();
    }

    private static async Task<(HttpStatusCode Status, JsonObject? Body)> TokenAsync(SandboxHost sandbox, Dictionary<string, string> form)
    {
        form["client_id"] = SandboxHost.ClientId;
        form["client_secret"] = SandboxHost.ClientSecret;
        using var content = new FormUrlEncodedContent(form);
        using var response = await sandbox.Http.PostAsync("/api/oauth/token", content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject());
    }
}
