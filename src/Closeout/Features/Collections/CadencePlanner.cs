namespace Closeout.Features.Collections;

/// <summary>What a reminder chases: an invoice's balance by its due date, or the current instalment of an accepted plan.</summary>
public sealed record ReminderTarget(string InvoiceId, DateOnly IssuedOn, DateOnly DueOn, decimal AmountDue, int? Instalment = null, DateOnly? ViewedOn = null)
{
    /// <summary>Stable per invoice, instalment and step, so a re-plan finds the same reminder and a send is keyed by it.</summary>
    public string KeyFor(string step) => Instalment is { } n ? $"{InvoiceId}/i{n}/{step}" : $"{InvoiceId}/{step}";
}

/// <summary>Which channels the client can be reached on at all (an address, and consent not withdrawn).</summary>
public sealed record Reachability(bool Email, bool Sms);

/// <summary>A reminder the policy chose, with the reasons shown on the next-14-days page.</summary>
/// <remarks><paramref name="HeldFrom"/>: the day the step was planned for before a client-hub view held it.</remarks>
public sealed record PlannedReminder(string Id, DateOnly On, ReminderChannel Channel, Tone Tone, string Template, IReadOnlyList<string> Why, DateOnly? HeldFrom = null);

/// <summary>Applies the account's cadence to one invoice, adjusted by the client's payment profile.</summary>
public static class CadencePlanner
{
    public static IReadOnlyList<PlannedReminder> Plan(ReminderTarget target, PaymentProfile profile, CollectionSettings settings, Reachability reach)
    {
        var steps = settings.Cadence.Steps.OrderBy(s => s.DayOffset).Select(s => new Draft(s.DayOffset, s.Channel, s.Tone, s.Template, [$"account cadence: day {Offset(s.DayOffset)}"])).ToList();
        var profileNote = profile.FromDefaults ? "new client: account defaults" : profile.Describe();

        switch (profile.Kind)
        {
            case PayerKind.Reliable:
                // One friendly nudge on the due date (or the first step after it).
                var nudge = steps.FirstOrDefault(s => s.Offset >= 0) ?? steps.LastOrDefault();
                steps = nudge is null ? [] : [nudge with { Tone = Tone.Friendly, Why = [.. nudge.Why, $"reliable payer ({profileNote}): one friendly nudge"] }];
                break;
            case PayerKind.ChronicLate:
                // Earlier and firmer: post-due steps come at half the delay, friendly becomes firm, and a nudge goes out a week before.
                steps = [.. steps.Select(s => s.Offset <= 0 ? s : s with { Offset = Math.Max(1, s.Offset / 2), Why = [.. s.Why, "chronic late payer: brought forward"] })
                    .Select(s => s.Offset < 0 || s.Tone != Tone.Friendly ? s : s with { Tone = Tone.Firm, Why = [.. s.Why, "chronic late payer: firmer"] })];
                if (!steps.Any(s => s.Offset <= -7))
                {
                    var channel = steps.FirstOrDefault()?.Channel ?? ReminderChannel.Email;
                    steps.Insert(0, new Draft(-7, channel, Tone.Friendly, "before-due", [$"chronic late payer ({profileNote}): early nudge a week before"]));
                }

                break;
            case PayerKind.Typical:
            default:
                break;
        }

        if (profile.PreferredChannel is { } preferred)
        {
            var other = preferred == ReminderChannel.Sms ? ReminderChannel.Email : ReminderChannel.Sms;
            var said = preferred == ReminderChannel.Sms ? "answers texts, not emails" : "answers emails, not texts";
            steps = [.. steps.Select(s => s.Channel == other ? s with { Channel = preferred, Why = [.. s.Why, said] } : s)];
        }

        var balance = Math.Max(target.AmountDue, profile.Balance);
        if (balance >= settings.LargeBalance && target.Instalment is null)
        {
            var callDay = steps.Where(s => s.Offset > 0).Select(s => s.Offset).DefaultIfEmpty(7).Min();
            steps.Add(new Draft(callDay, ReminderChannel.Call, Tone.Firm, "call", [$"balance {Money.Format(balance)} is at least {Money.Format(settings.LargeBalance)}: a person calls"]));
        }

        var planned = new List<PlannedReminder>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps.OrderBy(s => s.Offset).ThenBy(s => s.Channel))
        {
            var on = target.DueOn.AddDays(step.Offset);
            if (on < target.IssuedOn)
            {
                continue;
            }

            if (Reach(step.Channel, reach) is not { } channel)
            {
                continue;
            }

            var why = channel == step.Channel ? step.Why : [.. step.Why, $"{step.Channel} not reachable: {channel} instead"];
            DateOnly? heldFrom = null;
            if (channel != ReminderChannel.Call && HeldByView(on, target.ViewedOn, settings.ViewHoldDays) is { } held)
            {
                heldFrom = on;
                why = [.. why, $"client opened the invoice in the client hub on {target.ViewedOn:yyyy-MM-dd}: nudge held {Days(settings.ViewHoldDays)} (from {on:yyyy-MM-dd} to {held:yyyy-MM-dd}) to give them time to pay"];
                on = held;
            }

            var key = $"d{Offset(step.Offset)}-{channel.ToString().ToLowerInvariant()}";
            if (used.Add(key))
            {
                planned.Add(new PlannedReminder(target.KeyFor(key), on, channel, step.Tone, step.Template, why, heldFrom));
            }
        }

        return planned;
    }

    /// <summary>
    /// A client who just opened the invoice is likely about to pay: a message that would land on the day of the view or
    /// within the hold after it goes that many days later. A call task is not held (a person decides).
    /// </summary>
    private static DateOnly? HeldByView(DateOnly on, DateOnly? viewedOn, int holdDays) =>
        viewedOn is { } viewed && holdDays > 0 && on >= viewed && on <= viewed.AddDays(holdDays) ? on.AddDays(holdDays) : null;

    private static string Days(int days) => days == 1 ? "a day" : $"{days} days";

    /// <summary>The channel a step can actually use: a missing one falls back to the other, and to a call when neither works.</summary>
    private static ReminderChannel? Reach(ReminderChannel wanted, Reachability reach) => wanted switch
    {
        ReminderChannel.Call => ReminderChannel.Call,
        ReminderChannel.Both when reach is { Email: true, Sms: true } => ReminderChannel.Both,
        ReminderChannel.Both or ReminderChannel.Email or ReminderChannel.Sms when reach.Email && (wanted != ReminderChannel.Sms || !reach.Sms) => ReminderChannel.Email,
        ReminderChannel.Both or ReminderChannel.Email or ReminderChannel.Sms when reach.Sms => ReminderChannel.Sms,
        _ => ReminderChannel.Call,
    };

    private static string Offset(int days) => days switch
    {
        0 => "0",
        > 0 => "+" + days.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => days.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private sealed record Draft(int Offset, ReminderChannel Channel, Tone Tone, string Template, IReadOnlyList<string> Why);
}
