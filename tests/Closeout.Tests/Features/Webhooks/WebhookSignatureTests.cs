using System.Text;
using Closeout.Features.Webhooks;

namespace Closeout.Tests.Features.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"data":{"webHookEvent":{"topic":"JOB_UPDATE"}}}""");

    [Fact]
    public void The_signature_of_the_body_with_the_secret_is_valid() =>
        Assert.True(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, "secret"), "secret"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")]
    public void Missing_or_malformed_signatures_are_invalid(string? signature) =>
        Assert.False(WebhookSignature.IsValid(Body, signature, "secret"));

    [Fact]
    public void Another_secret_or_another_body_is_invalid()
    {
        var signature = WebhookSignature.Sign(Body, "secret");
        Assert.False(WebhookSignature.IsValid(Body, signature, "other"));
        Assert.False(WebhookSignature.IsValid([.. Body, (byte)' '], signature, "secret"));
    }

    [Theory]
    [InlineData("""{"data":{"webHookEvent":{"topic":"JOB_UPDATE","accountId":"A","itemId":"J","occurredAt":"t"}}}""", "JOB_UPDATE|A|J|t", "pending")]
    [InlineData("""{"data":{"webHookEvent":{"topic":"JOB_UPDATE","accountId":"A","itemId":"J","occuredAt":"t"}}}""", "JOB_UPDATE|A|J|t", "pending")]
    [InlineData("""{"data":{"webHookEvent":{"topic":"CLIENT_CREATE","accountId":"A","itemId":"C","occurredAt":"t"}}}""", "CLIENT_CREATE|A|C|t", "ignored")]
    public void Deliveries_are_keyed_by_topic_account_item_and_time(string json, string key, string state)
    {
        var delivery = WebhookEndpoints.Parse(Encoding.UTF8.GetBytes(json))!;
        Assert.Equal((key, state), (delivery.DeliveryKey, delivery.State));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"data":{}}""")]
    [InlineData("""{"data":{"webHookEvent":{"itemId":"x"}}}""")]
    public void Malformed_payloads_are_not_deliveries(string json) =>
        Assert.Null(WebhookEndpoints.Parse(Encoding.UTF8.GetBytes(json)));
}
