using System.Text;

namespace Closeout.Features.Collections;

public enum InboundIntent
{
    OptOut,
    OptIn,
    Help,
    Other,
}

/// <summary>
/// Reads an inbound text. Opt-out words are Twilio's defaults (STOP, STOPALL, UNSUBSCRIBE, END, QUIT, REVOKE, OPTOUT, CANCEL)
/// and the FCC's list (stop, quit, end, revoke, opt out, cancel, unsubscribe), getting-paid.md T1/R5. The FCC lets people
/// revoke "by any reasonable means", so an unambiguous word inside a longer reply ("please stop texting me") counts too;
/// END, QUIT and CANCEL count only alone, since "can I cancel Tuesday's visit" is not an opt-out.
/// </summary>
public static class SmsKeywords
{
    private static readonly HashSet<string> OptOutAlone = new(StringComparer.Ordinal)
    {
        "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT", "CANCEL",
    };

    private static readonly string[] OptOutAnywhere = ["STOP", "STOPALL", "UNSUBSCRIBE", "REVOKE", "OPTOUT", "OPT OUT"];

    private static readonly HashSet<string> OptIn = new(StringComparer.Ordinal) { "START", "UNSTOP", "YES" };

    private static readonly HashSet<string> Help = new(StringComparer.Ordinal) { "HELP", "INFO" };

    public static InboundIntent Classify(string? body)
    {
        var text = Normalise(body);
        if (text.Length == 0)
        {
            return InboundIntent.Other;
        }

        if (OptOutAlone.Contains(text))
        {
            return InboundIntent.OptOut;
        }

        if (OptIn.Contains(text))
        {
            return InboundIntent.OptIn;
        }

        if (Help.Contains(text))
        {
            return InboundIntent.Help;
        }

        var padded = " " + text + " ";
        return OptOutAnywhere.Any(word => padded.Contains(" " + word + " ", StringComparison.Ordinal)) ? InboundIntent.OptOut : InboundIntent.Other;
    }

    /// <summary>Upper case, letters and digits only, single spaces; a hyphen or apostrophe joins ("OPT-OUT", "NON-STOP").</summary>
    private static string Normalise(string? body)
    {
        var builder = new StringBuilder();
        foreach (var c in (body ?? "").Trim().ToUpperInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (c is '-' or '\'' or '\u2019')
            {
                continue;
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().Trim();
    }
}

/// <summary>A phone number's SMS consent and the one reply an inbound text earns.</summary>
public sealed record SmsConsentState(bool Consented, bool OptedOut, DateTimeOffset? ChangedAt)
{
    /// <summary>Applies an inbound text at once. Opting out is confirmed once (FCC 24-24 allows one confirmation); a repeated STOP gets no reply; HELP always answers with contact details.</summary>
    public (SmsConsentState State, string? Reply) Apply(InboundIntent intent, DateTimeOffset at, string businessName, string contact) => intent switch
    {
        InboundIntent.OptOut when OptedOut => (this, null),
        InboundIntent.OptOut => (this with { OptedOut = true, ChangedAt = at }, $"{businessName}: you will get no more texts from us. Reply START to text again."),
        InboundIntent.OptIn when OptedOut => (new SmsConsentState(true, false, at), $"{businessName}: texts are back on. Reply STOP to stop, HELP for help."),
        InboundIntent.OptIn => (this, null),
        InboundIntent.Help => (this, $"{businessName}: payment reminders. Contact {contact}. Reply STOP to stop."),
        _ => (this, null),
    };
}
