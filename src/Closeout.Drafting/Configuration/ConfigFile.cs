namespace Closeout.Drafting.Configuration;

internal static class ConfigFile
{
    /// <summary>The file's text, or a failure naming the file when it cannot be read.</summary>
    public static string? TryRead(string path, out ConfigError? error)
    {
        try
        {
            error = null;
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = new ConfigError(path, "$", $"cannot be read: {ex.Message}");
            return null;
        }
    }
}
