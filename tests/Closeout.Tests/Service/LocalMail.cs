using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Closeout.Tests.Service;

/// <summary>A real SMTP server (SmtpServer) listening on loopback in-process; keeps every message it receives.</summary>
internal sealed class LocalSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private LocalSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>When set, MAIL FROM waits for it before it is answered: the client is mid-conversation, nothing accepted yet.</summary>
    public TaskCompletionSource? HoldAtMailFrom { get; set; }

    /// <summary>When set, a message is stored (accepted) and the 250 answer to DATA waits for it: the client does not know yet.</summary>
    public TaskCompletionSource? HoldAfterAccept { get; set; }

    public TaskCompletionSource MailFromArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource MessageAccepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static LocalSmtpServer Start() => new(FreePort());

    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> which, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (Messages.FirstOrDefault(which) is { } message)
            {
                return message;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"no such mail among {Messages.Count}");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Store(LocalSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            server.Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            server.MessageAccepted.TrySetResult();
            if (server.HoldAfterAccept is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(LocalSmtpServer server) : MailboxFilter
    {
        public override async Task<bool> CanAcceptFromAsync(ISessionContext context, SmtpServer.Mail.IMailbox from, int size, CancellationToken cancellationToken)
        {
            server.MailFromArrived.TrySetResult();
            if (server.HoldAtMailFrom is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            return true;
        }
    }
}

/// <summary>A local HTTP listener standing in for a Slack incoming webhook: keeps each POST body; can be told to fail.</summary>
internal sealed class LocalWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalWebhook(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    public int FailuresLeft { get; set; }

    public static async Task<LocalWebhook> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LocalWebhook? hook = null;
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            if (hook!.FailuresLeft > 0)
            {
                hook.FailuresLeft--;
                return Results.StatusCode(500);
            }

            hook.Bodies.Enqueue(body);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        hook = new LocalWebhook(app, new Uri(new Uri(address), "/hook"));
        return hook;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
