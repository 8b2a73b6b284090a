using System.Text;

namespace Closeout.JobberSandbox.Domain;

/// <summary>
/// Jobber's <c>EncodedId</c>: base64 of <c>gid://Jobber/{Type}/{key}</c>, e.g. <c>Z2lkOi8vSm9iYmVyL0pvYi8xMDAx</c> = <c>gid://Jobber/Job/1001</c>.
/// </summary>
public static class GlobalId
{
    private const string Prefix = "gid://Jobber/";

    public static string Encode(string type, string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Prefix}{type}/{key}"));

    public static string Encode(string type, long key) =>
        Encode(type, key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The type and key of an encoded id, or null when it is not one.</summary>
    public static (string Type, string Key)? Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return null;
        }

        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || slash == rest.Length - 1 ? null : (rest[..slash], rest[(slash + 1)..]);
    }

    public static bool IsOfType(string? encoded, string type) => Decode(encoded)?.Type == type;
}
