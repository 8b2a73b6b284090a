using Closeout.Infrastructure;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Closeout.Features.Collections;

/// <summary>
/// SMS through Twilio's REST API with the Twilio package. A create is not idempotent (getting-paid.md T6), so each body
/// carries the delivery's reference and recovery lists the messages to that number before sending again.
/// </summary>
internal sealed class TwilioSmsChannel(IHttpClientFactory httpClients, IOptions<CollectionsOptions> options) : IReminderChannel
{
    public const string HttpClientName = "Closeout.Twilio";

    public ReminderChannel Channel => ReminderChannel.Sms;

    public string? Unavailable => string.IsNullOrEmpty(Settings.AccountSid) || string.IsNullOrEmpty(Settings.From) ? "SMS is not configured (Collections:Twilio)" : null;

    private TwilioOptions Settings => options.Value.Twilio;

    public async Task<Result<SentRef>> SendAsync(OutgoingReminder reminder, Handover handover, CancellationToken cancellationToken)
    {
        await handover.HandedOverAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var message = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber(reminder.Client.Phone))
            {
                From = new PhoneNumber(Settings.From),
                Body = reminder.Message.Body,
                StatusCallback = CallbackFor(reminder),
            }, Client()).ConfigureAwait(false);
            return new SentRef(message.Sid);
        }
        catch (ApiException e)
        {
            if (e.Status is >= 400 and < 500)
            {
                await handover.NotTakenAsync(cancellationToken).ConfigureAwait(false);
            }

            // 21610: the number replied STOP at the carrier; 21211/21614: not a mobile number. Neither gets better with retries.
            return e.Code is 21610 or 21211 or 21614 || e.Status is >= 400 and < 500 and not 429
                ? Failure.Permanent($"Twilio refused the message: {e.Code} {e.Message}")
                : Failure.Transient($"Twilio failed: {e.Status} {e.Message}");
        }
        catch (ApiConnectionException e)
        {
            return Failure.Transient($"Twilio unreachable: {e.Message}");
        }
    }

    public async Task<Result<SentRef?>> FindSentAsync(OutgoingReminder reminder, DateTimeOffset since, CancellationToken cancellationToken)
    {
        try
        {
            var messages = await MessageResource.ReadAsync(new ReadMessageOptions { To = new PhoneNumber(reminder.Client.Phone), PageSize = 50, Limit = 200 }, Client()).ConfigureAwait(false);
            var reference = "Ref " + reminder.Facts.Reference;
            var found = messages.FirstOrDefault(m => m.Body?.Contains(reference, StringComparison.Ordinal) == true);
            return Result.Ok<SentRef?>(found is null ? null : new SentRef(found.Sid));
        }
        catch (Exception e) when (e is ApiException or ApiConnectionException)
        {
            return Failure.Transient($"Twilio could not list messages: {e.Message}");
        }
    }

    /// <summary>The callback names the delivery, since Twilio may call back before its create answer is recorded.</summary>
    private Uri? CallbackFor(OutgoingReminder reminder) => Settings.StatusCallback is not { } url ? null
        : new UriBuilder(url) { Query = $"account={Uri.EscapeDataString(reminder.AccountId)}&delivery={Uri.EscapeDataString(reminder.DeliveryKey)}" }.Uri;

    private TwilioRestClient Client() =>
        new(Settings.AccountSid, Settings.AuthToken, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
}

/// <summary>Sends Twilio's requests to the configured base URL (a local server that speaks Twilio's API in tests).</summary>
internal sealed class TwilioBaseUrlHandler(IOptions<CollectionsOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = options.Value.Twilio.BaseUrl;
        if (request.RequestUri is { } uri && !string.Equals(uri.Host, target.Host, StringComparison.OrdinalIgnoreCase) || request.RequestUri?.Port != target.Port)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
