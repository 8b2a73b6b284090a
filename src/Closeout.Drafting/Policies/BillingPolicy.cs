namespace Closeout.Drafting.Policies;

public enum TripChargePer
{
    Visit,
    Job,
}

public sealed record TeamMember(string UserId, string Name, string LaborRole);

public sealed record BusinessHours(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End);

/// <summary>The catalog items billed for one labor role; <see cref="AfterHours"/> is null when the business has no after-hours rate.</summary>
public sealed record LaborRate(string Regular, string? AfterHours);

public sealed record LaborPolicy(
    IReadOnlyDictionary<string, LaborRate> Rates,
    decimal IncrementHours,
    decimal MinimumHoursPerPersonPerVisit,
    bool FlatRateIncludesLabor);

public sealed record TripChargePolicy(string Item, TripChargePer Per, IReadOnlySet<string> WaivedForClientTags);

public sealed record CompanionAdd(string Item, decimal Quantity);

public sealed record CompanionRule(IReadOnlyList<string> When, IReadOnlyList<CompanionAdd> Add);

public sealed record TaxPolicy(decimal Rate, IReadOnlySet<string> ExemptClientTags);

public sealed record ApprovalPolicy(decimal? AutoApproveBelow, decimal? ManagerApprovalAbove);

/// <summary>How one business bills, as the dataset spec's <c>policy.json</c> describes it, validated against its catalog.</summary>
public sealed record BillingPolicy(
    string Business,
    TimeZoneInfo TimeZone,
    string Currency,
    IReadOnlyDictionary<string, TeamMember> Team,
    BusinessHours BusinessHours,
    LaborPolicy Labor,
    TripChargePolicy? TripCharge,
    IReadOnlyList<CompanionRule> Companions,
    TaxPolicy Tax,
    ApprovalPolicy Approval);
