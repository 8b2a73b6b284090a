using System.ComponentModel.DataAnnotations;

namespace Closeout.Features.Collections;

/// <summary>
/// Getting paid's settings ("Collections" section): the global defaults, and under Accounts each account's own business
/// identity, zone, send time, thresholds, cadence and templates, each falling back to the global value when not set.
/// Validated at start (zones exist on this machine, thresholds in range, accounts named once).
/// </summary>
public sealed class CollectionsOptions : IValidatableObject
{
    public const string Section = "Collections";

    /// <summary>Runs the reminder worker; off for CLI verbs and most tests.</summary>
    public bool Enabled { get; set; } = true;

    [Range(50, 3_600_000)]
    public int CycleMilliseconds { get; set; } = 60_000;

    [Range(1, 1440)]
    public int ReconcileMinutes { get; set; } = 60;

    /// <summary>
    /// How long one instance holds an invoice for a reminder pass; its sends are cut off before the lease ends, and after a
    /// crash another instance (or the restarted one) takes the invoice over once it has run out.
    /// </summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 300;

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

    /// <summary>Invoices a client needs before their own history replaces the account's defaults.</summary>
    public int MinimumHistory { get; set; } = 3;

    /// <summary>When to suggest a payment plan, and its shape.</summary>
    public PlanOptions Plans { get; set; } = new();

    /// <summary>A client who opened the invoice in the client hub on a message's day or the days before gets it this many days later; 0 ignores views.</summary>
    [Range(0, 14)]
    public int ViewHoldDays { get; set; } = 1;

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

    /// <summary>The account's settings: its own values where Collections:Accounts sets them, the global ones elsewhere.</summary>
    public CollectionSettings SettingsFor(string accountId)
    {
        var own = Account(accountId);
        var steps = own?.Cadence is { Count: > 0 } ownSteps ? ownSteps : Cadence;
        var defaults = new PlanSettings();
        return new CollectionSettings
        {
            BusinessTimeZone = own?.BusinessTimeZone ?? BusinessTimeZone,
            ClientTimeZone = own?.ClientTimeZone ?? ClientTimeZone,
            SendAt = own?.SendAt ?? SendAt,
            LargeBalance = own?.LargeBalance ?? LargeBalance,
            MinimumHistory = own?.MinimumHistory ?? MinimumHistory,
            ViewHoldDays = own?.ViewHoldDays ?? ViewHoldDays,
            BusinessName = own?.BusinessName ?? BusinessName,
            BusinessAddress = own?.BusinessAddress ?? BusinessAddress,
            BusinessContact = own?.BusinessContact ?? BusinessContact,
            PayLink = own?.PayLink ?? PayLink,
            Plans = new PlanSettings
            {
                SuggestFrom = own?.Plans?.SuggestFrom ?? Plans.SuggestFrom ?? defaults.SuggestFrom,
                PartialShare = own?.Plans?.PartialShare ?? Plans.PartialShare ?? defaults.PartialShare,
                PartialPayerFrom = own?.Plans?.PartialPayerFrom ?? Plans.PartialPayerFrom ?? defaults.PartialPayerFrom,
                MinimumInstalment = own?.Plans?.MinimumInstalment ?? Plans.MinimumInstalment ?? defaults.MinimumInstalment,
                MaximumInstalments = own?.Plans?.MaximumInstalments ?? Plans.MaximumInstalments ?? defaults.MaximumInstalments,
                Interval = own?.Plans?.Interval ?? Plans.Interval ?? defaults.Interval,
            },
            Cadence = steps.Count == 0 ? CadencePolicy.Default : new CadencePolicy([.. steps.Select(s => new CadenceStep(s.DayOffset, s.Channel, s.Tone, s.Template))]),
            LateFees = own?.LateFees ?? LateFees,
        };
    }

