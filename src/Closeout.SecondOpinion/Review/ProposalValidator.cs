using System.Globalization;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Extraction;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;

namespace Closeout.SecondOpinion.Review;

/// <summary>The checks between a model's answer and a draft, and what came of each proposal, flag and description.</summary>
internal sealed record Validation(
    IReadOnlyList<AcceptedProposal> Accepted,
    IReadOnlyList<RejectedProposal> Rejected,
    IReadOnlyList<NoOpProposal> NoOps,
    IReadOnlyList<ReviewFlag> Flags,
    IReadOnlyList<LineDescription> Descriptions,
    IReadOnlyList<string> SteeringNoteIds);

/// <summary>
/// Nothing a model says reaches a draft unless: the item is in the account's catalog and is not labor or the trip
/// charge (those are the policy's); the quote is in the job's notes and the note does not talk to a model; the
/// quantity is positive and plausible for the unit; the change would change something the notes' reading owns.
/// </summary>
internal sealed class ProposalValidator(DraftEngine engine, ProposalLimits limits)
{
    private static readonly HashSet<LineSource> ReadSources = [LineSource.Logged, LineSource.Notes, LineSource.History, LineSource.Llm];

    public Validation Validate(JobberJob job, DraftInvoice draft, ReviewAnswer answer)
    {
        var quotes = new NoteQuotes(job);
        var steering = (job.Notes?.Items ?? []).Where(n => n?.Message is { } m && SteeringNotes.AddressesAReader(m)).Select(n => n.Id ?? string.Empty)
            .Concat(job.Instructions is { } i && SteeringNotes.AddressesAReader(i) ? [NoteQuotes.InstructionsId] : [])
            .ToList();
        var accepted = new List<AcceptedProposal>();
        var rejected = new List<RejectedProposal>();
        var noOps = new List<NoOpProposal>();
        var changed = new HashSet<string>(StringComparer.Ordinal);

        foreach (var proposal in answer.Proposals)
        {
            var (evidence, problem, noOp) = Check(proposal, draft, quotes, steering);
            if (problem is null && changed.Contains(proposal.ItemId))
            {
                problem = "another proposal already changes this item";
            }

            if (problem is null && noOp is null && accepted.Count >= limits.MaxChanges)
            {
                problem = $"more than {limits.MaxChanges} changes in one answer";
            }

            if (problem is not null)
            {
                rejected.Add(new RejectedProposal(proposal, problem));
            }
            else if (noOp is not null)
            {
                noOps.Add(new NoOpProposal(proposal, noOp));
            }
            else
            {
                changed.Add(proposal.ItemId);
                accepted.Add(new AcceptedProposal(proposal, evidence!));
            }
        }

        var flags = new List<ReviewFlag>();
        foreach (var flag in answer.Flags)
        {
            if (FlagKinds.Parse(flag.Kind) is { } kind && kind != FlagKind.InvalidInput && quotes.Find(flag.Quote) is { } span)
            {
                flags.Add(new ReviewFlag(kind, $"Second opinion: {Clip(flag.Message, 300)}", [span]));
            }
        }

        var onDraft = draft.Lines.Select(l => l.ItemId).Concat(accepted.Where(a => a.Proposal.Action == ProposalAction.Add).Select(a => a.Proposal.ItemId)).ToHashSet(StringComparer.Ordinal);
        var descriptions = answer.Descriptions
            .Where(d => onDraft.Contains(d.ItemId) && IsCustomerText(d.Description))
            .GroupBy(d => d.ItemId, StringComparer.Ordinal)
            .Select(g => g.First() with { Description = g.First().Description.Trim() })
            .ToList();
        return new Validation(accepted, rejected, noOps, flags, descriptions, steering);
    }

    private (Evidence.NoteSpan? Evidence, string? Problem, string? NoOp) Check(Proposal p, DraftInvoice draft, NoteQuotes quotes, List<string> steering)
    {
        var item = engine.Catalog.Find(p.ItemId);
        if (item is null)
        {
            return (null, $"'{p.ItemId}' is not in the price book", null);
        }

        if (item.Kind == ItemKind.Labor || item.Id == engine.Policy.TripCharge?.Item)
        {
            return (null, $"{item.Name} is billed by the policy from time sheets and visits, not from a proposal", null);
        }

        var span = quotes.Find(p.Quote);
        if (span is null)
        {
            return (null, "the quote does not occur in the job's notes", null);
        }

        if (steering.Contains(span.NoteId) || SteeringNotes.AddressesAReader(p.Quote))
        {
            return (null, "the note it quotes is written to an automated reader, not a record of work; a person must decide", null);
        }

        var lines = draft.Lines.Where(l => l.ItemId == item.Id).ToList();
        var onDraft = lines.Sum(l => l.Quantity);
        if (p.Action == ProposalAction.Remove)
        {
            return lines.Count == 0 ? (null, null, "not on the draft")
                : lines.All(l => ReadSources.Contains(l.Source)) ? (span, null, null)
                : (null, $"{item.Name} is on the draft by the billing policy; a proposal cannot remove it", null);
        }

        var max = limits.MaxFor(item.Unit);
        if (p.Quantity <= 0 || p.Quantity > max)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"quantity {p.Quantity} is not plausible for {item.Unit} (1 to {max})"), null);
        }

        if (string.Equals(item.Unit, "each", StringComparison.OrdinalIgnoreCase) && p.Quantity != decimal.Truncate(p.Quantity))
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"quantity {p.Quantity} of an item sold each is not whole"), null);
        }

        if (p.Action == ProposalAction.Add)
        {
            return lines.Count == 0 ? (span, null, null)
                : onDraft == p.Quantity ? (null, null, "already on the draft at that quantity")
                : (null, string.Create(CultureInfo.InvariantCulture, $"already on the draft at {onDraft}; a different quantity is a requantify"), null);
        }

        return lines.Count == 0 ? (null, "not on the draft; an item to bill is an add", null)
            : onDraft == p.Quantity ? (null, null, "already on the draft at that quantity")
            : lines.All(l => ReadSources.Contains(l.Source)) ? (span, null, null)
            : (null, $"{item.Name} is on the draft by the billing policy; a proposal cannot change its quantity", null);
    }

    // A line description goes to the customer: short, one line, and no prices or links of the model's making.
    private static bool IsCustomerText(string text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= 200 && !text.Contains('$', StringComparison.Ordinal)
        && !text.Contains("http", StringComparison.OrdinalIgnoreCase) && !text.Any(char.IsControl)
        && !SteeringNotes.AddressesAReader(text);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
