using System.Net;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Tests;

public sealed class LimitsAndFaultsTests
{
    private const string Statement = "select * from Account";

    [Fact]
    public async Task The_eleventh_request_in_a_second_gets_the_429_throttle_fault()
    {
        await using var qbo = await QboHost.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await qbo.QueryAsync(Statement)).Status);
        }

        var throttled = await qbo.QueryAsync(Statement);
        await qbo.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        var later = await qbo.QueryAsync(Statement);

        AssertThrottled(throttled);
        Assert.Equal(HttpStatusCode.OK, later.Status);
    }

    [Theory]
    [InlineData("QuickBooksSandbox:Limits:RequestsPerMinutePerRealm", 5, false)]
    [InlineData("QuickBooksSandbox:Limits:BatchRequestsPerMinutePerRealmAndApp", 3, true)]
    public async Task Per_minute_limits_are_waited_out(string setting, int limit, bool batch)
    {
        await using var qbo = await QboHost.StartAsync(new() { [setting] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var body = new JsonObject { ["BatchItemRequest"] = new JsonArray(new JsonObject { ["bId"] = "q", ["Query"] = Statement }) };
        Task<QboResponse> Call() => batch ? qbo.PostAsync("batch", body) : qbo.QueryAsync(Statement);
        for (var i = 0; i < limit; i++)
        {
            await qbo.AdvanceClockAsync(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, (await Call()).Status);
        }

        var throttled = await Call();
        var otherCall = batch ? await qbo.QueryAsync(Statement) : null;
        await qbo.AdvanceClockAsync(TimeSpan.FromSeconds(60));
        var later = await Call();

        AssertThrottled(throttled);
        Assert.Equal(HttpStatusCode.OK, otherCall?.Status ?? HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, later.Status);
    }

    [Fact]
    public async Task Requests_over_the_concurrency_limit_are_throttled()
    {
        await using var qbo = await QboHost.StartAsync(new()
        {
            ["QuickBooksSandbox:Limits:ConcurrentRequestsPerRealmAndApp"] = "1",
            ["QuickBooksSandbox:Limits:RequestsPerSecondPerRealmAndApp"] = "1000",
        });
        await qbo.SetFaultsAsync(new { latencyMilliseconds = 1500 });

        var slow = qbo.QueryAsync(Statement);
        QboResponse? throttled = null;
        for (var i = 0; i < 20 && throttled is null; i++)
        {
            await Task.Delay(50);
            var probe = await qbo.QueryAsync(Statement);
            throttled = probe.Status == HttpStatusCode.TooManyRequests ? probe : null;
        }

        Assert.NotNull(throttled);
        AssertThrottled(throttled);
        Assert.Equal(HttpStatusCode.OK, (await slow).Status);
    }

    [Fact]
    public async Task Injected_throttles_and_server_errors_wear_off_after_their_count()
    {
        await using var qbo = await QboHost.StartAsync();
        await qbo.SetFaultsAsync(new { throttles = 1, serverErrors = 1 });

        var throttled = await qbo.QueryAsync(Statement);
        var failed = await qbo.QueryAsync(Statement);
        var ok = await qbo.QueryAsync(Statement);

        AssertThrottled(throttled);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("ServiceFault", failed["Fault"].Str("type"));
        Assert.Equal(HttpStatusCode.OK, ok.Status);
    }

    [Fact]
    public async Task An_injected_concurrent_edit_makes_the_write_stale_until_it_is_re_read()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        await qbo.SetFaultsAsync(new { staleSyncTokens = 1 });
        var update = new JsonObject { ["Id"] = customer.Str("Id"), ["SyncToken"] = customer.Str("SyncToken"), ["sparse"] = true, ["Notes"] = "call first" };

        var stale = await qbo.PostAsync("customer", update);
        var reread = await qbo.ReadAsync("Customer", customer.Str("Id"));
        update["SyncToken"] = reread.Str("SyncToken");
        var retried = await qbo.PostAsync("customer", update);

        Assert.Equal("5010", stale.FaultCode);
        Assert.Equal("1", reread.Str("SyncToken"));
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal("2", retried["Customer"].Str("SyncToken"));
        Assert.Equal("call first", retried["Customer"].Str("Notes"));
    }

    [Fact]
    public async Task Malformed_bodies_and_unknown_entities_are_validation_faults()
    {
        await using var qbo = await QboHost.StartAsync();

        var malformed = await qbo.SendAsync(HttpMethod.Post, QboHost.Path("customer"), "{not json");
        var unknown = await qbo.PostAsync("widget", new JsonObject());

        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("ValidationFault", malformed["Fault"].Str("type"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
    }

    private static void AssertThrottled(QboResponse response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.Contains("<Fault type=\"SERVICE\"><Error code=\"3001\">", response.Text, StringComparison.Ordinal);
        Assert.Contains("message=ThrottleExceeded; errorCode=003001; statusCode=429", response.Text, StringComparison.Ordinal);
    }
}
