using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Testing.Webhooks;

internal sealed record ReceivedWebhook(byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>One header's value (names are kept lower-case), or null when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>A webhook receiver on a loopback port that records each POST with its raw body and headers.</summary>
internal sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookListener(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>How long to wait before answering (to exercise the sender's timeout).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Status codes to answer with, in order, before answering 200.</summary>
    public Queue<int> FailFirst { get; } = new();

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var listener = new WebhookListener(app);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            int status;
            lock (listener.FailFirst)
            {
                status = listener.FailFirst.Count > 0 ? listener.FailFirst.Dequeue() : 200;
            }

            var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
            await listener._received.Writer.WriteAsync(new ReceivedWebhook(buffer.ToArray(), headers));
            if (listener.Delay > TimeSpan.Zero)
            {
                await Task.Delay(listener.Delay);
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        listener.Url = new Uri(new Uri(address), "/hooks");
        return listener;
    }

    public async Task<ReceivedWebhook> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Everything that arrives until nothing has come for <paramref name="quiet"/>.</summary>
    public async Task<List<ReceivedWebhook>> CollectAsync(TimeSpan quiet)
    {
        var all = new List<ReceivedWebhook>();
        while (true)
        {
            try
            {
                all.Add(await NextAsync(quiet));
            }
            catch (OperationCanceledException)
            {
                return all;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
