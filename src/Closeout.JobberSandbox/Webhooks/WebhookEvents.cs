using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Closeout.JobberSandbox.Control;
using Closeout.JobberSandbox.Domain;
using Microsoft.Extensions.Options;

namespace Closeout.JobberSandbox.Webhooks;

internal interface IWebhookEvents
{
    /// <summary>Queues the topic's webhook to every subscribed app; the worker delivers it.</summary>
    void Publish(Account account, string topic, string itemId);
}

/// <summary>One POST to one subscriber: the exact body (signed as is) and its signature.</summary>
internal sealed record WebhookDelivery(string Id, string Url, string Topic, string ItemId, byte[] Body, string Signature, TimeSpan InitialDelay);

internal sealed class WebhookEvents(
    IOptionsMonitor<SandboxOptions> options,
    WebhookSubscriptions subscriptions,
    SandboxFaults faults,
    TimeProvider time) : IWebhookEvents
{
    private readonly Channel<WebhookDelivery> _queue = Channel.CreateUnbounded<WebhookDelivery>();
    private long _sequence;

    public ChannelReader<WebhookDelivery> Reader => _queue.Reader;

    public void Publish(Account account, string topic, string itemId)
    {
        var current = faults.Current;
        foreach (var app in options.CurrentValue.Apps)
        {
            foreach (var subscription in subscriptions.For(app))
            {
                if (subscription.Topics.Count > 0 && !subscription.Topics.Contains(topic, StringComparer.Ordinal))
                {
                    continue;
                }

                var body = Body(app, account, topic, itemId);
                var signature = WebhookSigner.Sign(body, app.ClientSecret);
                var copies = current.DuplicateWebhooks ? 2 : 1;
                for (var copy = 0; copy < copies; copy++)
                {
                    var delay = current.OutOfOrderWebhooks
                        ? TimeSpan.FromMilliseconds(Random.Shared.Next(0, Math.Max(1, current.OutOfOrderMaxDelayMilliseconds)))
                        : TimeSpan.Zero;
                    var id = $"whd_{Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture)}";
                    _queue.Writer.TryWrite(new WebhookDelivery(id, subscription.Url, topic, itemId, body, signature, delay));
                }
            }
        }
    }

    /// <summary>The payload exactly as jobber-api.md shows it (apps created after 2022-04-11: occurredAt).</summary>
    private byte[] Body(AppRegistration app, Account account, string topic, string itemId) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            data = new
            {
                webHookEvent = new
                {
                    topic,
                    appId = app.AppId,
                    accountId = account.Id,
                    itemId,
                    occurredAt = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                },
            },
        });
}
