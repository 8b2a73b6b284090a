using System.Collections.Concurrent;
using Closeout.Drafting.Configuration;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Features.PriceBook;
using Closeout.Infrastructure;

namespace Closeout.Features.Accounts;

/// <summary>
/// The draft engine of an account, built once per catalog (the engine is thread-safe). A business folder with a
/// catalog.json prices with that file; a folder with only policy.json prices with the catalog synced from the account's
/// Jobber products and services, rebuilt when a sync replaces it.
/// </summary>
internal sealed class BusinessEngines(CatalogStore catalogs)
{
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
            return _engines.GetOrAdd(folder, f => new Lazy<Result<DraftEngine>>(() => Build(f))).Value;
        }

        var synced = await catalogs.FindAsync(account.Id, cancellationToken).ConfigureAwait(false);
        if (synced is null)
        {
            return Failure.Transient($"The catalog of account {account.Id} has not been synced from Jobber yet");
        }

        var key = $"{account.Id}|{synced.SyncedAt.ToUnixTimeMilliseconds()}|{folder}";
        return _engines.GetOrAdd(key, _ =>
        {
            // An older build of this account's catalog is dropped: only the latest sync prices drafts.
            foreach (var stale in _engines.Keys.Where(k => k.StartsWith(account.Id + "|", StringComparison.Ordinal) && k != key))
            {
                _engines.TryRemove(stale, out Lazy<Result<DraftEngine>>? _);
            }

            return new Lazy<Result<DraftEngine>>(() =>
            {
                var built = CatalogFromJobber.Build(account.Name, synced.Products, Path.Combine(folder, "policy.json"));
                return built.IsSuccess ? new DraftEngine(built.Value.Catalog, built.Value.Policy) : built.Failure!;
            });
        }).Value;
    }

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
