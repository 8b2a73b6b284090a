using System.ComponentModel.DataAnnotations;

namespace Closeout.JobberSandbox;

/// <summary>An app registered with the sandbox, as in Jobber's Developer Center: OAuth credentials and webhook subscriptions.</summary>
public sealed class AppRegistration
{
    [Required]
    public string ClientId { get; set; } = "";

    /// <summary>Also the key of the webhook signature (X-Jobber-Hmac-SHA256), as in Jobber.</summary>
    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>The app's id, sent as <c>appId</c> in webhook payloads.</summary>
    public string AppId { get; set; } = "";

    /// <summary>Allowed OAuth callback URLs; empty allows any (the sandbox is local).</summary>
    public List<string> RedirectUris { get; set; } = [];

    public List<WebhookSubscription> Webhooks { get; set; } = [];
}

public sealed class WebhookSubscription
{
    [Required]
    public string Url { get; set; } = "";

    /// <summary>Topic names of WebHookTopicEnum; empty subscribes to every topic.</summary>
    public List<string> Topics { get; set; } = [];
}

/// <summary>Section "Sandbox": apps, seeding and API behaviour.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public List<AppRegistration> Apps { get; set; } = [];

    /// <summary>Dataset business folders to seed at start (also the <c>--seed</c> command-line option).</summary>
    public List<string> Seed { get; set; } = [];

    /// <summary>Seed the sandbox's own demo business when nothing else is seeded.</summary>
    public bool SeedDemo { get; set; } = true;

    [Range(1, 1440)]
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>
    /// Refuse invoice lines whose name matches no product or service. Off by default, as Jobber is: its line inputs carry
    /// no product link and it takes custom lines (a late fee, ADR 0012). A test switch only; that a drafted line is a
    /// catalog item at the catalog price is Closeout's own check before it writes (ADR 0015).
    /// </summary>
    public bool StrictCatalogLines { get; set; }

    /// <summary>The newest API version; requests naming a later one get it.</summary>
    [Required]
    public string CurrentApiVersion { get; set; } = "2025-01-20";

    /// <summary>Older versions are silently upgraded to this one, with a warning.</summary>
    [Required]
    public string OldestSupportedApiVersion { get; set; } = "2023-03-29";

    /// <summary>Versions before this one still work but carry a deprecation warning.</summary>
    [Required]
    public string DeprecatedBeforeApiVersion { get; set; } = "2024-01-01";
}

/// <summary>Section "Sandbox:Limits": Jobber's documented limits (jobber-api.md, Limits).</summary>
public sealed class LimitsOptions
{
    public const string Section = "Sandbox:Limits";

    [Range(1, int.MaxValue)]
    public int RequestsPerWindow { get; set; } = 2_500;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 300;

    [Range(1, int.MaxValue)]
    public int MaximumAvailable { get; set; } = 10_000;

    [Range(1, int.MaxValue)]
    public int RestoreRate { get; set; } = 500;
}

/// <summary>Section "Sandbox:WebhookDelivery": at-least-once delivery with retries.</summary>
public sealed class WebhookDeliveryOptions
{
    public const string Section = "Sandbox:WebhookDelivery";

    /// <summary>Jobber expects an answer within a second; a slower one counts as failed and is sent again.</summary>
    [Range(1, 600_000)]
    public int TimeoutMilliseconds { get; set; } = 1_000;

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    [Range(1, 600_000)]
    public int FirstRetryDelayMilliseconds { get; set; } = 500;

    [Range(1, 3_600_000)]
    public int MaxRetryDelayMilliseconds { get; set; } = 60_000;
}
