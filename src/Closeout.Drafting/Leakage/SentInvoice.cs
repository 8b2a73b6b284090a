using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Leakage;

/// <summary>A line of an invoice a business sent: the catalog item and its quantity.</summary>
public sealed record SentLine(string Item, decimal Quantity);

/// <summary>
/// An invoice a business actually sent, with the job it billed: what the miner learns from. <see cref="Key"/> names it
/// in explanations (the job's id, or the dataset case's id) and makes a re-sent invoice replace the earlier one.
/// </summary>
public sealed record SentInvoice(string Key, JobberJob Job, IReadOnlyList<SentLine> Lines)
{
    /// <summary>"#1042 Water heater replacement": how a person finds the past invoice again.</summary>
    public string Label => Job.JobNumber is { } number
        ? FormattableString.Invariant($"#{number} {Job.Title}").TrimEnd()
        : string.IsNullOrWhiteSpace(Job.Title) ? Key : $"{Key} {Job.Title}";
}
