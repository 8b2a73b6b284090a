namespace Closeout.Drafting.Quantities;

/// <summary>
/// A quantity in a catalog item's unit. <see cref="ExplicitUnit"/> is false when the note gave a bare count ("3") and
/// the number was passed through unchanged: for an item sold by the foot or the pound the caller decides whether a count
/// means anything. <see cref="ViaContainerSize"/> says a stated container size was used ("2 pallets @ 450 sf", "Per 50 lb bag").
/// </summary>
public sealed record ConvertedQuantity(decimal Quantity, bool ExplicitUnit, bool ViaContainerSize = false);

/// <summary>Converts note quantities into the unit a catalog item is sold in.</summary>
public static class UnitConversion
{
    private enum Dimension
    {
        Length,
        Mass,
        Volume,
        Bulk,
        Area,
        Time,
    }

    private static readonly Dictionary<string, (Dimension Dimension, decimal Factor)> Factors = new(StringComparer.Ordinal)
    {
        [Units.Foot] = (Dimension.Length, 1m),
        [Units.Inch] = (Dimension.Length, 1m / 12m),
        [Units.Yard] = (Dimension.Length, 3m),
        [Units.Meter] = (Dimension.Length, 3.280839895m),
        [Units.Pound] = (Dimension.Mass, 1m),
        [Units.Ounce] = (Dimension.Mass, 1m / 16m),
        [Units.Ton] = (Dimension.Mass, 2000m),
        [Units.Kilogram] = (Dimension.Mass, 2.20462262185m),
        [Units.Gram] = (Dimension.Mass, 0.00220462262185m),
        [Units.Gallon] = (Dimension.Volume, 1m),
        [Units.Quart] = (Dimension.Volume, 0.25m),
        [Units.Pint] = (Dimension.Volume, 0.125m),
        [Units.Liter] = (Dimension.Volume, 0.264172052m),
        [Units.FluidOunce] = (Dimension.Volume, 1m / 128m),
        [Units.CubicFoot] = (Dimension.Bulk, 1m),
        [Units.CubicYard] = (Dimension.Bulk, 27m),
        [Units.SquareFoot] = (Dimension.Area, 1m),
        [Units.SquareYard] = (Dimension.Area, 9m),
        [Units.SquareMeter] = (Dimension.Area, 10.7639104m),
        [Units.Hour] = (Dimension.Time, 1m),
        [Units.Minute] = (Dimension.Time, 1m / 60m),
    };

    /// <summary>Converts a parsed quantity, using the size of each container it states ("2 pallets @ 450 sf ea").</summary>
    public static ConvertedQuantity? ToItemUnit(QuantityExpression quantity, string itemUnit, string itemText)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (quantity.Value is not { } value)
        {
            return null;
        }

        var item = NormalizeItemUnit(itemUnit);
        if (quantity.Each is { } each && quantity.Unit is { } container && container != item)
        {
            var converted = ToItemUnit(value * each.Value, each.Unit, itemUnit, itemText);
            return converted is null ? null : converted with { ViaContainerSize = true };
        }

