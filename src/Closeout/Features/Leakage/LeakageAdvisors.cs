using System.Collections.Concurrent;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Leakage;
using Closeout.Features.Accounts;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Leakage;

/// <summary>
/// One history miner and advisor per business folder, built from its history/ on first use and refreshed with every
/// sent invoice Closeout reads from Jobber afterwards (<see cref="Learn"/>). Never shared across businesses.
/// </summary>
internal sealed partial class LeakageAdvisors(SuggestionFeedback feedback, ILogger<LeakageAdvisors> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<LeakageAdvisor?>> _advisors = new(StringComparer.Ordinal);

    public LeakageAdvisor? For(Account account) =>
        string.IsNullOrWhiteSpace(account.Business) ? null : _advisors.GetOrAdd(Path.GetFullPath(account.Business), f => new Lazy<LeakageAdvisor?>(() => Build(f))).Value;

    /// <summary>The suggestions for one draft; none (never an error) when the business has no usable history.</summary>
    public async Task<IReadOnlyList<SuggestionView>> SuggestAsync(Account account, JobberJob job, IEnumerable<string> draftItems, CancellationToken cancellationToken)
    {
        if (For(account) is not { } advisor)
        {
            return [];
        }

        var rules = await feedback.FeedbackAsync(account.Id, cancellationToken).ConfigureAwait(false);
        return advisor.Suggest(job, draftItems, rules).Select(SuggestionView.From).ToList();
    }

    /// <summary>Learns what the business sent for one job (a re-sent invoice replaces the earlier), its lines matched to the catalog.</summary>
    public void Learn(Account account, Catalog catalog, string jobId, JobberJob job, IEnumerable<JobberInvoiceLine> lines) =>
        For(account)?.Miner.Add(new SentInvoice(jobId, job, lines
            .Select(l => (Item: ItemOf(catalog, l.ProductName, l.Name), l.Quantity)).Where(x => x.Item is not null)
            .Select(x => new SentLine(x.Item!, x.Quantity)).ToList()));

    /// <summary>The catalog id of an invoice line as Jobber returns it: by its linked product's name, else its own name.</summary>
    public static string? ItemOf(Catalog catalog, string? linkedName, string? lineName)
    {
        foreach (var name in new[] { linkedName, lineName })
        {
            if (name is not null && catalog.Items.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)) is { } item)
            {
                return item.Id;
            }
        }

        return null;
    }

    private LeakageAdvisor? Build(string folder)
    {
        try
        {
            var business = LoadedBusiness.Load(new BusinessFolder(folder));
            return new LeakageAdvisor(business.Catalog, business.Policy, new HistoryMiner(business.History.Select(LeakageAblation.ToSent)));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or Drafting.Configuration.ConfigurationLoadException)
        {
            LogUnusable(logger, folder, e.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business folder {Folder} gives no leakage history ({Error}); drafts get no suggestions")]
    private static partial void LogUnusable(ILogger logger, string folder, string error);
}
