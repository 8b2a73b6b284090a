using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Leakage;

/// <summary>
/// What one ablation run counted: each billed item of each expected invoice removed in turn, and whether the
/// suggestions on what remained brought it back. <c>Policy*</c> counts the removed items the written policy decides
/// (labor, trip charge, companions), which the advisor leaves to the policy by design.
/// </summary>
public sealed record AblationCounts(int Jobs, int Removed, int Recovered, int RemovedPolicy, int Suggestions, int Correct)
{
    public static AblationCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public int RemovedLearnable => Removed - RemovedPolicy;

    public int Wrong => Suggestions - Correct;

    /// <summary>Share of removed items the suggestions brought back.</summary>
    public double Recall => Removed == 0 ? 0 : (double)Recovered / Removed;

    /// <summary>Recall over the removed items the advisor may suggest (not decided by the written policy).</summary>
    public double LearnableRecall => RemovedLearnable == 0 ? 0 : (double)Recovered / RemovedLearnable;

    /// <summary>Share of suggestions that named the removed item.</summary>
    public double Precision => Suggestions == 0 ? 0 : (double)Correct / Suggestions;

    public static AblationCounts operator +(AblationCounts a, AblationCounts b) =>
        new(a.Jobs + b.Jobs, a.Removed + b.Removed, a.Recovered + b.Recovered, a.RemovedPolicy + b.RemovedPolicy, a.Suggestions + b.Suggestions, a.Correct + b.Correct);
}

/// <summary>The ablation of <c>closeout eval --leakage</c>: history is mined, one billed item at a time is removed from an invoice, suggestions are scored.</summary>
public static class LeakageAblation
{
    /// <summary>Receives one line per removal (what was removed, whether it came back, what was suggested), for tuning.</summary>
    public static Action<string>? Trace { get; set; }

    public static SentInvoice ToSent(DatasetCase @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return new SentInvoice(@case.Id, @case.Job, @case.Expected?.Lines.Select(l => new SentLine(l.Item, l.Quantity)).ToList() ?? []);
    }

    /// <summary>Mines all of <paramref name="history"/> and ablates each of <paramref name="jobs"/> (the held-out view: nothing of a job is mined).</summary>
    public static AblationCounts OnJobs(Catalog catalog, BillingPolicy policy, IReadOnlyList<DatasetCase> history, IEnumerable<DatasetCase> jobs, LeakageThresholds thresholds)
    {
        var advisor = new LeakageAdvisor(catalog, policy, new HistoryMiner(history.Select(ToSent)), thresholds);
        return jobs.Where(j => j.Expected is not null).Select(j => Ablate(advisor, ToSent(j))).Aggregate(AblationCounts.Zero, (a, b) => a + b);
    }

    /// <summary>Leave-one-out over the history itself: each past invoice ablated against a miner of all the others (for choosing thresholds).</summary>
    public static AblationCounts LeaveOneOut(Catalog catalog, BillingPolicy policy, IReadOnlyList<DatasetCase> history, LeakageThresholds thresholds)
    {
        var miner = new HistoryMiner(history.Select(ToSent));
        var advisor = new LeakageAdvisor(catalog, policy, miner, thresholds);
        var total = AblationCounts.Zero;
        foreach (var past in history.Select(ToSent))
        {
            miner.Remove(past.Key);
            total += Ablate(advisor, past);
            miner.Add(past);
        }

        return total;
    }

    /// <summary>
    /// The view closest to use: each job drafted by the engine, and the items its expected invoice bills that the draft
    /// lacks counted as "removed"; suggestions on the engine's draft that name one of them are right, any other is wrong.
    /// </summary>
    public static AblationCounts OnEngineDrafts(LeakageAdvisor advisor, IEnumerable<(JobberJob Job, IReadOnlyList<string> DraftItems, IReadOnlyList<string> ExpectedItems)> jobs)
    {
        ArgumentNullException.ThrowIfNull(advisor);
        var total = AblationCounts.Zero;
        foreach (var (job, draftItems, expectedItems) in jobs)
        {
            var missing = expectedItems.Except(draftItems, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            var suggestions = advisor.Suggest(job, draftItems);
            var right = suggestions.Count(s => missing.Contains(s.ItemId));
            total += new AblationCounts(1, missing.Count, right, missing.Count(m => !advisor.MaySuggest(m)), suggestions.Count, right);
        }

        return total;
    }

    /// <summary>Removes each billed item of one invoice in turn and counts what the suggestions on the rest bring back.</summary>
    public static AblationCounts Ablate(LeakageAdvisor advisor, SentInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(advisor);
        ArgumentNullException.ThrowIfNull(invoice);
        var items = invoice.Lines.Select(l => l.Item).Distinct(StringComparer.Ordinal).ToList();
        var total = AblationCounts.Zero with { Jobs = 1 };
        foreach (var removed in items)
        {
            var suggestions = advisor.Suggest(invoice.Job, items.Where(i => i != removed));
            var hit = suggestions.Any(s => s.ItemId == removed);
            Trace?.Invoke($"{invoice.Key} -{removed}{(advisor.MaySuggest(removed) ? "" : " (policy)")}: {(hit ? "back" : "missed")}; suggested {string.Join(", ", suggestions.Select(s => $"{s.ItemId} {s.Confidence:0.00} [{s.Rule.Key}]"))}");
            total += new AblationCounts(0, 1, hit ? 1 : 0, advisor.MaySuggest(removed) ? 0 : 1, suggestions.Count, hit ? 1 : 0);
        }

        return total;
    }
}
