using System.Security.Cryptography;
using System.Text;

namespace Closeout.JobberSandbox.Webhooks;

/// <summary>X-Jobber-Hmac-SHA256: base64(HMAC-SHA256(raw body, app client secret)).</summary>
public static class WebhookSigner
{
    public const string HeaderName = "X-Jobber-Hmac-SHA256";

    public static string Sign(ReadOnlySpan<byte> body, string clientSecret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), body));

    public static bool Verify(ReadOnlySpan<byte> body, string clientSecret, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(body, clientSecret));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
