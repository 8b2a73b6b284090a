using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using Closeout.QuickBooksSandbox.Control;
using Closeout.QuickBooksSandbox.OAuth;
using Microsoft.Extensions.Options;

namespace Closeout.QuickBooksSandbox.Webhooks;

/// <summary>What happened to one delivery, for <c>GET /sandbox/webhooks/deliveries</c>.</summary>
public sealed record DeliveryRecord(
    string Id, string Url, WebhookFormat Format, IReadOnlyList<string> Events, int Attempts, string State,
    string? LastError, DateTimeOffset? NextAttemptAt, string Body);

/// <summary>
/// Intuit's delivery: changes queue per app endpoint (only for companies the app is connected to); a delivery
/// carries what is queued (up to MaxEventsPerDelivery), signed with the app's verifier token, and counts as
/// delivered on a 200 within the timeout. A failed delivery is retried on Intuit's schedule (10 s, 20 s, 30 s,
/// 5 min, 20 min, 2 h, 4 h, 6 h, then every 6 h, on the sandbox clock) and holds back later ones meanwhile.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IOptionsMonitor<QuickBooksSandboxOptions> options,
    IOptionsMonitor<WebhookDeliveryOptions> delivery,
    WebhookEndpoints endpoints,
    TokenService tokens,
    SandboxFaults faults,
    SandboxClock clock,
    IHttpClientFactory httpClients,
    ILogger<WebhookDispatcher> logger) : BackgroundService, IWebhookEvents
{
    public const string HttpClientName = "qbo-sandbox-webhooks";

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private long _sequence;

    public IReadOnlyList<DeliveryRecord> Records =>
        [.. _records.Values.OrderBy(r => long.Parse(r.Id.AsSpan(4), CultureInfo.InvariantCulture))];

    public void Publish(ChangeEvent change)
    {
        foreach (var app in options.CurrentValue.Apps)
        {
            if (!tokens.IsConnected(app.ClientId, change.RealmId))
            {
                continue;
            }

            foreach (var endpoint in endpoints.For(app))
            {
                var lane = _lanes.GetOrAdd($"{app.ClientId}|{endpoint.Url}", _ => new Lane(app.VerifierToken, endpoint.Url, endpoint.Format));
                lane.Enqueue(change, faults.Current.OutOfOrderWebhooks);
            }
        }

        _wake.Release();
    }

    /// <summary>Nudges the worker, e.g. after the sandbox clock moved, so due retries go out now.</summary>
    public void Wake() => _wake.Release();

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(delivery.CurrentValue.PollMilliseconds), stoppingToken).ConfigureAwait(false);
                running.RemoveAll(t => t.IsCompleted);
                foreach (var lane in _lanes.Values)
                {
                    if (lane.Busy)
                    {
                        continue;
                    }

                    lane.Head ??= Next(lane);
                    if (lane.Head is { } head && head.NextAttemptAt <= clock.GetUtcNow())
                    {
                        lane.Busy = true;
                        running.Add(AttemptAsync(lane, head, stoppingToken));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: queued and retrying webhooks are lost with the process, like all sandbox state
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private Delivery? Next(Lane lane)
    {
        while (!lane.Pending.IsEmpty)
        {
            var changes = new List<ChangeEvent>();
            while (changes.Count < delivery.CurrentValue.MaxEventsPerDelivery && lane.Pending.TryDequeue(out var change))
            {
                changes.Add(change);
            }

            var body = WebhookPayloads.Build(lane.Format, changes);
            var id = $"qwh_{Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture)}";
            var next = new Delivery(id, body, WebhookSigner.Sign(body, lane.VerifierToken), [.. changes.Select(c => $"{c.RealmId}/{c.Entity}/{c.Id}/{c.Operation}")]);
            if (faults.TakeDropWebhook())
            {
                Record(lane, next, "dropped", null, null);
                continue;
            }

            Record(lane, next, "pending", null, null);
            return next;
        }

        return null;
    }

    private async Task AttemptAsync(Lane lane, Delivery head, CancellationToken stoppingToken)
    {
        try
        {
            var settings = delivery.CurrentValue;
            head.Attempts++;
            var error = await SendAsync(lane, head, settings, stoppingToken).ConfigureAwait(false);
            if (error is null)
            {
                Record(lane, head, "delivered", null, null);
                lane.Head = null;
                if (faults.Current.DuplicateWebhooks)
                {
                    await SendAsync(lane, head, settings, stoppingToken).ConfigureAwait(false);
                }

                return;
            }

            LogAttemptFailed(head.Id, head.Attempts, error);
            if (head.Attempts >= settings.MaxAttempts)
            {
                Record(lane, head, "failed", error, null);
                lane.Head = null;
                return;
            }

            var schedule = settings.Schedule;
            var wait = schedule[Math.Min(head.Attempts, schedule.Count) - 1];
            head.NextAttemptAt = clock.GetUtcNow().AddSeconds(wait);
            Record(lane, head, "retrying", error, head.NextAttemptAt);
        }
        finally
        {
            lane.Busy = false;
            _wake.Release();
        }
    }

    private async Task<string?> SendAsync(Lane lane, Delivery head, WebhookDeliveryOptions settings, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(settings.TimeoutMilliseconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, lane.Url);
            request.Content = new ByteArrayContent(head.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
            request.Headers.TryAddWithoutValidation(WebhookSigner.HeaderName, head.Signature);
            request.Headers.TryAddWithoutValidation("intuit-created-time", clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("intuit-t-id", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("intuit-notification-schema-version", "0.1");
            request.Headers.TryAddWithoutValidation("User-Agent", "intuit_notification_server/0.1");
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.StatusCode == System.Net.HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}";
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

    private void Record(Lane lane, Delivery head, string state, string? error, DateTimeOffset? next) =>
        _records[head.Id] = new DeliveryRecord(head.Id, lane.Url, lane.Format, head.Events, head.Attempts, state, error, next, System.Text.Encoding.UTF8.GetString(head.Body));

    [LoggerMessage(Level = LogLevel.Information, Message = "QuickBooks webhook delivery {DeliveryId} attempt {Attempt} failed: {Error}")]
    private partial void LogAttemptFailed(string deliveryId, int attempt, string error);

    /// <summary>One app endpoint: changes not yet in a delivery, and the delivery at the head (which holds back the rest).</summary>
    /// <remarks>Head and Busy are written by an attempt's task and read by the worker loop, hence volatile.</remarks>
    private sealed class Lane(string verifierToken, string url, WebhookFormat format)
    {
        private volatile Delivery? _head;
        private volatile bool _busy;
        private ChangeEvent? _held;

        public string VerifierToken { get; } = verifierToken;
        public string Url { get; } = url;
        public WebhookFormat Format { get; } = format;
        public ConcurrentQueue<ChangeEvent> Pending { get; } = new();

        /// <summary>With <paramref name="swap"/>, a change is held until the next one and queued after it.</summary>
        public void Enqueue(ChangeEvent change, bool swap)
        {
            lock (Pending)
            {
                if (swap && _held is null)
                {
                    _held = change;
                    return;
                }

                Pending.Enqueue(change);
                if (_held is not null)
                {
                    Pending.Enqueue(_held);
                    _held = null;
                }
            }
        }

        public Delivery? Head
        {
            get => _head;
            set => _head = value;
        }

        public bool Busy
        {
            get => _busy;
            set => _busy = value;
        }
    }

    private sealed class Delivery(string id, byte[] body, string signature, IReadOnlyList<string> events)
    {
        public string Id { get; } = id;
        public byte[] Body { get; } = body;
        public string Signature { get; } = signature;
        public IReadOnlyList<string> Events { get; } = events;
        public int Attempts { get; set; }
        public DateTimeOffset NextAttemptAt { get; set; } = DateTimeOffset.MinValue;
    }
}

/// <summary>Webhook endpoints per app: those configured plus those added at run time (POST /sandbox/webhooks).</summary>
internal sealed class WebhookEndpoints
{
    private readonly ConcurrentDictionary<string, List<WebhookEndpoint>> _added = new(StringComparer.Ordinal);

    public IReadOnlyList<WebhookEndpoint> For(QuickBooksApp app)
    {
        if (!_added.TryGetValue(app.ClientId, out var list))
        {
            return app.Webhooks;
        }

        lock (list)
        {
            return [.. app.Webhooks.Where(w => !list.Exists(a => a.Url == w.Url)), .. list];
        }
    }

    public void Add(string clientId, WebhookEndpoint endpoint)
    {
        var list = _added.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            list.RemoveAll(e => e.Url == endpoint.Url);
            list.Add(endpoint);
        }
    }
}
