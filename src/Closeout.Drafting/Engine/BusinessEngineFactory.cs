using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Engine;

/// <summary>A business folder read: its catalog, its policy and the past jobs with the invoice it sent (history/).</summary>
public sealed record LoadedBusiness(Catalog Catalog, BillingPolicy Policy, IReadOnlyList<DatasetCase> History)
{
    /// <summary>Reads catalog.json, policy.json and history/; a broken history file is skipped (it teaches nothing).</summary>
    public static LoadedBusiness Load(BusinessFolder business)
    {
        ArgumentNullException.ThrowIfNull(business);
        var catalog = CatalogLoader.Load(business.CatalogPath);
        if (!catalog.IsSuccess)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, catalog.Errors));
        }

        var policy = PolicyLoader.Load(business.PolicyPath, catalog.Value!);
        if (!policy.IsSuccess)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, policy.Errors));
        }

        var history = new List<DatasetCase>();
        foreach (var path in Directory.Exists(business.HistoryPath) ? Directory.GetFiles(business.HistoryPath, "*.json").Order(StringComparer.Ordinal).ToArray() : [])
        {
            try
            {
                var past = DatasetReader.ReadCase(path);
                if (past.Expected is not null)
                {
                    history.Add(past);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
            {
                // A broken history file teaches nothing; the engine still drafts.
            }
        }

        return new LoadedBusiness(catalog.Value!, policy.Value!, history);
    }
}

/// <summary>Builds a <see cref="DraftEngine"/> from a business folder in the dataset format (catalog.json, policy.json, history/).</summary>
public sealed class BusinessEngineFactory(DraftEngineOptions? options = null) : IDraftEngineFactory
{
    public IDraftEngine Create(BusinessFolder business)
    {
        var loaded = LoadedBusiness.Load(business);
        var history = loaded.History.Select(past => new PastJob(past.Job, past.Expected!.Lines.Select(l => l.Item).ToList()));
        return new DraftEngine(loaded.Catalog, loaded.Policy, history, options);
    }
}
