using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Closeout.JobberSandbox.Webhooks;

/// <summary>What happened to one delivery, for <c>GET /sandbox/webhooks/deliveries</c>.</summary>
internal sealed record DeliveryRecord(string Id, string Url, string Topic, string ItemId, int Attempts, string State, string? LastError);

/// <summary>
/// Delivers queued webhooks at least once: each delivery is POSTed until a 2xx answer, retried with exponential
/// backoff on other statuses, timeouts and connection errors, and given up after MaxAttempts.
/// </summary>
internal sealed partial class WebhookDeliveryWorker(
    WebhookEvents events,
    IHttpClientFactory httpClients,
    IOptionsMonitor<WebhookDeliveryOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "jobber-sandbox-webhooks";

    private readonly ConcurrentDictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    public IReadOnlyList<DeliveryRecord> Records => _records.Values.OrderBy(r => r.Id.Length).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var delivery in events.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                _records[delivery.Id] = new DeliveryRecord(delivery.Id, delivery.Url, delivery.Topic, delivery.ItemId, 0, "pending", null);
                var task = DeliverAsync(delivery, stoppingToken);
                _inFlight[delivery.Id] = task;
                _ = task.ContinueWith(_ => _inFlight.TryRemove(delivery.Id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }

        await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            if (delivery.InitialDelay > TimeSpan.Zero)
            {
                await Task.Delay(delivery.InitialDelay, time, stoppingToken).ConfigureAwait(false);
            }

            var settings = options.CurrentValue;
            for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
            {
                var error = await AttemptAsync(delivery, settings, stoppingToken).ConfigureAwait(false);
                if (error is null)
                {
                    _records[delivery.Id] = new DeliveryRecord(delivery.Id, delivery.Url, delivery.Topic, delivery.ItemId, attempt, "delivered", null);
                    return;
                }

                var final = attempt == settings.MaxAttempts;
                _records[delivery.Id] = new DeliveryRecord(delivery.Id, delivery.Url, delivery.Topic, delivery.ItemId, attempt, final ? "failed" : "retrying", error);
                LogAttemptFailed(delivery.Id, delivery.Topic, attempt, error);
                if (!final)
                {
                    await Task.Delay(Backoff(settings, attempt), time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: an undelivered webhook is lost with the process, like any in-memory sandbox state
        }
    }

    private async Task<string?> AttemptAsync(WebhookDelivery delivery, WebhookDeliveryOptions settings, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(settings.TimeoutMilliseconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url);
            request.Content = new ByteArrayContent(delivery.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(WebhookSigner.HeaderName, delivery.Signature);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError.ToString();
        }
    }

    private static TimeSpan Backoff(WebhookDeliveryOptions settings, int attempt)
    {
        var delay = settings.FirstRetryDelayMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(delay, settings.MaxRetryDelayMilliseconds));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} ({Topic}) attempt {Attempt} failed: {Error}")]
    private partial void LogAttemptFailed(string deliveryId, string topic, int attempt, string error);
}
