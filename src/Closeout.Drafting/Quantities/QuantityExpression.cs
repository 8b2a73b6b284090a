namespace Closeout.Drafting.Quantities;

/// <summary>What a number in a note is: an amount of something, or one of the many numbers that are not.</summary>
public enum QuantityKind
{
    /// <summary>How many or how much was used: "3", "14' of", "2 lbs 8 oz", "a pair", "x2".</summary>
    Amount,

    /// <summary>A size that describes a thing rather than counting it: "1/2 PEX", "2in PVC", "50 gal gas", "#5", "16x25x1", "10 mfd".</summary>
    Size,

    /// <summary>A reading or setting: "85 psi", "120F", "19 deg", "12.8 ohms", "9 yrs old", "3x a day".</summary>
    Reading,

    /// <summary>An identifier, label, date or clock time: "R410", "Q-311", "job #3003", "2am", "Day 2", "10/12".</summary>
    Reference,

    /// <summary>An amount stated without a number: "some", "a few", "a couple hundred feet". It has no value.</summary>
    Vague,
}

/// <summary>A size stated for each of a counted container: the "450 sf" of "2 pallets @ 450 sf ea".</summary>
public readonly record struct Measure(decimal Value, string Unit);

/// <summary>
/// One number (or vague amount) found in a clause. <see cref="Unit"/> is normalised (<see cref="Units"/>) and null for a bare
/// count; <see cref="Start"/> and <see cref="Length"/> locate it in the text the parser was given.
/// </summary>
public sealed record QuantityExpression(
    QuantityKind Kind,
    decimal? Value,
    string? Unit,
    int Start,
    int Length,
    string Text,
    bool Approximate = false,
    Measure? Each = null,
    decimal? RangeLow = null)
{
    /// <summary>True when the note gave a unit ("3 ft") rather than a bare count ("3").</summary>
    public bool HasUnit => Unit is not null;

    /// <summary>Index just past the expression.</summary>
    public int End => Start + Length;

    /// <summary>An amount with a number: what a quantity for an invoice line can come from.</summary>
    public bool IsAmount => Kind == QuantityKind.Amount && Value is not null;
}
