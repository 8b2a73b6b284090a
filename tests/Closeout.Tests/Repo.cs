namespace Closeout.Tests;

/// <summary>Paths of the repository the tests run from: its root holds Closeout.slnx, and the shared dataset is <c>../shared/dataset</c>.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Dataset => Path.GetFullPath(Path.Combine(Root, "..", "shared", "dataset"));

    public static string Ratchet => Path.Combine(Root, "eval", "ratchet.json");

    /// <summary>The repository's own proxy for held-back businesses of other trades (electrician, pest control, pool and spa).</summary>
    public static string Trades => Path.Combine(Root, "eval", "trades");

    public static string TradesRatchet => Path.Combine(Root, "eval", "trades-ratchet.json");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Closeout.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Closeout.slnx above {AppContext.BaseDirectory}");
    }
}
