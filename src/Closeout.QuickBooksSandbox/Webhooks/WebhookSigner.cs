using System.Security.Cryptography;
using System.Text;

namespace Closeout.QuickBooksSandbox.Webhooks;

/// <summary><c>intuit-signature</c>: base64(HMAC-SHA256(key = the app's verifier token, data = the raw body)).</summary>
public static class WebhookSigner
{
    public const string HeaderName = "intuit-signature";

    public static string Sign(ReadOnlySpan<byte> body, string verifierToken) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(verifierToken), body));

    public static bool Verify(ReadOnlySpan<byte> body, string verifierToken, string? signature) =>
        !string.IsNullOrEmpty(signature)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(body, verifierToken)), Encoding.ASCII.GetBytes(signature));
}
