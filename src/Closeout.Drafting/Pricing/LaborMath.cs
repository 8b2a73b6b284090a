using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Pricing;

/// <summary>The policy's arithmetic for hours and money, kept apart so each rule can be tested at its boundaries.</summary>
internal static class LaborMath
{
    private const decimal SecondsPerHour = 3600m;

    /// <summary>Seconds worked as billable hours: rounded up to the increment, then at least the minimum.</summary>
    public static decimal BillableHoursFromSeconds(long seconds, LaborPolicy labor)
    {
        var incrementSeconds = labor.IncrementHours * SecondsPerHour;
        var increments = decimal.Ceiling(Math.Max(0, seconds) / incrementSeconds);
        return Math.Max(increments * labor.IncrementHours, labor.MinimumHoursPerPersonPerVisit).Normalize();
    }

    /// <summary>Hours worked as billable hours: rounded up to the increment, then at least the minimum.</summary>
    public static decimal BillableHours(decimal hours, LaborPolicy labor)
    {
        var increments = decimal.Ceiling(Math.Max(0m, hours) / labor.IncrementHours);
        return Math.Max(increments * labor.IncrementHours, labor.MinimumHoursPerPersonPerVisit).Normalize();
    }

    /// <summary>Whether a visit scheduled to start at <paramref name="startAt"/> is after hours in the business's zone.</summary>
    public static bool IsAfterHours(DateTimeOffset startAt, BillingPolicy policy)
    {
        var local = TimeZoneInfo.ConvertTime(startAt, policy.TimeZone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var hours = policy.BusinessHours;
        return !hours.Days.Contains(local.DayOfWeek) || time < hours.Start || time >= hours.End;
    }

    /// <summary>Half away from zero to cents, the only rounding the policy allows for money.</summary>
    public static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Drops trailing zeros so that 2.50 prints as 2.5.</summary>
    public static decimal Normalize(this decimal value) => value / 1.000000000000000000000000000000000m;

    public static string Duration(long seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        var hours = (long)span.TotalHours;
        return (hours, span.Minutes) switch
        {
            (0, var m) => $"{m} min",
            (var h, 0) => $"{h} h",
            (var h, var m) => $"{h} h {m} min",
        };
    }
}
