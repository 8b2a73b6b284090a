using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Extraction;
using Closeout.Drafting.Jobs;

namespace Closeout.SecondOpinion.Review;

/// <summary>
/// Applies validated changes to what the engine read, then prices it with the engine's own policy: the model never
/// sets a price, and labor, trip charge, companions and tax follow the changed items exactly as they would for the
/// engine. Every changed line is source <see cref="LineSource.Llm"/> with low confidence, and the draft is flagged
/// <see cref="FlagKind.LlmReview"/>, so it goes to a person and is never auto-approved.
/// </summary>
internal static class DraftMerger
{
    public const double Confidence = 0.5;

    public static DraftInvoice Merge(DraftEngine engine, JobberJob job, DraftInvoice engineDraft, Validation validation)
    {
        var changes = validation.Accepted;
        var draft = changes.Count == 0 ? engineDraft : engine.Redraft(job, reading => reading with { Items = Amend(reading.Items, changes) });

        var descriptions = validation.Descriptions.ToDictionary(d => d.ItemId, d => d.Description, StringComparer.Ordinal);
        var lines = draft.Lines.Select(l => descriptions.TryGetValue(l.ItemId, out var d) ? l with { Description = d } : l).ToList();

        var flags = draft.Flags.ToList();
        flags.AddRange(validation.Flags.Where(f => !flags.Any(g => g.Kind == f.Kind)));
        if (validation.SteeringNoteIds.Count > 0)
        {
            flags.Add(new ReviewFlag(
                FlagKind.Ambiguous,
                $"A note reads as instructions to an automated reader ({string.Join(", ", validation.SteeringNoteIds)}); check what it asks for by hand.",
                [new Evidence.Rule("Notes are records of work; a note that addresses a model is never acted on without a person.")]));
        }

        var anyChange = changes.Count > 0 || validation.Flags.Count > 0 || descriptions.Count > 0;
        if (anyChange)
        {
            var what = changes.Select(c => $"{c.Proposal.Action.ToString().ToLowerInvariant()} {c.Proposal.ItemId}").ToList();
            if (descriptions.Count > 0)
            {
                what.Add($"{descriptions.Count} line descriptions");
            }

            if (validation.Flags.Count > 0)
            {
                what.Add($"{validation.Flags.Count} flags");
            }

            flags.Add(new ReviewFlag(
                FlagKind.LlmReview,
                $"A language model's second opinion changed this draft ({string.Join("; ", what)}); check the lines marked llm before sending.",
                [new Evidence.Rule("Changes from a language model always go to a person before the invoice is sent.")]));
        }

        return draft with { Lines = lines, Flags = flags };
    }

    private static List<BilledItem> Amend(IReadOnlyList<BilledItem> items, IReadOnlyList<AcceptedProposal> changes)
    {
        var amended = items.ToList();
        foreach (var (proposal, span) in changes)
        {
            var existing = amended.Where(b => b.ItemId == proposal.ItemId).ToList();
            amended.RemoveAll(b => b.ItemId == proposal.ItemId);
            switch (proposal.Action)
            {
                case ProposalAction.Add:
                    amended.Add(new BilledItem(proposal.ItemId, proposal.Quantity, LineSource.Llm, [span], Confidence));
                    break;
                case ProposalAction.Requantify:
                    amended.Add(new BilledItem(
                        proposal.ItemId,
                        proposal.Quantity,
                        LineSource.Llm,
                        [.. existing.SelectMany(b => b.Evidence), span],
                        Math.Min(Confidence, existing.Select(b => b.Confidence).DefaultIfEmpty(Confidence).Min()),
                        existing.Select(b => b.VisitId).FirstOrDefault()));
                    break;
                default:
                    break;
            }
        }

        return amended;
    }
}
