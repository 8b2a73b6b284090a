using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closeout.JobberSandbox.Webhooks;
using Closeout.Testing.Webhooks;

namespace Closeout.JobberSandbox.Tests;

public sealed class WebhookTests
{
    [Fact]
    public async Task Completing_a_job_delivers_signed_webhooks_whose_hmac_verifies()
    {
        await using var listener = await WebhookListener.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync();
        await SubscribeAsync(sandbox, listener, WebhookTopic.JobUpdate, WebhookTopic.VisitComplete);

        using var complete = await sandbox.Http.PostAsync($"/sandbox/jobs/{SandboxHost.CascadeJob1001}/complete", null);
        Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);

        var received = new[] { await listener.NextAsync(), await listener.NextAsync() };
        Assert.All(received, r => Assert.True(WebhookSigner.Verify(r.Body, SandboxHost.ClientSecret, r.Header("X-Jobber-Hmac-SHA256"))));
        Assert.All(received, r => Assert.False(WebhookSigner.Verify(r.Body, "another-secret", r.Header("X-Jobber-Hmac-SHA256"))));
        var events = received.Select(r => JsonNode.Parse(r.Body)!["data"]!["webHookEvent"]!).ToList();
        var jobEvent = Assert.Single(events, e => e["topic"]!.GetValue<string>() == WebhookTopic.JobUpdate);
        Assert.Equal(SandboxHost.CascadeJob1001, jobEvent["itemId"]!.GetValue<string>());
        Assert.Equal("6f1c2b7e-0d3a-4c59-9d1e-5a7b3c2f9e10", jobEvent["appId"]!.GetValue<string>());
        Assert.NotNull(jobEvent["accountId"]);
        Assert.True(DateTimeOffset.TryParse(jobEvent["occurredAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Contains(events, e => e["topic"]!.GetValue<string>() == WebhookTopic.VisitComplete);
    }

    [Fact]
    public async Task The_duplicate_switch_delivers_each_webhook_twice()
    {
        await using var listener = await WebhookListener.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync();
        await SubscribeAsync(sandbox, listener, WebhookTopic.JobUpdate);
        using (var set = await sandbox.Http.PostAsJsonAsync("/sandbox/faults", new { duplicateWebhooks = true }))
        {
            set.EnsureSuccessStatusCode();
        }

        using var complete = await sandbox.Http.PostAsync($"/sandbox/jobs/{SandboxHost.CascadeJob1001}/complete", null);

        var first = await listener.NextAsync();
        var second = await listener.NextAsync();
        Assert.Equal(first.Body, second.Body);
        Assert.Empty(await listener.CollectAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_until_it_succeeds()
    {
        await using var listener = await WebhookListener.StartAsync();
        listener.FailFirst.Enqueue(500);
        listener.FailFirst.Enqueue(503);
        await using var sandbox = await SandboxHost.StartAsync();
        await SubscribeAsync(sandbox, listener, WebhookTopic.JobUpdate);

        using var complete = await sandbox.Http.PostAsync($"/sandbox/jobs/{SandboxHost.CascadeJob1001}/complete", null);

        var attempts = new[] { await listener.NextAsync(), await listener.NextAsync(), await listener.NextAsync() };
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
        var records = await WaitForAsync(sandbox, r => r.Any(x => x!["state"]!.GetValue<string>() == "delivered"));
        Assert.Equal(3, records.Single()!["attempts"]!.GetValue<int>());
    }

    private static async Task SubscribeAsync(SandboxHost sandbox, WebhookListener listener, params string[] topics)
    {
        using var response = await sandbox.Http.PostAsJsonAsync("/sandbox/webhooks", new { url = listener.Url.ToString(), topics });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonArray> WaitForAsync(SandboxHost sandbox, Func<JsonArray, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var records = (await sandbox.Http.GetFromJsonAsync<JsonArray>("/sandbox/webhooks/deliveries"))!;
            if (done(records))
            {
                return records;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("deliveries did not settle");
    }
}
