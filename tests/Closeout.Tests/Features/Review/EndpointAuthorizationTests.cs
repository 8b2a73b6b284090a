using System.Net;
using System.Text.RegularExpressions;
using Closeout.Features.Users;
using Closeout.Tests.Service;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Review;

/// <summary>
/// Every endpoint and page the host maps, read from its EndpointDataSource, against a table of who may reach it: each
/// refuses anonymous users and every role not listed, and lets the listed roles through. A new endpoint fails this test
/// until it is added to the table.
/// </summary>
public sealed partial class EndpointAuthorizationTests
{
    private const string Anyone = "anonymous";
    private static readonly string[] Everyone = [.. Roles.All];
    private static readonly string[] Staff = [.. Roles.Staff];
    private static readonly string[] Managers = [Roles.Owner, Roles.Manager];
    private static readonly string[] Owner = [Roles.Owner];

    /// <summary>Who may reach what: (method, route pattern) to the roles allowed, or anonymous.</summary>
    private static readonly Dictionary<(string Method, string Pattern), string[]> Access = new()
    {
        [("POST", "/webhooks/jobber")] = [Anyone],
        [("GET", "/healthz")] = [Anyone],
        [("GET", "/readyz")] = [Anyone],
        [("POST", "/healthz")] = [Anyone],
        [("POST", "/readyz")] = [Anyone],
        [("GET", "/signin/{handler?}")] = [Anyone],
        [("POST", "/signin/{handler?}")] = [Anyone],
        [("GET", "/first-run")] = [Anyone],
        [("POST", "/first-run")] = [Anyone],
        [("GET", "/jobber/connect")] = Owner,
        [("GET", "/jobber/callback")] = Owner,
        [("POST", "/webhooks/quickbooks")] = [Anyone],
        [("GET", "/quickbooks/connect")] = Owner,
        [("GET", "/quickbooks/callback")] = Owner,
        [("GET", "/api/quickbooks/connections")] = Managers,
        [("DELETE", "/api/quickbooks/connections/{account}")] = Owner,
        [("GET", "/api/quickbooks/mappings")] = Managers,
        [("GET", "/api/quickbooks/reconciliation")] = Managers,
        [("GET", "/api/quickbooks/reconciliation.csv")] = Managers,
        [("POST", "/api/quickbooks/reconciliation/fixes")] = Managers,
        [("POST", "/api/quickbooks/invoices/{invoiceId}/push")] = Managers,
        [("GET", "/api/quickbooks/invoice-paid")] = Managers,
        [("GET", "/quickbooks")] = Managers,
        [("POST", "/quickbooks")] = Managers,
        [("GET", "/api/accounts")] = Managers,
        [("GET", "/api/drafts/")] = Staff,
        [("GET", "/api/drafts/{jobId}")] = Staff,
        [("GET", "/api/drafts/{jobId}/llm-calls")] = Staff,
        [("GET", "/api/me")] = Everyone,
        [("GET", "/api/users/")] = Owner,
        [("POST", "/api/users/")] = Owner,
        [("PUT", "/api/users/{id}")] = Owner,
        [("DELETE", "/api/users/{id}")] = Owner,
        [("POST", "/api/users/{id}/tokens")] = Owner,
        [("GET", "/api/review/queue")] = Everyone,
        [("GET", "/api/review/catalog/{accountId}")] = Staff,
        [("GET", "/api/review/settings/{accountId}")] = Managers,
        [("PUT", "/api/review/settings/{accountId}")] = Owner,
        [("GET", "/api/drafts/{jobId}/review")] = Everyone,
        [("GET", "/api/drafts/{jobId}/history")] = Everyone,
        [("PUT", "/api/drafts/{jobId}/lines/{index:int}")] = Staff,
        [("DELETE", "/api/drafts/{jobId}/lines/{index:int}")] = Staff,
        [("POST", "/api/drafts/{jobId}/lines")] = Staff,
        [("POST", "/api/drafts/{jobId}/approve")] = Staff,
        [("POST", "/api/drafts/{jobId}/reject")] = Staff,
        [("GET", "/openapi/{documentName}.json")] = Everyone,
        [("GET", "/api/audit/{accountId}/export.csv")] = Managers,
        [("GET", "/api/audit/{accountId}/verify")] = Managers,
        [("GET", "/api/audit/{accountId}/history")] = Managers,
        [("GET", "/api/approvals/{accountId}")] = Staff,
        [("GET", "/api/approvals/{accountId}/{jobId}")] = Staff,
        [("GET", "/api/pilot/{accountId}/comparisons")] = Managers,
        [("GET", "/api/pilot/{accountId}/comparisons/{jobId}")] = Managers,
        [("GET", "/api/pilot/{accountId}/weekly")] = Managers,
        [("GET", "/api/pilot/{accountId}/charts/accuracy.svg")] = Managers,
        [("GET", "/api/pilot/{accountId}/charts/revenue.svg")] = Managers,
        [("GET", "/pilot")] = Managers,
        [("POST", "/pilot")] = Managers,
        [("POST", "/api/drafts/{jobId}/suggestions/{itemId}/accept")] = Staff,
        [("POST", "/api/drafts/{jobId}/suggestions/{itemId}/reject")] = Staff,
        [("GET", "/api/drafts/{jobId}/suggestions/decisions")] = Staff,
        [("GET", "/api/leakage/{accountId}/rules")] = Managers,
        [("GET", "/api/leakage/{accountId}/report")] = Managers,
        [("GET", "/api/leakage/{accountId}/report.csv")] = Managers,
        [("GET", "/api/leakage/{accountId}/report.pdf")] = Managers,
        [("GET", "/api/leakage/{accountId}/charts/{dimension}.svg")] = Managers,
        [("GET", "/leakage")] = Managers,
        [("POST", "/leakage")] = Managers,
        [("GET", "/")] = Everyone,
        [("POST", "/")] = Everyone,
        [("GET", "/drafts/{jobId}")] = Everyone,
        [("POST", "/drafts/{jobId}")] = Everyone,
        [("GET", "/drafts/{jobId}/{handler}")] = Staff,
        [("POST", "/drafts/{jobId}/{handler}")] = Staff,
        [("GET", "/signout")] = Everyone,
        [("POST", "/signout")] = Everyone,
        [("GET", "/denied")] = Everyone,
        [("POST", "/denied")] = Everyone,
        [("GET", "/users")] = Owner,
        [("POST", "/users")] = Owner,
        [("POST", "/webhooks/twilio/status")] = [Anyone],
        [("POST", "/webhooks/twilio/inbound")] = [Anyone],
        [("GET", "/collections/opt-out")] = [Anyone],
        [("GET", "/api/receivables/")] = Staff,
        [("GET", "/api/receivables/reminders")] = Staff,
        [("GET", "/api/receivables/clients/{clientId}/messages")] = Staff,
        [("POST", "/api/receivables/clients/{clientId}/pause")] = Staff,
        [("POST", "/api/receivables/clients/{clientId}/resume")] = Staff,
        [("POST", "/api/receivables/invoices/{invoiceId}/pause")] = Staff,
        [("POST", "/api/receivables/invoices/{invoiceId}/resume")] = Staff,
        [("POST", "/api/receivables/invoices/{invoiceId}/dispute")] = Staff,
        [("POST", "/api/receivables/invoices/{invoiceId}/undispute")] = Staff,
        [("GET", "/api/receivables/invoices/{invoiceId}/plan")] = Staff,
        [("POST", "/api/receivables/invoices/{invoiceId}/plan")] = Staff,
        [("GET", "/api/receivables/days-to-paid")] = Staff,
        [("GET", "/api/receivables/late-fees")] = Staff,
        [("GET", "/receivables")] = Staff,
        [("POST", "/receivables")] = Staff,
        [("GET", "/receivables/clients/{clientId}")] = Staff,
        [("POST", "/receivables/clients/{clientId}")] = Staff,
    };

