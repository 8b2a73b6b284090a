using Closeout.Drafting.Pricing;
using Closeout.Drafting.Tests.Support;

namespace Closeout.Drafting.Tests.Pricing;

public sealed class LaborMathTests
{
    private static readonly Closeout.Drafting.Policies.LaborPolicy Labor = Build.Policy().Labor;

    [Theory]
    [InlineData("1.25", "1.25")]
    [InlineData("1.2501", "1.5")]
    [InlineData("1.5", "1.5")]
    [InlineData("3.01", "3.25")]
    [InlineData("0.5", "1")]
    [InlineData("0", "1")]
    [InlineData("0.99", "1")]
    [InlineData("1.01", "1.25")]
    public void Stated_hours_round_up_to_the_increment_then_the_minimum(string hours, string billed) =>
        Assert.Equal(decimal.Parse(billed, System.Globalization.CultureInfo.InvariantCulture),
            LaborMath.BillableHours(decimal.Parse(hours, System.Globalization.CultureInfo.InvariantCulture), Labor));

    [Theory]
    [InlineData(4500, "1.25")]
    [InlineData(4501, "1.5")]
    [InlineData(3300, "1")]
    [InlineData(6000, "1.75")]
    [InlineData(29700, "8.25")]
    [InlineData(0, "1")]
    public void Seconds_round_up_to_the_increment_then_the_minimum(long seconds, string billed) =>
        Assert.Equal(decimal.Parse(billed, System.Globalization.CultureInfo.InvariantCulture), LaborMath.BillableHoursFromSeconds(seconds, Labor));

    [Fact]
    public void Half_hour_increments_with_half_hour_minimum()
    {
        var labor = Labor with { IncrementHours = 0.5m, MinimumHoursPerPersonPerVisit = 0.5m };

        Assert.Equal(2.5m, LaborMath.BillableHoursFromSeconds(7800, labor));
        Assert.Equal(0.5m, LaborMath.BillableHoursFromSeconds(600, labor));
        Assert.Equal(6.5m, LaborMath.BillableHours(6.25m, labor));
    }

    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("0.015", "0.02")]
    [InlineData("2.125", "2.13")]
    [InlineData("2.135", "2.14")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("0.0049", "0")]
    public void Money_rounds_half_away_from_zero(string amount, string cents) =>
        Assert.Equal(decimal.Parse(cents, System.Globalization.CultureInfo.InvariantCulture),
            LaborMath.Cents(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}
