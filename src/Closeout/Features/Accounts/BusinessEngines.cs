using System.Collections.Concurrent;
using Closeout.Drafting.Configuration;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Infrastructure;

namespace Closeout.Features.Accounts;

/// <summary>One draft engine per business folder, built once (the engine is thread-safe).</summary>
internal sealed class BusinessEngines
{
    private readonly ConcurrentDictionary<string, Lazy<Result<DraftEngine>>> _engines = new(StringComparer.Ordinal);

    public Result<DraftEngine> For(Account account)
    {
        if (string.IsNullOrWhiteSpace(account.Business))
        {
            return Failure.Configuration($"Account {account.Id} has no catalog and policy: map it to a business folder under Accounts:Businesses");
        }

        var folder = Path.GetFullPath(account.Business);
        return _engines.GetOrAdd(folder, f => new Lazy<Result<DraftEngine>>(() => Build(f))).Value;
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
