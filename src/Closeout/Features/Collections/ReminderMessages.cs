using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fluid;

namespace Closeout.Features.Collections;

/// <summary>What a message says, before any rewrite: the three facts that must survive are amount, due date and pay link.</summary>
public sealed record ReminderFacts(string BusinessName, string BusinessAddress, string BusinessContact, string ClientFirstName, string ClientName, string InvoiceNumber,
    decimal AmountDue, DateOnly DueOn, string PayLink, int DaysOverdue, int? Instalment, string OptOutLink, string Reference)
{
    public string Amount => Money.Format(AmountDue);

    public string DueDate => DueOn.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
}

public sealed record RenderedMessage(string? Subject, string Body);

/// <summary>Liquid templates (Fluid) per account with built-in defaults by template name, tone and channel.</summary>
public sealed class ReminderMessages
{
    private static readonly FluidParser Parser = new();

    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["Friendly.sms"] = "Hi {{ first_name }}, a reminder from {{ business }}: invoice {{ invoice_number }} for {{ amount }} is due {{ due_date }}. Pay here: {{ pay_link }} Reply STOP to opt out.",
        ["Firm.sms"] = "{{ first_name }}, invoice {{ invoice_number }} from {{ business }} for {{ amount }} was due {{ due_date }}{% if days_overdue > 0 %} ({{ days_overdue }} days ago){% endif %}. Please pay today: {{ pay_link }} Reply STOP to opt out.",
        ["Final.sms"] = "{{ first_name }}, final notice from {{ business }}: {{ amount }} on invoice {{ invoice_number }} was due {{ due_date }}. Pay now at {{ pay_link }} or call {{ contact }} to agree a plan. Reply STOP to opt out.",
        ["Friendly.email.subject"] = "Invoice {{ invoice_number }} from {{ business }}: {{ amount }} due {{ due_date }}",
        ["Firm.email.subject"] = "Overdue: invoice {{ invoice_number }}, {{ amount }} was due {{ due_date }}",
        ["Final.email.subject"] = "Final notice: invoice {{ invoice_number }}, {{ amount }}",
        ["Friendly.email"] = "Hi {{ first_name }},\n\nThis is a friendly reminder that invoice {{ invoice_number }}{% if instalment %} (instalment {{ instalment }}){% endif %} for {{ amount }} is due on {{ due_date }}.\n\nYou can pay online here: {{ pay_link }}\n\nThe invoice is attached. Thank you for your business!\n\n{{ business }}",
        ["Firm.email"] = "Hello {{ first_name }},\n\nInvoice {{ invoice_number }}{% if instalment %} (instalment {{ instalment }}){% endif %} for {{ amount }} was due on {{ due_date }}{% if days_overdue > 0 %}, {{ days_overdue }} days ago{% endif %}. Please pay it today: {{ pay_link }}\n\nIf something is wrong with the invoice, reply to this email and we will sort it out.\n\n{{ business }}",
        ["Final.email"] = "Hello {{ first_name }},\n\nThis is our final notice for invoice {{ invoice_number }}: {{ amount }}, due on {{ due_date }}. Please pay now at {{ pay_link }}, or contact us at {{ contact }} if you would like to pay in instalments.\n\n{{ business }}",
        ["call"] = "Call {{ client_name }} about invoice {{ invoice_number }}: {{ amount }} due {{ due_date }}{% if days_overdue > 0 %}, {{ days_overdue }} days overdue{% endif %}. Offer a payment plan if it helps.",
    };

    /// <summary>Renders a reminder's own words (see <see cref="Decorate"/> for what is added to every message); account templates are looked up as "template.channel" then "tone.channel", then the defaults.</summary>
    public static RenderedMessage Render(ReminderChannel channel, Tone tone, string template, ReminderFacts facts, IReadOnlyDictionary<string, string> overrides)
    {
        var context = new TemplateContext();
        context.SetValue("business", facts.BusinessName);
        context.SetValue("contact", facts.BusinessContact);
        context.SetValue("first_name", string.IsNullOrWhiteSpace(facts.ClientFirstName) ? facts.ClientName : facts.ClientFirstName);
        context.SetValue("client_name", facts.ClientName);
        context.SetValue("invoice_number", facts.InvoiceNumber);
        context.SetValue("amount", facts.Amount);
        context.SetValue("due_date", facts.DueDate);
        context.SetValue("pay_link", facts.PayLink);
        context.SetValue("days_overdue", facts.DaysOverdue);
        context.SetValue("instalment", facts.Instalment);

        if (channel == ReminderChannel.Call)
        {
            return new RenderedMessage(null, Apply(Pick(overrides, "call", "call"), context));
        }

        var kind = channel == ReminderChannel.Sms ? "sms" : "email";
        var body = Apply(Pick(overrides, $"{template}.{kind}", $"{tone}.{kind}"), context);
        return channel == ReminderChannel.Sms ? new RenderedMessage(null, body) : new RenderedMessage(Apply(Pick(overrides, $"{template}.email.subject", $"{tone}.email.subject"), context), body);
    }

    /// <summary>
    /// What every message carries whatever the template (or a rewrite) says: the reference; for email the business's
    /// postal address and a working opt-out (CAN-SPAM, getting-paid.md R13).
    /// </summary>
    public static RenderedMessage Decorate(ReminderChannel channel, RenderedMessage message, ReminderFacts facts) => channel switch
    {
        ReminderChannel.Sms => message with { Body = $"{message.Body}{(message.Body.Contains("STOP", StringComparison.Ordinal) ? "" : " Reply STOP to opt out.")} Ref {facts.Reference}" },
        ReminderChannel.Email => message with { Body = $"{message.Body}\n\n--\n{facts.BusinessName}, {facts.BusinessAddress}\nTo stop payment reminders by email: {facts.OptOutLink}\nRef {facts.Reference}" },
        _ => message,
    };

    /// <summary>A short reference printed in each message: lets a support person, and crash recovery, find the delivery it came from.</summary>
    public static string ReferenceOf(string deliveryKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)))[..10];

    /// <summary>True when a rewritten text still carries the amount, the due date and the pay link exactly.</summary>
    public static bool KeepsFacts(string rewritten, ReminderFacts facts) =>
        rewritten.Contains(facts.Amount, StringComparison.Ordinal) && rewritten.Contains(facts.DueDate, StringComparison.Ordinal) && rewritten.Contains(facts.PayLink, StringComparison.Ordinal);

    private static string Pick(IReadOnlyDictionary<string, string> overrides, string specific, string general) =>
        overrides.TryGetValue(specific, out var a) ? a
        : overrides.TryGetValue(general, out var b) ? b
        : Defaults.TryGetValue(specific, out var c) ? c
        : Defaults[general];

    private static string Apply(string source, TemplateContext context)
    {
        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new InvalidOperationException($"Reminder template does not parse: {error}");
        }

        return template.Render(context);
    }
}
