namespace Closeout.Drafting.Tests.Support;

/// <summary>Finds the shared dataset next to the repository: the folder holding Closeout.slnx, then ../shared/dataset.</summary>
internal static class SharedDataset
{
    public static string? Root { get; } = FindRoot();

    public static string Business(string name) =>
        Path.Combine(Root ?? throw new InvalidOperationException("The shared dataset was not found next to the repository."), name);

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Closeout.slnx")))
            {
                var dataset = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "dataset"));
                return Directory.Exists(dataset) ? dataset : null;
            }
        }

        return null;
    }
}
