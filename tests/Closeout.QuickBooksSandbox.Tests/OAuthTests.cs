using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Closeout.QuickBooksSandbox.Tests;

public sealed class OAuthTests
{
    private const string Callback = "http://127.0.0.1:9/callback";

    [Fact]
    public async Task Authorization_code_flow_returns_code_state_and_realm_then_bearer_tokens()
    {
        await using var qbo = await QboHost.StartAsync();

        var (code, realmId) = await AuthorizeAsync(qbo, "st-1");
        var (status, tokens) = await TokenAsync(qbo, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(QboHost.Realm, realmId);
        Assert.Equal("bearer", tokens.Str("token_type"));
        Assert.Equal(3600, tokens!["expires_in"]!.GetValue<int>());
        Assert.Equal(100 * 86_400, tokens["x_refresh_token_expires_in"]!.GetValue<int>());
        Assert.Null(tokens["x_refresh_token_hard_expires_in"]);
        var info = await qbo.SendAsync(HttpMethod.Get, QboHost.Path($"companyinfo/{realmId}"), token: tokens.Str("access_token"));
        Assert.Equal(HttpStatusCode.OK, info.Status);
        Assert.Equal("Test Plumbing", info["CompanyInfo"].Str("CompanyName"));

        var (again, error) = await TokenAsync(qbo, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback });
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("invalid_grant", error.Str("error"));
    }

    [Fact]
    public async Task Refresh_rotates_and_the_superseded_token_works_for_24_hours_only()
    {
        await using var qbo = await QboHost.StartAsync();
        var first = qbo.RefreshToken;

        var (status, second) = await TokenAsync(qbo, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(first, second.Str("refresh_token"));

        await qbo.AdvanceClockAsync(TimeSpan.FromHours(23));
        var (withinGrace, third) = await TokenAsync(qbo, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first });
        Assert.Equal(HttpStatusCode.OK, withinGrace);

        await qbo.AdvanceClockAsync(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var (afterGrace, error) = await TokenAsync(qbo, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first });
        Assert.Equal(HttpStatusCode.BadRequest, afterGrace);
        Assert.Equal("invalid_grant", error.Str("error"));

        var (latest, _) = await TokenAsync(qbo, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = third.Str("refresh_token") });
        Assert.Equal(HttpStatusCode.OK, latest);
    }

    [Fact]
    public async Task Refresh_token_dies_after_100_idle_days_and_reports_its_hard_expiry_on_request()
    {
        await using var qbo = await QboHost.StartAsync();
        var (_, hard) = await TokenAsync(qbo, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = qbo.RefreshToken }, includeHardExpiry: true);
        var hardExpiresIn = hard!["x_refresh_token_hard_expires_in"]!.GetValue<int>();
        Assert.InRange(hardExpiresIn, (5 * 365 * 86_400) - 86_400, (5 * 366 * 86_400) + 86_400);

        await qbo.AdvanceClockAsync(TimeSpan.FromDays(100) + TimeSpan.FromSeconds(1));
        var (status, error) = await TokenAsync(qbo, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = hard.Str("refresh_token") });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error.Str("error"));
    }

    [Fact]
    public async Task Access_token_expires_after_an_hour_with_the_3200_authentication_fault()
    {
        await using var qbo = await QboHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await qbo.QueryAsync("select * from Account")).Status);

        await qbo.AdvanceClockAsync(TimeSpan.FromSeconds(3600));
        var expired = await qbo.QueryAsync("select * from Account");

        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("3200", expired.FaultCode);
        Assert.Equal("AUTHENTICATION", expired["Fault"].Str("type"));
        Assert.Equal("message=AuthenticationFailed; errorCode=003200; statusCode=401", expired["Fault"]["Error"]![0].Str("Message"));
    }

    [Fact]
    public async Task Revoking_ends_the_connection()
    {
        await using var qbo = await QboHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/oauth2/tokens/revoke") { Content = JsonContent.Create(new { token = qbo.RefreshToken }) };
        request.Headers.Authorization = Basic(QboHost.ClientId, QboHost.ClientSecret);
        using var revoked = await qbo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await qbo.QueryAsync("select * from Account")).Status);
        var (status, _) = await TokenAsync(qbo, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = qbo.RefreshToken });
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Theory]
    [InlineData("qbo-tests", "wrong-secret")]
    [InlineData("someone-else", "qbo-tests-secret")]
    [InlineData(null, null)]
    public async Task Token_endpoint_requires_basic_client_authentication(string? clientId, string? secret)
    {
        await using var qbo = await QboHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v1/tokens/bearer")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = qbo.RefreshToken }),
        };
        if (clientId is not null)
        {
            request.Headers.Authorization = Basic(clientId, secret!);
        }

        using var response = await qbo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonObject>()).Str("error"));
    }

    [Fact]
    public async Task A_token_only_opens_its_own_company()
    {
        await using var qbo = await QboHost.StartAsync();
        await qbo.PostJsonAsync("/sandbox/companies", new { realmId = "9130000000000002", companyName = "Other" });

        var other = await qbo.SendAsync(HttpMethod.Get, "/v3/company/9130000000000002/query?query=select%20*%20from%20Account");

        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
        Assert.Equal("120", other.FaultCode);
    }

    [Theory]
    [InlineData("com.intuit.quickbooks.payment", "invalid_scope")]
    [InlineData("com.intuit.quickbooks.accounting&approve=false", "access_denied")]
    public async Task Authorize_redirects_errors_to_the_callback(string scope, string error)
    {
        await using var qbo = await QboHost.StartAsync();

        using var response = await qbo.Http.GetAsync($"/connect/oauth2?client_id={QboHost.ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(Callback)}&state=s&scope={scope}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal(error, query["error"].ToString());
        Assert.Equal("s", query["state"].ToString());
    }

    [Fact]
    public async Task Discovery_document_points_at_the_sandbox()
    {
        await using var qbo = await QboHost.StartAsync();

        var discovery = await qbo.Http.GetFromJsonAsync<JsonObject>("/.well-known/openid_sandbox_configuration");

        Assert.Equal("https://oauth.platform.intuit.com/op/v1", discovery.Str("issuer"));
        Assert.Equal(new Uri(qbo.BaseAddress, "/oauth2/v1/tokens/bearer").ToString(), discovery.Str("token_endpoint"));
    }

    private static async Task<(string Code, string RealmId)> AuthorizeAsync(QboHost qbo, string state)
    {
        using var response = await qbo.Http.GetAsync(
            $"/connect/oauth2?client_id={QboHost.ClientId}&response_type=code&scope=com.intuit.quickbooks.accounting%20openid&redirect_uri={Uri.EscapeDataString(Callback)}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(Callback + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(state, query["state"].ToString());
        return (query["code"].ToString(), query["realmId"].ToString());
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> TokenAsync(QboHost qbo, Dictionary<string, string> form, bool includeHardExpiry = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v1/tokens/bearer") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = Basic(QboHost.ClientId, QboHost.ClientSecret);
        if (includeHardExpiry)
        {
            request.Headers.Add("x-include-refresh-token-hard-expires-in", "true");
        }

        using var response = await qbo.Http.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));
}