        return ToItemUnit(value, quantity.Unit, itemUnit, itemText);
    }

    /// <summary>
    /// Converts <paramref name="value"/> in <paramref name="fromUnit"/> (normalised or as written; null for a bare count) into
    /// <paramref name="itemUnit"/>. <paramref name="itemText"/> (the item's name and description) supplies a container size
    /// ("Per 50 lb bag"). Null when the units do not convert.
    /// </summary>
    public static ConvertedQuantity? ToItemUnit(decimal value, string? fromUnit, string itemUnit, string itemText)
    {
        ArgumentNullException.ThrowIfNull(itemUnit);
        itemText ??= "";
        var item = NormalizeItemUnit(itemUnit);
        var from = fromUnit is null ? null : Units.Normalize(fromUnit) ?? fromUnit.Trim().ToLowerInvariant();

        if (from is null)
        {
            // A bare count: right for things sold by the piece or the container, a guess for anything measured.
            return new ConvertedQuantity(value, false);
        }

        if (from == item)
        {
            return new ConvertedQuantity(value, true);
        }

        if (from == Units.Pair)
        {
            if (item != Units.Each)
            {
                return null;
            }

            var soldInPairs = itemText.Contains("pair", StringComparison.OrdinalIgnoreCase);
            return new ConvertedQuantity(soldInPairs ? value : value * 2, true);
        }

        if (from == Units.Each)
        {
            return Factors.ContainsKey(item) ? new ConvertedQuantity(value, false) : new ConvertedQuantity(value, true);
        }

        if (Measure(from, item) is { } fromFactor && Measure(item, from) is { } itemFactor)
        {
            if (fromFactor.Dimension == itemFactor.Dimension)
            {
                return new ConvertedQuantity(Round(value * fromFactor.Factor / itemFactor.Factor), true);
            }

            return null;
        }

        if (Measure(from, item) is { } measure && !Factors.ContainsKey(item))
        {
            // A measure into an item sold by the bag or the piece: only through the item's stated size. A length is a
            // size a container holds only for a roll, coil or spool: "Lift cable set, 7 ft door" fits a door 7 ft high.
            var holdsLength = measure.Dimension != Dimension.Length
                || System.Text.RegularExpressions.Regex.IsMatch(itemText, @"\b(rolls?|coils?|spools?|reels?|bundles?|boxe?s?|lengths?|sticks?)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            if (holdsLength && ItemSize(itemText, item, measure.Dimension) is { } size)
            {
                return new ConvertedQuantity(Round(value * measure.Factor / size), true, true);
            }

            return null;
        }

        if (Units.IsContainer(from) && item == Units.Each)
        {
            // "2 bags" of an item sold each (a bag is the piece): a count, without a unit that proves it.
            return new ConvertedQuantity(value, false);
        }

        return null;
    }

    private static string NormalizeItemUnit(string itemUnit)
    {
        var u = itemUnit.Trim();
        if (u.StartsWith("per ", StringComparison.OrdinalIgnoreCase))
        {
            u = u[4..];
        }

        return Units.Normalize(u) ?? u.ToLowerInvariant();
    }

    // "yard" is linear or cubic depending on what it is converted to.
    private static (Dimension Dimension, decimal Factor)? Measure(string unit, string other)
    {
        if (unit == Units.Yard && other is Units.CubicYard or Units.CubicFoot)
        {
            return Factors[Units.CubicYard];
        }

        if (unit == Units.Ounce && Factors.TryGetValue(other, out var o) && o.Dimension == Dimension.Volume)
        {
            return Factors[Units.FluidOunce];
        }

        return Factors.TryGetValue(unit, out var f) ? f : null;
    }

    /// <summary>The size of one item, in base units of <paramref name="dimension"/>: "Per 50 lb bag" is 50 (pounds).</summary>
    private static decimal? ItemSize(string itemText, string itemUnit, Dimension dimension)
    {
        var found = QuantityParser.FindAll(itemText);
        foreach (var q in found)
        {
            if (q.Value is not { } v || q.Unit is null || q.Kind is QuantityKind.Reading or QuantityKind.Reference or QuantityKind.Vague)
            {
                continue;
            }

            if (q.Each is { } each && Factors.TryGetValue(each.Unit, out var ef) && ef.Dimension == dimension)
            {
                return each.Value * ef.Factor;
            }

            if (Factors.TryGetValue(q.Unit, out var f) && f.Dimension == dimension)
            {
                // An item sold "each" (or by the pair, set or kit) needs the size to be of a container ("50 lb bag"), not
                // of the thing ("2 gal tank", "Lift cable set, 7 ft door": a length in the name is an attribute).
                if (IsPieceUnit(itemUnit) && !FollowedByContainer(itemText, q))
                {
                    continue;
                }

                return v * f.Factor;
            }
        }

        return null;
    }

    private static bool IsPieceUnit(string itemUnit) => itemUnit is Units.Each or Units.Pair or "set" or "kit";

    private static bool FollowedByContainer(string text, QuantityExpression q)
    {
        var rest = text.AsSpan(q.End).TrimStart();
        var end = 0;
        while (end < rest.Length && char.IsLetter(rest[end]))
        {
            end++;
        }

        var word = rest[..end].ToString();
        return word.Length > 0 && Units.Normalize(word) is { } u && Units.IsContainer(u);
    }

    private static decimal Round(decimal value) => decimal.Round(value, 6, MidpointRounding.AwayFromZero) / 1.000000000000000000000000000000000m;
}
