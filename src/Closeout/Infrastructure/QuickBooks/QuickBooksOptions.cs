using System.ComponentModel.DataAnnotations;

namespace Closeout.Infrastructure.QuickBooks;

/// <summary>Section "QuickBooks": the app's credentials, Intuit's endpoints (the local sandbox's, here) and the per-realm limits.</summary>
internal sealed class QuickBooksOptions
{
    public const string Section = "QuickBooks";

    /// <summary>The accounting API's origin: https://quickbooks.api.intuit.com, or sandbox-quickbooks.api.intuit.com.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://quickbooks.api.intuit.com");

    [Required]
    public Uri AuthorizeUrl { get; set; } = new("https://appcenter.intuit.com/connect/oauth2");

    [Required]
    public Uri TokenUrl { get; set; } = new("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");

    public string ClientId { get; set; } = "";

    /// <summary>From the environment (QuickBooks__ClientSecret) or a secret store only.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The app's webhook verifier token: the HMAC key of intuit-signature. Environment or secret store only.</summary>
    public string WebhookVerifierToken { get; set; } = "";

    [Required]
    public string Scope { get; set; } = "com.intuit.quickbooks.accounting";

    /// <summary>Closeout's public origin for the OAuth callback (…/quickbooks/callback); defaults to the request's.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Sent on every request; since 2025-08 everything below 75 is served as 75.</summary>
    [Range(75, 999)]
    public int MinorVersion { get; set; } = 75;

    /// <summary>Intuit's limits page: 500 requests a minute per realm, 10 a second per realm and app, 10 concurrent.</summary>
    [Range(1, 10_000)]
    public int RequestsPerMinute { get; set; } = 500;

    [Range(1, 1_000)]
    public int RequestsPerSecond { get; set; } = 10;

    [Range(1, 100)]
    public int MaxConcurrentRequests { get; set; } = 10;

    /// <summary>How long a realm is left alone after a 429 (Intuit: wait 60 s; no Retry-After is promised).</summary>
    [Range(1, 600_000)]
    public int ThrottleWaitMilliseconds { get; set; } = 60_000;

    /// <summary>How often a 429 is waited out before the step fails as Throttled (the queue then retries it later).</summary>
    [Range(0, 10)]
    public int ThrottleWaits { get; set; } = 2;

    /// <summary>Attempts on 5xx and timeouts: reads always, writes only with their requestid (a replay, not a second write).</summary>
    [Range(1, 10)]
    public int Attempts { get; set; } = 3;

    [Range(1, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>Intuit times requests out after 120 s.</summary>
    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>How often the CDC sweep asks each connected company for what changed (catches dropped webhooks).</summary>
    [Range(100, 86_400_000)]
    public int CdcSweepMilliseconds { get; set; } = 300_000;

    /// <summary>The income account new items post to, by name; the first Income account when empty or missing.</summary>
    public string IncomeAccountName { get; set; } = "";

    /// <summary>The transaction tax code (a tax group) taxable invoices name, by name; the first tax group when empty.</summary>
    public string TaxCodeName { get; set; } = "";

    public bool SweepEnabled { get; set; } = true;
}
