using System.Security.Cryptography;
using System.Text;

namespace Closeout.Features.Webhooks;

/// <summary>X-Jobber-Hmac-SHA256: base64 of HMAC-SHA256 over the raw body, keyed with the app's client secret.</summary>
internal static class WebhookSignature
{
    public const string Header = "X-Jobber-Hmac-SHA256";

    public static bool IsValid(ReadOnlySpan<byte> body, string? signature, string secret)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 128)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[96];
        if (!Convert.TryFromBase64String(signature, given, out var length) || length != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
