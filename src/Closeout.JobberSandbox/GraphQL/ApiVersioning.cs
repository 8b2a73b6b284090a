using System.Globalization;

namespace Closeout.JobberSandbox.GraphQL;

internal sealed record VersionResolution(string Version, string? Warning);

/// <summary>X-JOBBER-GRAPHQL-VERSION (jobber-api.md, Transport): required; reported back in extensions.versioning.</summary>
internal static class ApiVersioning
{
    public const string HeaderName = "X-JOBBER-GRAPHQL-VERSION";

    /// <summary>The version served for a requested one, or null when the header is missing or not a YYYY-MM-DD date.</summary>
    public static VersionResolution? Resolve(string? requested, SandboxOptions options)
    {
        if (!DateOnly.TryParseExact(requested, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked))
        {
            return null;
        }

        var current = DateOnly.ParseExact(options.CurrentApiVersion, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var oldest = DateOnly.ParseExact(options.OldestSupportedApiVersion, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var deprecated = DateOnly.ParseExact(options.DeprecatedBeforeApiVersion, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (asked < oldest)
        {
            return new VersionResolution(options.OldestSupportedApiVersion,
                $"Version {requested} is no longer supported; this request was served by {options.OldestSupportedApiVersion}. Please upgrade.");
        }

        if (asked > current)
        {
            return new VersionResolution(options.CurrentApiVersion, null);
        }

        return new VersionResolution(requested!,
            asked < deprecated ? $"Version {requested} will soon be unsupported. Please upgrade to {options.CurrentApiVersion}." : null);
    }
}
