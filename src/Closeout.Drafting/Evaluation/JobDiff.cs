namespace Closeout.Drafting.Evaluation;

public sealed record ItemQuantity(string Item, decimal Quantity);

public sealed record QuantityMismatch(string Item, decimal Expected, decimal Predicted);

/// <summary>
/// How one job's draft differs from its expected invoice, after summing lines per item. The counts feed the
/// micro-averaged F1s of <see cref="Metrics"/>: predicted = matched + extra, expected = matched + missing.
/// </summary>
public sealed record JobDiff(
    string Id,
    int MatchedItems,
    IReadOnlyList<ItemQuantity> MissingItems,
    IReadOnlyList<ItemQuantity> ExtraItems,
    IReadOnlyList<QuantityMismatch> WrongQuantities,
    int MatchedFlags,
    IReadOnlyList<string> MissingFlags,
    IReadOnlyList<string> ExtraFlags,
    decimal PredictedTotal,
    decimal ExpectedTotal)
{
    public int PredictedItems => MatchedItems + ExtraItems.Count;
    public int ExpectedItems => MatchedItems + MissingItems.Count;
    public int MatchedQuantities => MatchedItems - WrongQuantities.Count;
    public int PredictedFlags => MatchedFlags + ExtraFlags.Count;
    public int ExpectedFlags => MatchedFlags + MissingFlags.Count;

    /// <summary>Draft total minus expected total.</summary>
    public decimal TotalDifference => PredictedTotal - ExpectedTotal;

    /// <summary>Same items with the same summed quantities.</summary>
    public bool LinesExact => MissingItems.Count == 0 && ExtraItems.Count == 0 && WrongQuantities.Count == 0;

    public bool TotalExact => Math.Abs(TotalDifference) <= Scorer.TotalTolerance;

    public bool FlagsExact => MissingFlags.Count == 0 && ExtraFlags.Count == 0;

    /// <summary>Anything a metric counts against the draft.</summary>
    public bool IsMiss => !LinesExact || !TotalExact || !FlagsExact;
}