    [Fact]
    public async Task Every_endpoint_and_page_refuses_anonymous_users_and_the_roles_that_must_not_reach_it()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([]);
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string>());
        var clients = new Dictionary<string, HttpClient> { [Roles.Owner] = closeout.Http };
        foreach (var role in new[] { Roles.Manager, Roles.Office, Roles.Technician })
        {
            clients[role] = await closeout.ClientAsAsync(role, $"{role}@closeout.test");
        }

        var mapped = Endpoints(closeout.Services);
        var unlisted = mapped.Except(Access.Keys).Select(e => $"{e.Method} {e.Pattern}: not in the table of who may reach what")
            .Concat(Access.Keys.Except(mapped).Select(e => $"{e.Method} {e.Pattern}: in the table but not mapped")).ToList();
        Assert.True(unlisted.Count == 0, string.Join(Environment.NewLine, unlisted));

        // Anonymous access is declared on the endpoint ([AllowAnonymous]); some of those answer 401 or redirect for their own
        // reasons (an unsigned webhook, a first run already done), so for them the declaration is what is checked.
        var anonymous = AnonymousEndpoints(closeout.Services);
        var failures = new List<string>();
        foreach (var ((method, pattern), allowed) in Access)
        {
            if (allowed.Contains(Anyone) != anonymous.Contains((method, pattern)))
            {
                failures.Add($"{method} {pattern}: {(allowed.Contains(Anyone) ? "must allow" : "must not allow")} anonymous users");
            }

            if (allowed.Contains(Anyone))
            {
                continue;
            }

            var url = Concrete(pattern);
            using (var response = await SendAsync(closeout.Anonymous, method, url))
            {
                var refused = response.StatusCode == HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/signin", StringComparison.Ordinal));
                if (!refused)
                {
                    failures.Add($"{method} {url} anonymous: {(int)response.StatusCode} {response.Headers.Location}, expected refused");
                }
            }

            foreach (var (role, client) in clients)
            {
                using var response = await SendAsync(client, method, url);
                var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                if (allowed.Contains(role) == refused)
                {
                    failures.Add($"{method} {url} as {role}: {(int)response.StatusCode}, expected {(allowed.Contains(role) ? "through" : "refused")}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static HashSet<(string Method, string Pattern)> AnonymousEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"]).Select(m => (m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            .ToHashSet();

    /// <summary>Each endpoint's methods; pages and health checks answer any method, and GET and POST stand for them.</summary>
    private static HashSet<(string Method, string Pattern)> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"]).Select(m => (m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            .ToHashSet();

    /// <summary>A URL for a route pattern: parameters get values no draft, user or account has (authorization runs before any lookup).</summary>
    private static string Concrete(string pattern)
    {
        var path = Parameter().Replace(pattern, m => m.Groups[1].Value switch
        {
            "index" => "0",
            "documentName" => "v1",
            "handler" => m.Value.EndsWith("?}", StringComparison.Ordinal) ? "" : "approve",
            _ => "no-such-" + m.Groups[1].Value,
        });
        return "/" + path.TrimStart('/');
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    [GeneratedRegex(@"\{([A-Za-z]+)[^}]*\}")]
    private static partial Regex Parameter();
}
