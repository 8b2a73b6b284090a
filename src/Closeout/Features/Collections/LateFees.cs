using System.Globalization;

namespace Closeout.Features.Collections;

public enum LateFeeMode
{
    /// <summary>A "Late fee" line on the invoice itself.</summary>
    SeparateLine,

    /// <summary>A separate fee invoice (for invoices that can no longer change).</summary>
    SeparateDocument,
}

/// <summary>Off by default (fees can backfire, getting-paid.md E6); a fixed amount and/or a percentage of the balance after a grace period.</summary>
public sealed record LateFeeSettings
{
    public bool Enabled { get; init; }

    public decimal Fixed { get; init; }

    public decimal Percent { get; init; }

    public int GraceDays { get; init; } = 7;

    public LateFeeMode Mode { get; init; } = LateFeeMode.SeparateLine;

    /// <summary>The name of the fee's line in Jobber (on the invoice, or on the fee invoice).</summary>
    public string LineName { get; init; } = "Late fee";

    /// <summary>Why these settings cannot be used, or null.</summary>
    public string? Problem =>
        Fixed < 0 ? "the fixed late fee is negative"
        : Percent is < 0 or > 100 ? "the late fee percentage is outside 0-100"
        : GraceDays < 0 ? "the late fee grace period is negative"
        : string.IsNullOrWhiteSpace(LineName) ? "the late fee line needs a name"
        : null;
}

/// <summary>An invoice as the late-fee rule sees it.</summary>
public sealed record FeeSubject(DateOnly DueOn, decimal Balance, bool Disputed, PaymentPlan? Plan, bool FeeAlreadyCharged);

public sealed record LateFeeDecision(decimal Amount, LateFeeMode Mode, string Reason)
{
    public bool Charge => Amount > 0;
}

public static class LateFees
{
    /// <summary>One fee per invoice, never on a disputed invoice or one on a plan in good standing.</summary>
    public static LateFeeDecision Assess(LateFeeSettings settings, FeeSubject invoice, DateOnly today, int planGraceDays)
    {
        LateFeeDecision None(string reason) => new(0, settings.Mode, reason);

        if (!settings.Enabled)
        {
            return None("late fees are off for this account");
        }

        if (settings.Problem is { } problem)
        {
            return None(problem);
        }

        if (invoice.Balance <= 0)
        {
            return None("nothing is owed");
        }

        if (invoice.Disputed)
        {
            return None("invoice is disputed");
        }

        if (invoice.Plan is { } plan && plan.InGoodStanding(today, planGraceDays))
        {
            return None("payment plan in good standing");
        }

        if (invoice.FeeAlreadyCharged)
        {
            return None("a late fee was already charged");
        }

        var chargeableFrom = invoice.DueOn.AddDays(settings.GraceDays + 1);
        if (today < chargeableFrom)
        {
            return None($"within the {settings.GraceDays}-day grace period");
        }

        var amount = Money.Cents(settings.Fixed + (invoice.Balance * settings.Percent / 100m));
        return amount <= 0
            ? None("fee settings amount to nothing")
            : new LateFeeDecision(amount, settings.Mode, string.Create(CultureInfo.InvariantCulture,
                $"due {invoice.DueOn:yyyy-MM-dd}, {settings.GraceDays} days' grace passed: {Money.Format(settings.Fixed)} + {settings.Percent}% of {Money.Format(invoice.Balance)}"));
    }
}
