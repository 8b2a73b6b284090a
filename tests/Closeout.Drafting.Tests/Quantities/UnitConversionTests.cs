using Closeout.Drafting.Quantities;

namespace Closeout.Drafting.Tests.Quantities;

public sealed class UnitConversionTests
{
    [Theory]
    [InlineData(2.5, "pound", "pound", "Per pound", 2.5)]
    [InlineData(40, "oz", "pound", "Per pound", 2.5)]
    [InlineData(2, "lb", "ounce", "", 32)]
    [InlineData(18, "in", "foot", "Per foot", 1.5)]
    [InlineData(2, "ft", "inch", "", 24)]
    [InlineData(2, "yd", "foot", "Per linear foot", 6)]
    [InlineData(2, "yard", "cubic yard", "Per cubic yard", 2)]
    [InlineData(27, "cubic feet", "cubic yard", "", 1)]
    [InlineData(0.5, "yds", "cubic yard", "Bark mulch", 0.5)]
    [InlineData(2, "gal", "quart", "", 8)]
    [InlineData(6, "qt", "gallon", "", 1.5)]
    [InlineData(2, "pint", "quart", "", 1)]
    [InlineData(64, "oz", "gallon", "Liquid chlorine", 0.5)]
    [InlineData(2, "sq yd", "square foot", "", 18)]
    [InlineData(1000, "lb", "ton", "Per ton", 0.5)]
    [InlineData(0.5, "ton", "pound", "", 1000)]
    [InlineData(90, "min", "hour", "", 1.5)]
    [InlineData(100, "lb", "bag", "Per 50 lb bag", 2)]
    [InlineData(25, "lbs", "bag", "Fertilizer, per 50 lb bag", 0.5)]
    [InlineData(1, "bag", "bag", "Per 50 lb bag", 1)]
    [InlineData(3, "ea", "each", "", 3)]
    [InlineData(2, "m", "meter", "", 2)]
    [InlineData(1, "pair", "each", "Water heater flex connectors (pair)", 1)]
    [InlineData(1, "pair", "each", "Glove", 2)]
    [InlineData(100, "lb", "each", "Salt, 50 lb bag", 2)]
    [InlineData(200, "ft", "kit", "Wire kit, 100 ft roll", 2)]
    public void Explicit_units_convert_into_the_item_unit(double value, string from, string itemUnit, string itemText, double expected)
    {
        var result = UnitConversion.ToItemUnit((decimal)value, from, itemUnit, itemText);
        Assert.NotNull(result);
        Assert.Equal((decimal)expected, decimal.Round(result.Quantity, 4));
        Assert.True(result.ExplicitUnit);
    }

    [Theory]
    [InlineData(3, "foot", "pound", "")]
    [InlineData(2, "yard", "square foot", "")]
    [InlineData(2, "ton", "cubic yard", "Decorative rock")]
    [InlineData(5, "gal", "each", "Thermal expansion tank 2 gal")]
    [InlineData(100, "lb", "bag", "Bag of mulch")]
    [InlineData(2, "hour", "foot", "")]
    [InlineData(2, "sf", "each", "")]
    [InlineData(2, "pallet", "square foot", "Per square foot")]
    // A length in the name of an item sold by the pair, set or kit is the thing's size, not a container's.
    [InlineData(8, "foot", "pair", "Lift cord set, 7 ft blind")]
    [InlineData(30, "ft", "set", "Track set, 16 ft door")]
    public void Units_that_do_not_convert_give_null(double value, string from, string itemUnit, string itemText) =>
        Assert.Null(UnitConversion.ToItemUnit((decimal)value, from, itemUnit, itemText));

    [Theory]
    [InlineData("foot")]
    [InlineData("pound")]
    [InlineData("each")]
    [InlineData("bag")]
    public void A_bare_count_is_passed_through_but_marked_as_having_no_unit(string itemUnit)
    {
        var result = UnitConversion.ToItemUnit(3, null, itemUnit, "");
        Assert.NotNull(result);
        Assert.Equal(3, result.Quantity);
        Assert.False(result.ExplicitUnit);
    }

    [Theory]
    [InlineData("2 pallets @ 450 sf ea", "square foot", "Sod, per square foot", 900)]
    [InlineData("1 bag (50#)", "bag", "Per 50 lb bag", 1)]
    [InlineData("one 50# bag", "bag", "Per 50 lb bag", 1)]
    [InlineData("one 50# bag", "pound", "Per pound", 50)]
    [InlineData("two 5 gal buckets", "gallon", "Per gallon", 10)]
    [InlineData("2 lbs 8 oz", "pound", "Grass seed", 2.5)]
    [InlineData("a yard and a half", "cubic yard", "Per cubic yard", 1.5)]
    [InlineData("14'", "foot", "Per foot", 14)]
    public void Parsed_quantities_convert_through_stated_container_sizes(string text, string itemUnit, string itemText, double expected)
    {
        var q = QuantityParser.FindAll(text).First(x => x.IsAmount);
        var result = UnitConversion.ToItemUnit(q, itemUnit, itemText);
        Assert.NotNull(result);
        Assert.Equal((decimal)expected, result.Quantity);
    }
}
