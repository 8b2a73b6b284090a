using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Testing.ProviderFakes;

/// <summary>Shared by the SecondOpinion and service tests (compiled into both). A recorded answer: status, body, headers, and how long the server sits on it.</summary>
internal sealed record Reply(int Status, string Body, string ContentType = "application/json", TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>A request as the server received it.</summary>
internal sealed record Received(string Path, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real HTTP server on a loopback port that plays back recorded answers in order, on any path, whatever the
/// provider: the SDKs under test speak their real wire protocol to it.
/// </summary>
internal sealed class ProviderStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<string, Reply>> _replies = new();
    private readonly ConcurrentQueue<Received> _received = new();

    private ProviderStub(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Received> Requests => [.. _received];

    public static async Task<ProviderStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new ProviderStub(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        stub.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return stub;
    }

    public ProviderStub Then(Reply reply) => Then(_ => reply);

    /// <summary>An answer built from the request body (Ollama's stream flag decides its framing).</summary>
    public ProviderStub Then(Func<string, Reply> reply)
    {
        _replies.Enqueue(reply);
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _received.Enqueue(new Received(
            context.Request.Path.Value ?? string.Empty,
            body,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        var reply = _replies.TryDequeue(out var next) ? next(body) : new Reply(500, """{"error":{"message":"no recorded reply left"}}""");
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
