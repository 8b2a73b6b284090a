using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Tests.Service;

/// <summary>
/// A local server that speaks the part of Twilio's REST API Closeout uses: Messages.json create (form POST, basic auth)
/// and list (filtered by To), with status callbacks POSTed form-encoded and signed with X-Twilio-Signature as Twilio signs
/// them. It can hold a create before or after it records the message, so a test can kill the caller at either point.
/// </summary>
internal sealed class TwilioFake : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "test-auth-token-0123456789";
    public const string From = "+15005550006";

    private readonly WebApplication _app;
    private readonly HttpClient _callbacks = new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
    private int _number;

    private TwilioFake(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<FakeMessage> Messages { get; } = new();

    /// <summary>Numbers whose messages fail at the carrier (status callback "undelivered", error 30003).</summary>
    public ConcurrentDictionary<string, bool> Undeliverable { get; } = new();

    /// <summary>When set, a create waits on it before recording anything (the caller dies "before the send").</summary>
    public TaskCompletionSource? HoldBeforeCreate { get; set; }

    /// <summary>When set, a create records the message then waits before answering (the caller dies "after the send").</summary>
    public TaskCompletionSource? HoldAfterCreate { get; set; }

    public TaskCompletionSource CreateArrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(string Url, int Status)> CallbackResults { get; } = new();

    public static async Task<TwilioFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TwilioFake? fake = null;
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (string sid, HttpRequest request) => fake!.CreateAsync(sid, request));
        app.MapGet("/2010-04-01/Accounts/{sid}/Messages.json", (string sid, HttpRequest request) => fake!.List(sid, request));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake = new TwilioFake(app, new Uri(address));
        return fake;
    }

    /// <summary>Twilio's signature: Base64(HMAC-SHA1(token, URL + every form key and value, keys in ordinal order)).</summary>
    public static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var key in form.Keys.Order(StringComparer.Ordinal))
        {
            data.Append(key).Append(form[key]);
        }

#pragma warning disable CA5350 // Twilio signs with HMAC-SHA1; the fake must sign the same way.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>Posts a form to a Closeout Twilio webhook, signed (or with the given forged signature).</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(Uri url, Dictionary<string, string> form, string? forgedSignature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", forgedSignature ?? Sign(AuthToken, url.ToString(), form));
        return await _callbacks.SendAsync(request);
    }

    private async Task<IResult> CreateAsync(string sid, HttpRequest request)
    {
        if (!Authorized(sid, request))
        {
            return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: 401);
        }

        var form = await request.ReadFormAsync();
        CreateArrived.TrySetResult();
        if (HoldBeforeCreate is { } before)
        {
            await before.Task;
            if (request.HttpContext.RequestAborted.IsCancellationRequested)
            {
                return Results.Empty; // the caller died before Twilio took the message: nothing was sent
            }
        }

        var to = form["To"].ToString();
        if (string.IsNullOrEmpty(to) || string.IsNullOrEmpty(form["Body"].ToString()))
        {
            return Results.Json(new { code = 21602, message = "Message body is required.", status = 400 }, statusCode: 400);
        }

        var message = new FakeMessage($"SM{Interlocked.Increment(ref _number):D32}", to, form["From"].ToString(), form["Body"].ToString(), form["StatusCallback"].ToString(), TimeProvider.System.GetUtcNow());
        Messages.Enqueue(message);
        if (HoldAfterCreate is { } after)
        {
            await after.Task;
        }

        if (!string.IsNullOrEmpty(message.StatusCallback))
        {
            _ = Task.Run(() => CallBackAsync(message));
        }

        return Results.Json(Resource(message, "queued"), statusCode: 201);
    }

    private async Task CallBackAsync(FakeMessage message)
    {
        var failed = Undeliverable.ContainsKey(message.To);
        foreach (var status in failed ? new[] { "sent", "undelivered" } : ["sent", "delivered"])
        {
            var form = new Dictionary<string, string>
            {
                ["AccountSid"] = AccountSid, ["MessageSid"] = message.Sid, ["SmsSid"] = message.Sid, ["MessageStatus"] = status, ["SmsStatus"] = status,
                ["To"] = message.To, ["From"] = message.From, ["ApiVersion"] = "2010-04-01",
            };
            if (failed && status == "undelivered")
            {
                form["ErrorCode"] = "30003";
            }

            try
            {
                using var response = await PostSignedAsync(new Uri(message.StatusCallback), form);
                CallbackResults.Enqueue((message.StatusCallback, (int)response.StatusCode));
            }
            catch (HttpRequestException)
            {
                CallbackResults.Enqueue((message.StatusCallback, 0));
            }
        }
    }

    private IResult List(string sid, HttpRequest request)
    {
        if (!Authorized(sid, request))
        {
            return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: 401);
        }

        var to = request.Query["To"].ToString();
        var found = Messages.Where(m => string.IsNullOrEmpty(to) || m.To == to).Reverse().Select(m => Resource(m, "delivered")).ToList();
        var uri = $"/2010-04-01/Accounts/{sid}/Messages.json";
        return Results.Json(new Dictionary<string, object?>
        {
            ["messages"] = found, ["uri"] = uri, ["first_page_uri"] = uri, ["next_page_uri"] = null, ["previous_page_uri"] = null,
            ["page"] = 0, ["page_size"] = 50, ["start"] = 0, ["end"] = Math.Max(0, found.Count - 1),
        });
    }

    private static bool Authorized(string sid, HttpRequest request)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        return sid == AccountSid && request.Headers.Authorization.ToString() == expected;
    }

    private static Dictionary<string, object?> Resource(FakeMessage m, string status) => new()
    {
        ["sid"] = m.Sid, ["account_sid"] = AccountSid, ["to"] = m.To, ["from"] = m.From, ["body"] = m.Body, ["status"] = status,
        ["date_created"] = m.CreatedAt.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
        ["date_updated"] = m.CreatedAt.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
        ["date_sent"] = null, ["direction"] = "outbound-api", ["api_version"] = "2010-04-01", ["num_segments"] = "1", ["num_media"] = "0",
        ["price"] = null, ["price_unit"] = "USD", ["error_code"] = null, ["error_message"] = null, ["messaging_service_sid"] = null,
        ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{m.Sid}.json", ["subresource_uris"] = new Dictionary<string, string>(),
    };

    public async ValueTask DisposeAsync()
    {
        HoldBeforeCreate?.TrySetResult();
        HoldAfterCreate?.TrySetResult();
        _callbacks.Dispose();
        await _app.DisposeAsync();
    }
}

internal sealed record FakeMessage(string Sid, string To, string From, string Body, string StatusCallback, DateTimeOffset CreatedAt);
