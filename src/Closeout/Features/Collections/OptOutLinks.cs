using System.Security.Cryptography;
using System.Text;

namespace Closeout.Features.Collections;

/// <summary>Signed email opt-out links: /collections/opt-out?account=..&amp;client=..&amp;sig=.. (the signature stops guessing other clients' links).</summary>
internal static class OptOutLinks
{
    public static string For(CollectionsOptions options, string accountId, string clientId) =>
        options.OptOutLink.Replace("{token}", $"?account={Uri.EscapeDataString(accountId)}&client={Uri.EscapeDataString(clientId)}&sig={Sign(options, accountId, clientId)}", StringComparison.Ordinal);

    public static bool Verify(CollectionsOptions options, string accountId, string clientId, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(options, accountId, clientId)), Encoding.ASCII.GetBytes(signature));

    private static string Sign(CollectionsOptions options, string accountId, string clientId) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.LinkSecret), Encoding.UTF8.GetBytes($"{accountId}\n{clientId}")))[..20].ToLowerInvariant();
}
