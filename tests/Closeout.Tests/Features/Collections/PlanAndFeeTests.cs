using Closeout.Features.Collections;

namespace Closeout.Tests.Features.Collections;

public sealed class PlanAndFeeTests
{
    private static readonly DateOnly First = new(2026, 1, 31);
    private static readonly PaymentProfile Typical = new(PayerKind.Typical, false, 5, 0.6, 3, 2, null, 0, [], 0, 0);

    [Theory]
    [InlineData(1000.00, 3, "333.34 333.33 333.33")]
    [InlineData(100.01, 2, "50.01 50.00")]
    [InlineData(0.05, 3, "0.02 0.02 0.01")]
    [InlineData(2500.00, 6, "416.67 416.67 416.67 416.67 416.66 416.66")]
    public void Instalments_sum_to_the_balance_to_the_cent(double balance, int count, string expected)
    {
        var instalments = PlanSuggester.Split((decimal)balance, count, First, PlanInterval.Monthly);

        Assert.Equal(expected, string.Join(" ", instalments.Select(i => i.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal((decimal)balance, instalments.Sum(i => i.Amount));
    }

    [Fact]
    public void Any_balance_splits_exactly()
    {
        var random = new Random(7);
        for (var n = 0; n < 2000; n++)
        {
            var balance = random.Next(1, 5_000_000) / 100m;
            var count = random.Next(1, 13);
            var instalments = PlanSuggester.Split(balance, count, First, PlanInterval.Weekly);
            Assert.Equal(balance, instalments.Sum(i => i.Amount));
            Assert.True(instalments.Max(i => i.Amount) - instalments.Min(i => i.Amount) <= 0.01m);
        }
    }

    [Fact]
    public void Monthly_dates_keep_to_month_ends()
    {
        var dates = PlanSuggester.Split(300m, 3, First, PlanInterval.Monthly).Select(i => i.DueOn);

        Assert.Equal([new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31)], dates);
    }

    public static TheoryData<string, decimal, double, int?> Suggestions => new()
    {
        { "small balance, pays whole", 400m, 0, null },
        { "large balance", 2500m, 0, 6 },
        { "at the threshold", 1000m, 0, 6 },
        { "partial payer, medium balance", 450m, 0.5, 4 },
        { "partial payer, tiny balance", 150m, 0.5, null },
    };

    [Theory]
    [MemberData(nameof(Suggestions))]
    public void A_plan_is_suggested_for_large_balances_and_partial_payers(string name, decimal balance, double partialRate, int? count)
    {
        var suggestion = PlanSuggester.Suggest(balance, Typical with { PartialPaymentRate = partialRate }, new PlanSettings(), First);

        Assert.True(count == suggestion?.Instalments.Count, $"{name}: {suggestion?.Instalments.Count}");
        Assert.True(suggestion is null || suggestion.Instalments.Sum(i => i.Amount) == balance);
    }

    [Fact]
    public void Payments_fill_the_current_instalment_then_the_next()
    {
        var plan = new PaymentPlan("inv", PlanSuggester.Split(300m, 3, First, PlanInterval.Monthly));

        var (afterFirst, _) = plan.Apply(60m);
        var (afterSecond, _) = afterFirst.Apply(100m);
        var (afterAll, unapplied) = afterSecond.Apply(150m);

        Assert.Equal(1, afterFirst.Current!.Number);
        Assert.Equal(40m, afterFirst.Current.Remaining);
        Assert.Equal(2, afterSecond.Current!.Number);
        Assert.Equal(40m, afterSecond.Current.Remaining);
        Assert.Null(afterAll.Current);
        Assert.Equal(10m, unapplied);
    }

    [Fact]
    public void Good_standing_allows_the_grace_days()
    {
        var plan = new PaymentPlan("inv", PlanSuggester.Split(300m, 3, First, PlanInterval.Monthly));

        Assert.True(plan.InGoodStanding(First.AddDays(7), 7));
        Assert.False(plan.InGoodStanding(First.AddDays(8), 7));
        Assert.True(plan.Apply(100m).Plan.InGoodStanding(First.AddDays(20), 7));
    }

    private static readonly LateFeeSettings On = new() { Enabled = true, Fixed = 25m, Percent = 1.5m, GraceDays = 7 };
    private static readonly DateOnly Due = new(2026, 10, 1);

    public static TheoryData<string, LateFeeSettings, FeeSubject, int, decimal> Fees => new()
    {
        // name, settings, invoice, days after due, fee
        { "off by default", new LateFeeSettings(), new FeeSubject(Due, 1000m, false, null, false), 30, 0m },
        { "inside grace", On, new FeeSubject(Due, 1000m, false, null, false), 7, 0m },
        { "day after grace: fixed + %", On, new FeeSubject(Due, 1000m, false, null, false), 8, 40m },
        { "percent rounds half away from zero", On with { Fixed = 0m, Percent = 1.5m }, new FeeSubject(Due, 0.99m, false, null, false), 30, 0.01m },
        { "percent rounds half away from zero (up)", On with { Fixed = 0m, Percent = 5m }, new FeeSubject(Due, 0.30m, false, null, false), 30, 0.02m },
        { "fixed only", On with { Percent = 0m }, new FeeSubject(Due, 1000m, false, null, false), 30, 25m },
        { "disputed", On, new FeeSubject(Due, 1000m, true, null, false), 30, 0m },
        { "already charged", On, new FeeSubject(Due, 1000m, false, null, true), 30, 0m },
        { "paid", On, new FeeSubject(Due, 0m, false, null, false), 30, 0m },
        { "plan in good standing", On, new FeeSubject(Due, 1000m, false, new PaymentPlan("i", PlanSuggester.Split(1000m, 2, Due.AddDays(25), PlanInterval.Monthly)), false), 30, 0m },
        { "plan behind", On, new FeeSubject(Due, 1000m, false, new PaymentPlan("i", PlanSuggester.Split(1000m, 2, Due.AddDays(5), PlanInterval.Monthly)), false), 30, 40m },
    };

    [Theory]
    [MemberData(nameof(Fees))]
    public void Late_fees_follow_the_settings(string name, LateFeeSettings settings, FeeSubject invoice, int daysAfterDue, decimal fee)
    {
        var decision = LateFees.Assess(settings, invoice, Due.AddDays(daysAfterDue), planGraceDays: 7);

        Assert.True(fee == decision.Amount, $"{name}: {decision.Amount} ({decision.Reason})");
        Assert.Equal(settings.Mode, decision.Mode);
    }
}
