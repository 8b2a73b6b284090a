using System.ComponentModel.DataAnnotations;

namespace Closeout.QuickBooksSandbox;

/// <summary>An app registered with the sandbox, as on Intuit's developer portal: OAuth credentials, verifier token, webhook endpoints.</summary>
public sealed class QuickBooksApp
{
    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>The key of the <c>intuit-signature</c> HMAC (quickbooks-api.md, Webhooks).</summary>
    [Required]
    public string VerifierToken { get; set; } = "";

    /// <summary>Allowed OAuth callback URLs; empty allows any (the sandbox is local).</summary>
    public List<string> RedirectUris { get; set; } = [];

    public List<WebhookEndpoint> Webhooks { get; set; } = [];
}

/// <summary>The payload format of a webhook endpoint: Intuit's portal toggle, one format per app.</summary>
public enum WebhookFormat
{
    Legacy,
    CloudEvents,
}

public sealed class WebhookEndpoint
{
    [Required]
    public string Url { get; set; } = "";

    public WebhookFormat Format { get; set; } = WebhookFormat.Legacy;
}

/// <summary>A company created at start (section QuickBooksSandbox:Companies).</summary>
public sealed class CompanySeed
{
    public string? RealmId { get; set; }

    public string? CompanyName { get; set; }

    /// <summary>A dataset business folder (catalog.json, policy.json): items, tax rate and time zone come from it.</summary>
    public string? Seed { get; set; }

    /// <summary>The sales tax rate in percent (8.5 means 8.5 %); from the seed's policy when omitted.</summary>
    public decimal? TaxRatePercent { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>US automated sales tax (Preferences.TaxPrefs.PartnerTaxEnabled). Real sandbox companies do not support it.</summary>
    public bool AutomatedSalesTax { get; set; }
}

/// <summary>What the sandbox does where QuickBooks' behaviour depends on a setting or is not confirmed.</summary>
public enum AmountMismatch
{
    /// <summary>Error 6070 when Amount ≠ Qty × UnitPrice.</summary>
    Reject,

    /// <summary>Keep Amount and back-compute UnitPrice to 5 decimals, as migrations report.</summary>
    BackComputeUnitPrice,
}

/// <summary>Section "QuickBooksSandbox".</summary>
public sealed class QuickBooksSandboxOptions
{
    public const string Section = "QuickBooksSandbox";

    public List<QuickBooksApp> Apps { get; set; } = [];

    public List<CompanySeed> Companies { get; set; } = [];

    [Range(1, 86_400)]
    public int AccessTokenSeconds { get; set; } = 3600;

    /// <summary>Rolling lifetime of a refresh token, extended on each use.</summary>
    [Range(1, 3650)]
    public int RefreshTokenDays { get; set; } = 100;

    /// <summary>How long a superseded refresh token keeps working.</summary>
    [Range(0, 720)]
    public int RefreshTokenGraceHours { get; set; } = 24;

    /// <summary>The hard maximum of a refresh-token chain (the 2025-11 policy: 5 years).</summary>
    [Range(1, 50)]
    public int RefreshTokenHardYears { get; set; } = 5;

    public AmountMismatch AmountMismatch { get; set; } = AmountMismatch.Reject;

    /// <summary>Preferences: warn on a duplicate DocNumber (6140) unless include=allowduplicatedocnum.</summary>
    public bool WarnDuplicateDocNumber { get; set; } = true;

    /// <summary>The batch page says 10, the limits page recommends at most 30; the larger is accepted.</summary>
    [Range(1, 1000)]
    public int MaxBatchItems { get; set; } = 30;

    /// <summary>
    /// A query of Customer, Vendor, Employee, Item or Account returns active records only unless its WHERE names
    /// Active, e.g. <c>Active IN (true, false)</c>. Not in the fact sheet: integrators report it (minimul/qbo_api#111),
    /// and it is why a DisplayName lookup can miss the inactive record behind a 6240.
    /// </summary>
    public bool QueryHidesInactive { get; set; } = true;

    [Range(1, 365)]
    public int CdcLookBackDays { get; set; } = 30;

    [Range(1, 100_000)]
    public int CdcMaxObjects { get; set; } = 1000;
}

/// <summary>Section "QuickBooksSandbox:Limits": Intuit's limits page (quickbooks-api.md, Errors and throttling).</summary>
public sealed class LimitsOptions
{
    public const string Section = "QuickBooksSandbox:Limits";

    [Range(1, int.MaxValue)]
    public int RequestsPerMinutePerRealm { get; set; } = 500;

    [Range(1, int.MaxValue)]
    public int RequestsPerSecondPerRealmAndApp { get; set; } = 10;

    [Range(1, int.MaxValue)]
    public int ConcurrentRequestsPerRealmAndApp { get; set; } = 10;

    [Range(1, int.MaxValue)]
    public int BatchRequestsPerMinutePerRealmAndApp { get; set; } = 40;
}

/// <summary>Section "QuickBooksSandbox:WebhookDelivery".</summary>
public sealed class WebhookDeliveryOptions
{
    public const string Section = "QuickBooksSandbox:WebhookDelivery";

    /// <summary>Intuit wants a 200 within 3 s.</summary>
    [Range(1, 600_000)]
    public int TimeoutMilliseconds { get; set; } = 3_000;

    /// <summary>Intuit's schedule after a failure: 10 s, 20 s, 30 s, 5 min, 20 min, 2 h, 4 h, 6 h, then every 6 h.</summary>
    public static IReadOnlyList<int> IntuitRetryDelaysSeconds { get; } = [10, 20, 30, 300, 1_200, 7_200, 14_400, 21_600];

    /// <summary>
    /// Seconds to wait before each retry, the last one repeating; empty means Intuit's schedule. (Empty by default
    /// because configuration binding appends to a list's initial items instead of replacing them.)
    /// </summary>
    public List<int> RetryDelaysSeconds { get; set; } = [];

    public IReadOnlyList<int> Schedule => RetryDelaysSeconds.Count > 0 ? RetryDelaysSeconds : IntuitRetryDelaysSeconds;

    /// <summary>Intuit names no end; the sandbox gives up after this many attempts.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 20;

    /// <summary>CloudEvents deliveries hold up to about 100 events.</summary>
    [Range(1, 1000)]
    public int MaxEventsPerDelivery { get; set; } = 100;

    /// <summary>How often (real time) the worker looks for due deliveries, so an advanced clock is noticed.</summary>
    [Range(1, 10_000)]
    public int PollMilliseconds { get; set; } = 50;
}
