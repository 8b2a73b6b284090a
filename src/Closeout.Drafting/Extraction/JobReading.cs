using Closeout.Drafting.Drafts;

namespace Closeout.Drafting.Extraction;

/// <summary>An item the logged lines and the notes say was used or done, with the quantity used, before policy.</summary>
public sealed record BilledItem(
    string ItemId,
    decimal Quantity,
    LineSource Source,
    IReadOnlyList<Evidence> Evidence,
    double Confidence,
    string? VisitId = null);

/// <summary>Hours a note states a person worked on a visit that has no time-sheet entry ("2.5 hrs w/ helper").</summary>
public sealed record StatedLabor(string VisitId, string UserId, decimal Hours, Evidence Evidence);

/// <summary>
/// What reading a job's logged lines and notes yields: the billable items, the flags, the visits that are
/// warranty work (not charged at all) and labor stated in notes. Policy turns it into a priced draft.
/// </summary>
public sealed record JobReading(
    IReadOnlyList<BilledItem> Items,
    IReadOnlyList<ReviewFlag> Flags,
    IReadOnlySet<string> WarrantyVisitIds,
    IReadOnlyList<StatedLabor> StatedLabor)
{
    public static JobReading Empty { get; } = new([], [], new HashSet<string>(), []);
}
