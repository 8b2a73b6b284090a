using System.Collections.Concurrent;
using Closeout.Infrastructure;
using Closeout.Infrastructure.QuickBooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Closeout.Tests.Features.QuickBooks;

/// <summary>A request as the stub saw it.</summary>
internal sealed record SeenRequest(string Method, string Path, IQueryCollection Query, string Body, string? Authorization, DateTimeOffset At);

/// <summary>
/// A scripted QuickBooks on a loopback port: each request gets the next scripted answer (status, body, content type),
/// the last one repeating. For the REST client's tests before (and beside) the real QuickBooks sandbox.
/// </summary>
internal sealed class QboStub : IAsyncDisposable
{
    public const string Realm = "9130350000000001";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Body, string ContentType, TimeSpan Hold)> _script = new();
    private (int Status, string Body, string ContentType, TimeSpan Hold) _last = (200, "{}", "application/json", TimeSpan.Zero);
    private int _inFlight;

    private QboStub(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    public int MaxInFlight { get; private set; }

    public static async Task<QboStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        QboStub? stub = null;
        app.Map("/{**path}", async (HttpContext http) => await stub!.AnswerAsync(http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        stub = new QboStub(app, new Uri(address));
        return stub;
    }

    public QboStub Then(int status, string body, string contentType = "application/json", TimeSpan? hold = null)
    {
        _script.Enqueue((status, body, contentType, hold ?? TimeSpan.Zero));
        return this;
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        lock (_script)
        {
            MaxInFlight = Math.Max(MaxInFlight, inFlight);
        }

        try
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            Seen.Enqueue(new SeenRequest(http.Request.Method, http.Request.Path, http.Request.Query, body, http.Request.Headers.Authorization, TimeProvider.System.GetUtcNow()));
            if (_script.TryDequeue(out var next))
            {
                _last = next;
            }

            var answer = _last;
            if (answer.Hold > TimeSpan.Zero)
            {
                await Task.Delay(answer.Hold);
            }

            http.Response.StatusCode = answer.Status;
            http.Response.ContentType = answer.ContentType;
            http.Response.Headers["intuit_tid"] = "1-test";
            await http.Response.WriteAsync(answer.Body);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The REST client pointed at this stub with a fixed token pair; 401 refreshes to "fresh-token".</summary>
    public QuickBooksClient Client(Action<QuickBooksOptions>? configure = null, FixedTokens? tokens = null)
    {
        var settings = new QuickBooksOptions { ApiBaseUrl = BaseAddress, ThrottleWaitMilliseconds = 200, RetryBaseDelayMilliseconds = 10 };
        configure?.Invoke(settings);
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var options = Options.Create(settings);
        return new QuickBooksClient(services.GetRequiredService<IHttpClientFactory>(), options, tokens ?? new FixedTokens(),
            new QboRateLimiter(options, TimeProvider.System), TimeProvider.System, NullLogger<QuickBooksClient>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed class FixedTokens : IQboAccessTokens
{
    public int Refreshes { get; private set; }

    public string Current { get; private set; } = "first-token";

    public Task<Result<QboAccess>> AccessAsync(string accountId, CancellationToken cancellationToken) =>
        Task.FromResult<Result<QboAccess>>(new QboAccess(QboStub.Realm, Current));

    public Task<Result<QboAccess>> RefreshAsync(string accountId, string rejected, CancellationToken cancellationToken)
    {
        Refreshes++;
        Current = "fresh-token";
        return Task.FromResult<Result<QboAccess>>(new QboAccess(QboStub.Realm, Current));
    }
}
