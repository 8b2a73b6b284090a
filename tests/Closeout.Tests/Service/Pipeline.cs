using Closeout.Drafting.Dataset;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;

namespace Closeout.Tests.Service;

/// <summary>A sandbox seeded with dataset businesses and a Closeout connected to each of their accounts, on one provider.</summary>
internal sealed class Pipeline : IAsyncDisposable
{
    private Pipeline(TestDatabase database, Sandbox sandbox, CloseoutServer closeout, IReadOnlyDictionary<string, string> folders)
    {
        Database = database;
        Sandbox = sandbox;
        Closeout = closeout;
        Folders = folders;
    }

    public TestDatabase Database { get; }

    public Sandbox Sandbox { get; }

    public CloseoutServer Closeout { get; }

    /// <summary>Business folder by sandbox account id.</summary>
    public IReadOnlyDictionary<string, string> Folders { get; }

    public static async Task<Pipeline> StartAsync(Provider provider, params string[] businesses) =>
        await StartAsync(provider, businesses, null, null);

    public static async Task<Pipeline> StartAsync(
        Provider provider, string[] businesses, Dictionary<string, string?>? closeoutSettings, Dictionary<string, string?>? sandboxSettings,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        var folders = businesses.Select(b => Path.Combine(Repo.Dataset, b)).ToList();
        var database = await TestDatabase.CreateAsync(provider);
        var sandbox = await Sandbox.StartAsync(folders, sandboxSettings);
        var accounts = await sandbox.AccountsAsync();
        var byAccount = accounts.ToDictionary(
            a => a.Id,
            a => folders.Single(f => Drafting.Catalogs.CatalogLoader.Load(Path.Combine(f, "catalog.json")).Value!.Business == a.Name));
        var closeout = await CloseoutServer.StartAsync(database, sandbox, byAccount, closeoutSettings, configure);
        await sandbox.SubscribeAsync(closeout.WebhookUrl);
        foreach (var account in accounts)
        {
            await closeout.ConnectAsync(sandbox, account.Id, account.Name);
        }

        return new Pipeline(database, sandbox, closeout, byAccount);
    }

    /// <summary>What the engine drafts for the dataset's copy of the job (matched by job number): what Closeout must store.</summary>
    public DraftInvoice EngineDraft(string accountId, long jobNumber)
    {
        var folder = Folders[accountId];
        var engine = new BusinessEngineFactory().Create(new BusinessFolder(folder));
        var job = DatasetReader.ReadCases(Path.Combine(folder, "jobs")).Single(c => c.Job.JobNumber == jobNumber).Job;
        return engine.Draft(job);
    }

    /// <summary>A job of the business's jobs/ folder (the sandbox also holds its history/ jobs, already invoiced).</summary>
    public bool IsDatasetJob(string accountId, long jobNumber) =>
        DatasetReader.ReadCases(Path.Combine(Folders[accountId], "jobs")).Any(c => c.Job.JobNumber == jobNumber);

    public async ValueTask DisposeAsync()
    {
        await Closeout.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Database.DisposeAsync();
    }
}
