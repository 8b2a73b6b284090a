using Closeout.Drafting.Drafts;

namespace Closeout.SecondOpinion.Review;

public enum ProposalAction
{
    Add,
    Remove,
    Requantify,
}

/// <summary>A change the model proposes to the draft, as it said it: unvalidated.</summary>
public sealed record Proposal(ProposalAction Action, string ItemId, decimal Quantity, string Quote, string Reason);

/// <summary>A flag the model proposes (kind in the spec's snake_case), with the words of a note that raise it.</summary>
public sealed record ProposedFlag(string Kind, string Message, string Quote);

/// <summary>A customer-friendly description the model proposes for a line.</summary>
public sealed record LineDescription(string ItemId, string Description);

/// <summary>A proposal that passed every check; <see cref="Evidence"/> is where its quote sits in the notes.</summary>
public sealed record AcceptedProposal(Proposal Proposal, Evidence.NoteSpan Evidence);

/// <summary>A proposal that failed a check, kept with the reason for the reviewer and the audit.</summary>
public sealed record RejectedProposal(Proposal Proposal, string Reason);

/// <summary>A proposal that would not change the draft (an add of what is already there, at that quantity).</summary>
public sealed record NoOpProposal(Proposal Proposal, string Reason);
