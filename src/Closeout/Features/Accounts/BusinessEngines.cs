using System.Collections.Concurrent;
using Closeout.Drafting.Configuration;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Features.PriceBook;
using Closeout.Infrastructure;

namespace Closeout.Features.Accounts;

/// <summary>
/// The draft engine of an account, built once per catalog and policy (the engine is thread-safe). A business folder with a
/// catalog.json prices with that file; a folder with only policy.json prices with the catalog synced from the account's
/// Jobber products and services, rebuilt when a sync replaces it. An edited catalog.json or policy.json is picked up on
/// the next draft, and a folder that cannot be loaded is not remembered: once the owner fixes it, the next retry drafts.
/// </summary>
internal sealed class BusinessEngines(CatalogStore catalogs)
{
    private static readonly string[] StampedFiles = ["catalog.json", "policy.json"];

    private readonly ConcurrentDictionary<string, Lazy<Result<DraftEngine>>> _engines = new(StringComparer.Ordinal);

    /// <summary>True when the account's drafts are priced from its synced Jobber catalog (its folder has no catalog.json).</summary>
    public static bool UsesSyncedCatalog(Account account) =>
        !string.IsNullOrWhiteSpace(account.Business) && !File.Exists(Path.Combine(account.Business, "catalog.json"));

    public async Task<Result<DraftEngine>> ForAsync(Account account, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(account.Business))
        {
            return Failure.Configuration($"Account {account.Id} has no policy: map it to a business folder under Accounts:Businesses");
        }

        var folder = Path.GetFullPath(account.Business);
        if (!UsesSyncedCatalog(account))
        {
            return Cached(folder + "|", $"{folder}|{Stamp(folder)}", () => Build(folder));
        }

        var synced = await catalogs.FindAsync(account.Id, cancellationToken).ConfigureAwait(false);
        if (synced is null)
        {
            return Failure.Transient($"The catalog of account {account.Id} has not been synced from Jobber yet");
        }

        // Only the latest sync (and the policy as it is now) prices drafts; older builds of this account are dropped.
        return Cached(account.Id + "|", $"{account.Id}|{synced.SyncedAt.ToUnixTimeMilliseconds()}|{folder}|{Stamp(folder)}", () =>
        {
            var built = CatalogFromJobber.Build(account.Name, synced.Products, Path.Combine(folder, "policy.json"));
            return built.IsSuccess ? new DraftEngine(built.Value.Catalog, built.Value.Policy) : built.Failure!;
        });
    }

    /// <summary>The engine under <paramref name="key"/>, built once; other keys of the same owner are dropped, and a failure is not kept.</summary>
    private Result<DraftEngine> Cached(string owner, string key, Func<Result<DraftEngine>> build)
    {
        var engine = _engines.GetOrAdd(key, _ =>
        {
            foreach (var stale in _engines.Keys.Where(k => k.StartsWith(owner, StringComparison.Ordinal) && k != key))
            {
                _engines.TryRemove(stale, out Lazy<Result<DraftEngine>>? _);
            }

            return new Lazy<Result<DraftEngine>>(build);
        }).Value;
        if (!engine.IsSuccess)
        {
            _engines.TryRemove(key, out Lazy<Result<DraftEngine>>? _);
        }

        return engine;
    }

    /// <summary>When the folder's catalog and policy were last written: a change makes a new engine.</summary>
    private static string Stamp(string folder) => string.Join('|', StampedFiles.Select(name =>
        File.GetLastWriteTimeUtc(Path.Combine(folder, name)).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Result<DraftEngine> Build(string folder)
    {
        try
        {
            return Result.Ok<DraftEngine>((DraftEngine)new BusinessEngineFactory().Create(new BusinessFolder(folder)));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ConfigurationLoadException or System.Text.Json.JsonException)
        {
            return Failure.Configuration($"Business folder {folder} cannot be loaded: {e.Message}");
        }
    }
}
