using System.ComponentModel.DataAnnotations;

namespace Closeout.Features.Collections;

/// <summary>Getting paid's settings ("Collections" section). Per-account template overrides live under Accounts.</summary>
public sealed class CollectionsOptions
{
    public const string Section = "Collections";

    /// <summary>Runs the reminder worker; off for CLI verbs and most tests.</summary>
    public bool Enabled { get; set; } = true;

    [Range(50, 3_600_000)]
    public int CycleMilliseconds { get; set; } = 60_000;

    [Range(1, 1440)]
    public int ReconcileMinutes { get; set; } = 60;

    public string BusinessName { get; set; } = "Your service business";

    /// <summary>The physical postal address every email carries (CAN-SPAM, getting-paid.md R13).</summary>
    public string BusinessAddress { get; set; } = "";

    public string BusinessContact { get; set; } = "";

    public string BusinessTimeZone { get; set; } = "America/New_York";

    public TimeOnly SendAt { get; set; } = new(9, 0);

    /// <summary>When set, every client is taken to be in this zone instead of the one their billing address implies.</summary>
    public string? ClientTimeZone { get; set; }

    /// <summary>Jobber's client hub link for an invoice; {invoiceId} is replaced.</summary>
    public string PayLink { get; set; } = "https://clienthub.getjobber.com/client_hubs/invoices/{invoiceId}";

    /// <summary>Where an email's opt-out link points; {token} is replaced by the signed query.</summary>
    public string OptOutLink { get; set; } = "http://localhost:8080/collections/opt-out{token}";

    /// <summary>Signs opt-out links; set a secret of your own in production (environment Collections__LinkSecret).</summary>
    public string LinkSecret { get; set; } = "closeout-development-link-secret";

    public decimal LargeBalance { get; set; } = 2000m;

    /// <summary>Retry a failed delivery on the other channel (an SMS that failed goes by email, and the reverse).</summary>
    public bool FallBackToOtherChannel { get; set; } = true;

    /// <summary>Liquid templates by name ("overdue.sms", "overdue.email.subject", ...) overriding the built-in ones for every account.</summary>
    public Dictionary<string, string> Templates { get; set; } = [];

    public List<AccountCollections> Accounts { get; set; } = [];

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Optional language model that rewrites reminder text; used only when amount, due date and pay link survive.</summary>
    public Closeout.SecondOpinion.Providers.LlmProfile? Rewrite { get; set; }

    public TwilioOptions Twilio { get; set; } = new();

    /// <summary>The account's cadence; empty means the built-in default (-3 email, 0 email, +7 both firm, +21 both final).</summary>
    public List<CadenceStepOptions> Cadence { get; set; } = [];

    /// <summary>Late fees for every account (off by default); an account's own <see cref="AccountCollections.LateFees"/> replaces them.</summary>
    public LateFeeSettings LateFees { get; set; } = new();

    public CollectionSettings SettingsFor(string accountId)
    {
        var steps = Accounts.Find(a => a.AccountId == accountId)?.Cadence is { Count: > 0 } own ? own : Cadence;
        return new CollectionSettings
        {
            BusinessTimeZone = BusinessTimeZone,
            SendAt = SendAt,
            LargeBalance = LargeBalance,
            Cadence = steps.Count == 0 ? CadencePolicy.Default : new CadencePolicy([.. steps.Select(s => new CadenceStep(s.DayOffset, s.Channel, s.Tone, s.Template))]),
            LateFees = Accounts.Find(a => a.AccountId == accountId)?.LateFees ?? LateFees,
        };
    }

    public IReadOnlyDictionary<string, string> TemplatesFor(string accountId)
    {
        var merged = new Dictionary<string, string>(Templates, StringComparer.Ordinal);
        foreach (var (name, text) in Accounts.Find(a => a.AccountId == accountId)?.Templates ?? [])
        {
            merged[name] = text;
        }

        return merged;
    }
}

public sealed class CadenceStepOptions
{
    /// <summary>Days from the due date: negative before it, 0 on it, positive after it.</summary>
    public int DayOffset { get; set; }

    public ReminderChannel Channel { get; set; } = ReminderChannel.Email;

    public Tone Tone { get; set; } = Tone.Friendly;

    public string Template { get; set; } = "reminder";
}

public sealed class AccountCollections
{
    public string AccountId { get; set; } = "";

    public List<CadenceStepOptions> Cadence { get; set; } = [];

    public Dictionary<string, string> Templates { get; set; } = [];

    public LateFeeSettings? LateFees { get; set; }
}

public sealed class SmtpOptions
{
    /// <summary>Empty: email is not configured and email deliveries are refused with that reason.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public bool StartTls { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "billing@example.com";
}

public sealed class TwilioOptions
{
    /// <summary>Empty: SMS is not configured and SMS deliveries are refused with that reason.</summary>
    public string AccountSid { get; set; } = "";

    /// <summary>Signs status callbacks (X-Twilio-Signature) and authenticates the REST calls.</summary>
    public string AuthToken { get; set; } = "";

    public string From { get; set; } = "";

    /// <summary>Twilio's REST API; a local server that speaks it in tests.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");

    /// <summary>The public URL of /webhooks/twilio/status, exactly as Twilio will call it (the signature covers it).</summary>
    public Uri? StatusCallback { get; set; }

    /// <summary>The public base URL Twilio calls (inbound and status), used to rebuild the signed URL behind a proxy.</summary>
    public Uri? PublicBaseUrl { get; set; }
}
