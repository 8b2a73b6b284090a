namespace Closeout.Features.Collections;

public enum PlanInterval
{
    Weekly,
    Fortnightly,
    Monthly,
}

public sealed record PlanSettings
{
    /// <summary>A plan is suggested for a balance at least this large...</summary>
    public decimal SuggestFrom { get; init; } = 1000m;

    /// <summary>...or, for a client who pays in parts on at least this share of invoices, from <see cref="PartialPayerFrom"/>.</summary>
    public double PartialShare { get; init; } = 0.3;

    public decimal PartialPayerFrom { get; init; } = 300m;

    public decimal MinimumInstalment { get; init; } = 100m;

    public int MaximumInstalments { get; init; } = 6;

    public PlanInterval Interval { get; init; } = PlanInterval.Monthly;

    /// <summary>Days an instalment may be late before the plan stops being in good standing.</summary>
    public int GraceDays { get; init; } = 7;
}

public sealed record Instalment(int Number, DateOnly DueOn, decimal Amount, decimal Paid = 0)
{
    public decimal Remaining => Amount - Paid;
}

public sealed record PlanSuggestion(IReadOnlyList<Instalment> Instalments, string Why);

/// <summary>An accepted plan for one invoice: reminders chase <see cref="Current"/>, payments fill instalments in order.</summary>
public sealed record PaymentPlan(string InvoiceId, IReadOnlyList<Instalment> Instalments)
{
    public decimal Total => Instalments.Sum(i => i.Amount);

    public decimal Remaining => Instalments.Sum(i => i.Remaining);

    public Instalment? Current => Instalments.FirstOrDefault(i => i.Remaining > 0);

    /// <summary>Applies a payment to the current instalment, carrying any excess to the next ones; returns what is left over past the plan.</summary>
    public (PaymentPlan Plan, decimal Unapplied) Apply(decimal amount)
    {
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A payment is positive.");
        }

        var left = amount;
        var updated = new List<Instalment>(Instalments.Count);
        foreach (var instalment in Instalments)
        {
            var take = Math.Min(left, instalment.Remaining);
            left -= take;
            updated.Add(instalment with { Paid = instalment.Paid + take });
        }

        return (this with { Instalments = updated }, left);
    }

    /// <summary>In good standing while no instalment is unpaid more than the grace days past its date.</summary>
    public bool InGoodStanding(DateOnly today, int graceDays) =>
        Instalments.All(i => i.Remaining <= 0 || i.DueOn.AddDays(graceDays) >= today);
}

public static class PlanSuggester
{
    /// <summary>Suggests instalments for a person to offer, or null when the balance does not call for one.</summary>
    public static PlanSuggestion? Suggest(decimal balance, PaymentProfile profile, PlanSettings settings, DateOnly firstOn)
    {
        string why;
        if (balance >= settings.SuggestFrom)
        {
            why = $"balance {Money.Format(balance)} is at least {Money.Format(settings.SuggestFrom)}";
        }
        else if (profile.PartialPaymentRate >= settings.PartialShare && balance >= settings.PartialPayerFrom)
        {
            why = $"client pays in parts on {Math.Round(profile.PartialPaymentRate * 100):0}% of invoices";
        }
        else
        {
            return null;
        }

        var count = (int)Math.Min(settings.MaximumInstalments, Math.Floor(balance / settings.MinimumInstalment));
        if (count < 2)
        {
            return null;
        }

        return new PlanSuggestion(Split(balance, count, firstOn, settings.Interval), $"{why}: {count} instalments");
    }

    /// <summary>Equal instalments in cents; the cents that do not divide go one each to the first instalments, so the sum is exact.</summary>
    public static IReadOnlyList<Instalment> Split(decimal balance, int count, DateOnly firstOn, PlanInterval interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (balance <= 0 || Money.Cents(balance) != balance)
        {
            throw new ArgumentOutOfRangeException(nameof(balance), "A balance to split is positive and in whole cents.");
        }

        var cents = (long)(balance * 100);
        var each = cents / count;
        var extra = cents % count;
        return [.. Enumerable.Range(0, count).Select(i => new Instalment(i + 1, DateOf(firstOn, interval, i), (each + (i < extra ? 1 : 0)) / 100m))];
    }

    private static DateOnly DateOf(DateOnly first, PlanInterval interval, int index) => interval switch
    {
        PlanInterval.Weekly => first.AddDays(7 * index),
        PlanInterval.Fortnightly => first.AddDays(14 * index),
        _ => first.AddMonths(index),
    };
}