    private AccountCollections? Account(string accountId) => Accounts.Find(a => string.Equals(a.AccountId, accountId, StringComparison.Ordinal));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new List<string>();
        CheckScope(errors, Section, BusinessTimeZone, ClientTimeZone, LargeBalance, MinimumHistory, Plans);
        for (var i = 0; i < Accounts.Count; i++)
        {
            var account = Accounts[i];
            var where = $"{Section}:Accounts:{i}";
            if (string.IsNullOrWhiteSpace(account.AccountId))
            {
                errors.Add($"{where}:AccountId is empty: name the Jobber account these settings are for");
            }
            else if (Accounts.FindIndex(a => string.Equals(a.AccountId, account.AccountId, StringComparison.Ordinal)) != i)
            {
                errors.Add($"{where}: account {account.AccountId} is configured twice");
            }

            CheckScope(errors, $"{where} ({account.AccountId})", account.BusinessTimeZone, account.ClientTimeZone, account.LargeBalance, account.MinimumHistory, account.Plans);
            if (account.ViewHoldDays is < 0 or > 14)
            {
                errors.Add($"{where} ({account.AccountId}):ViewHoldDays {account.ViewHoldDays} must be between 0 and 14");
            }
        }

        return errors.Select(e => new ValidationResult(e));
    }

    private static void CheckScope(List<string> errors, string where, string? zone, string? clientZone, decimal? largeBalance, int? minimumHistory, PlanOptions? plans)
    {
        foreach (var (name, id) in new[] { ("BusinessTimeZone", zone), ("ClientTimeZone", clientZone) })
        {
            if (id is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
            {
                errors.Add($"{where}:{name} '{id}' is not a time zone this machine knows (use an IANA id such as America/Chicago)");
            }
        }

        if (largeBalance is < 0)
        {
            errors.Add($"{where}:LargeBalance {largeBalance} must not be negative");
        }

        if (minimumHistory is < 1 or > 100)
        {
            errors.Add($"{where}:MinimumHistory {minimumHistory} must be between 1 and 100");
        }

        if (plans is null)
        {
            return;
        }

        if (plans.SuggestFrom is < 0 || plans.PartialPayerFrom is < 0)
        {
            errors.Add($"{where}:Plans: SuggestFrom and PartialPayerFrom must not be negative");
        }

        if (plans.PartialShare is < 0 or > 1)
        {
            errors.Add($"{where}:Plans:PartialShare {plans.PartialShare} must be a share between 0 and 1");
        }

        if (plans.MinimumInstalment is <= 0)
        {
            errors.Add($"{where}:Plans:MinimumInstalment {plans.MinimumInstalment} must be more than zero");
        }

        if (plans.MaximumInstalments is < 2 or > 60)
        {
            errors.Add($"{where}:Plans:MaximumInstalments {plans.MaximumInstalments} must be between 2 and 60");
        }
    }

    public IReadOnlyDictionary<string, string> TemplatesFor(string accountId)
    {
        var merged = new Dictionary<string, string>(Templates, StringComparer.Ordinal);
        foreach (var (name, text) in Account(accountId)?.Templates ?? [])
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

/// <summary>When to suggest a payment plan and its shape; unset values fall back (account → global → built-in default).</summary>
public sealed class PlanOptions
{
    public decimal? SuggestFrom { get; set; }

    public double? PartialShare { get; set; }

    public decimal? PartialPayerFrom { get; set; }

    public decimal? MinimumInstalment { get; set; }

    public int? MaximumInstalments { get; set; }

    public PlanInterval? Interval { get; set; }
}

/// <summary>One account's own settings (Collections:Accounts:N); anything left unset is the global value.</summary>
public sealed class AccountCollections
{
    public string AccountId { get; set; } = "";

    public string? BusinessName { get; set; }

    public string? BusinessAddress { get; set; }

    public string? BusinessContact { get; set; }

    public string? BusinessTimeZone { get; set; }

    public string? ClientTimeZone { get; set; }

    public TimeOnly? SendAt { get; set; }

    public string? PayLink { get; set; }

    public decimal? LargeBalance { get; set; }

    public int? MinimumHistory { get; set; }

    public int? ViewHoldDays { get; set; }

    public PlanOptions? Plans { get; set; }

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
