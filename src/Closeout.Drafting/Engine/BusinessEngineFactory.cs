using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Engine;

/// <summary>Builds a <see cref="DraftEngine"/> from a business folder in the dataset format (catalog.json, policy.json, history/).</summary>
public sealed class BusinessEngineFactory(DraftEngineOptions? options = null) : IDraftEngineFactory
{
    public IDraftEngine Create(BusinessFolder business)
    {
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

        var history = new List<PastJob>();
        foreach (var path in Directory.Exists(business.HistoryPath) ? Directory.GetFiles(business.HistoryPath, "*.json").Order(StringComparer.Ordinal).ToArray() : [])
        {
            try
            {
                var past = DatasetReader.ReadCase(path);
                if (past.Expected is not null)
                {
                    history.Add(new PastJob(past.Job, past.Expected.Lines.Select(l => l.Item).ToList()));
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
            {
                // A broken history file teaches nothing; the engine still drafts.
            }
        }

        return new DraftEngine(catalog.Value!, policy.Value!, history, options);
    }
}
