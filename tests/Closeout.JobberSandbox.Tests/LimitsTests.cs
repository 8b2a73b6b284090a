using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Closeout.JobberSandbox.Tests;

public sealed class LimitsTests
{
    // 1 (jobs) + 60 x (0 nodes + 1 id + 1 title + 1 lineItems + 50 x (0 nodes + 1 name)) = 1 + 60 x 53
    private const string Expensive = "{ jobs(first: 60) { nodes { id title lineItems(first: 50) { nodes { name } } } } }";
    private const int ExpensiveCost = 1 + (60 * 53);

    [Fact]
    public async Task Cost_is_reported_and_an_empty_bucket_answers_THROTTLED_until_it_refills()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 6, 12, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxHost.StartAsync(time: time);
        var token = await sandbox.TokenAsync();

        var first = await sandbox.GraphQLAsync(token, Expensive);
        var cost = first["extensions"]!["cost"]!;
        Assert.Equal(ExpensiveCost, cost["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(ExpensiveCost, cost["actualQueryCost"]!.GetValue<int>());
        Assert.Equal(10_000 - ExpensiveCost, cost["throttleStatus"]!["currentlyAvailable"]!.GetValue<int>());
        Assert.Equal(500, cost["throttleStatus"]!["restoreRate"]!.GetValue<int>());

        await sandbox.GraphQLAsync(token, Expensive);
        await sandbox.GraphQLAsync(token, Expensive);
        var throttled = await sandbox.GraphQLAsync(token, Expensive);
        Assert.Equal("THROTTLED", throttled["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("Throttled", throttled["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(0, throttled["extensions"]!["cost"]!["actualQueryCost"]!.GetValue<int>());
        Assert.Null(throttled["data"]);

        time.Advance(TimeSpan.FromSeconds(7));
        var restored = await sandbox.GraphQLAsync(token, Expensive);
        Assert.Null(restored["errors"]);
    }

    [Fact]
    public async Task A_query_costlier_than_the_whole_bucket_is_always_throttled()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var body = await sandbox.GraphQLAsync(await sandbox.TokenAsync(), "{ jobs { nodes { lineItems { nodes { name } } } } }");

        Assert.Equal(1 + (100 * (1 + 100)), body["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal("THROTTLED", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_past_the_rate_limit_get_429_until_the_window_moves_on()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 6, 12, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxHost.StartAsync(new() { ["Sandbox:Limits:RequestsPerWindow"] = "3" }, time, seedCascade: false);
        var token = await sandbox.TokenAsync();

        for (var i = 0; i < 3; i++)
        {
            using var ok = await sandbox.PostGraphQLAsync(token, "{ account { id } }");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await sandbox.PostGraphQLAsync(token, "{ account { id } }"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(300), limited.Headers.RetryAfter!.Delta);
        }

        time.Advance(TimeSpan.FromSeconds(300));
        using var again = await sandbox.PostGraphQLAsync(token, "{ account { id } }");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task The_forced_throttle_switch_throttles_cheap_queries()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedCascade: false);
        var token = await sandbox.TokenAsync();
        using (var set = await sandbox.Http.PostAsync("/sandbox/faults", System.Net.Http.Json.JsonContent.Create(new { forceThrottled = true })))
        {
            set.EnsureSuccessStatusCode();
        }

        var body = await sandbox.GraphQLAsync(token, "{ account { id } }");

        Assert.Equal("THROTTLED", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}
