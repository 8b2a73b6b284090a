namespace Closeout.Features.Collections;

/// <summary>How a reminder reaches the client: a message on one or both channels, or a task for a person to call.</summary>
public enum ReminderChannel
{
    Email,
    Sms,
    Both,
    Call,
}

public enum Tone
{
    Friendly,
    Firm,
    Final,
}

/// <summary>One configured step: days relative to the due date (negative = before), channel, tone and the account's template name.</summary>
public sealed record CadenceStep(int DayOffset, ReminderChannel Channel, Tone Tone, string Template);

/// <summary>An account's configured cadence; the client's payment profile adjusts it per invoice (<see cref="CadencePlanner"/>).</summary>
public sealed record CadencePolicy(IReadOnlyList<CadenceStep> Steps)
{
    /// <summary>Defaults: a nudge before the due date, one on it, then firmer after it; a call when it is a month late.</summary>
    public static CadencePolicy Default { get; } = new(
    [
        new(-3, ReminderChannel.Email, Tone.Friendly, "before-due"),
        new(0, ReminderChannel.Email, Tone.Friendly, "due-today"),
        new(7, ReminderChannel.Both, Tone.Firm, "overdue"),
        new(21, ReminderChannel.Both, Tone.Final, "final"),
    ]);

    /// <summary>Jobber's own follow-ups: at most two, on the due date and N days after, on the invoice's channel (getting-paid.md J1).</summary>
    public static CadencePolicy JobberFixed(ReminderChannel invoiceChannel, int daysAfter = 7) => new(
    [
        new(0, invoiceChannel, Tone.Friendly, "due-today"),
        new(daysAfter, invoiceChannel, Tone.Friendly, "overdue"),
    ]);
}

/// <summary>The account's getting-paid settings; every field has a default so a new account works as is.</summary>
public sealed record CollectionSettings
{
    public CadencePolicy Cadence { get; init; } = CadencePolicy.Default;

    /// <summary>A balance at or above this creates a call task and is large enough to suggest a plan.</summary>
    public decimal LargeBalance { get; init; } = 2000m;

    /// <summary>Invoices (settled or overdue) needed before a client's own history replaces the account's defaults.</summary>
    public int MinimumHistory { get; init; } = 3;

    /// <summary>What a client without enough history is treated as.</summary>
    public PayerKind NewClientKind { get; init; } = PayerKind.Typical;

    /// <summary>Reminders are scheduled at this local time of the business; SMS quiet hours are then checked in the client's zone.</summary>
    public TimeOnly SendAt { get; init; } = new(9, 0);

    public string BusinessTimeZone { get; init; } = "America/New_York";

    /// <summary>When set, every client is taken to be in this zone instead of the one their billing address implies.</summary>
    public string? ClientTimeZone { get; init; }

    /// <summary>Days a message is held when the client opened the invoice in the client hub on or just before its day (0: views are ignored).</summary>
    public int ViewHoldDays { get; init; } = 1;

    public string BusinessName { get; init; } = "Your service business";

    public string BusinessAddress { get; init; } = "";

    public string BusinessContact { get; init; } = "";

    /// <summary>The client hub link for an invoice; {invoiceId} is replaced.</summary>
    public string PayLink { get; init; } = "https://clienthub.getjobber.com/client_hubs/invoices/{invoiceId}";

    public PlanSettings Plans { get; init; } = new();

    public LateFeeSettings LateFees { get; init; } = new();
}
