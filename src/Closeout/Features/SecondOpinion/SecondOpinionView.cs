using Closeout.Drafting.Drafts;
using Closeout.SecondOpinion;

namespace Closeout.Features.SecondOpinion;

public sealed record ProposalView(string Action, string ItemId, decimal Quantity, string Quote, string Reason, string? Verdict = null);

/// <summary>What the second opinion made of a draft, stored with it: for the reviewer (suggest) and the audit (merge).</summary>
public sealed record SecondOpinionView(
    string Mode,
    string Outcome,
    string Reason,
    IReadOnlyList<ProposalView> Accepted,
    IReadOnlyList<ProposalView> Rejected,
    IReadOnlyList<Drafts.DraftFlagView> Flags,
    IReadOnlyDictionary<string, string> Descriptions,
    bool PriceIgnored,
    decimal Cost)
{
    /// <summary>How the catalog candidates were chosen, and why embeddings were not used when they failed.</summary>
    public string? Retrieval { get; init; }

    public static SecondOpinionView From(SecondOpinionMode mode, SecondOpinionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            mode.ToString().ToLowerInvariant(),
            result.Outcome.ToString(),
            result.Reason,
            result.Accepted.Select(a => View(a.Proposal, null)).ToList(),
            result.Rejected.Select(r => View(r.Proposal, r.Reason)).ToList(),
            result.Flags.Select(f => new Drafts.DraftFlagView(f.Kind.Code(), f.Message, f.Evidence.Select(Drafts.EvidenceView.From).ToList())).ToList(),
            result.Descriptions.GroupBy(d => d.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Description, StringComparer.Ordinal),
            result.PriceIgnored,
            result.Cost)
        {
            Retrieval = result.Retrieval,
        };
    }

    private static ProposalView View(Closeout.SecondOpinion.Review.Proposal p, string? verdict) =>
        new(p.Action.ToString().ToLowerInvariant(), p.ItemId, p.Quantity, p.Quote, p.Reason, verdict);
}
