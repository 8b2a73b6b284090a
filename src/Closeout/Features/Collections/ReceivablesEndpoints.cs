using System.Globalization;
using Closeout.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Collections;

public sealed record AgedInvoice(string InvoiceId, string InvoiceNumber, string ClientId, string ClientName, string Status, decimal Total, decimal Balance, DateTimeOffset? DueAt, int DaysOverdue, bool Disputed, bool Paused, DateTimeOffset? ViewedAt);

public sealed record AgeBucket(string Name, decimal Balance, IReadOnlyList<AgedInvoice> Invoices);

public sealed record ClientProfileView(string ClientId, string Name, string Profile, string Kind, decimal Balance, int OldestOverdueDays, bool Paused, bool SmsOptedOut, bool EmailOptedOut);

public sealed record ReceivablesView(string AccountId, DateTimeOffset AsOf, IReadOnlyList<AgeBucket> Buckets, IReadOnlyList<ClientProfileView> Clients);

public sealed record UpcomingReminder(string ReminderId, string InvoiceId, string InvoiceNumber, string ClientId, string ClientName, DateTimeOffset At, ReminderChannel Channel, Tone Tone, string Template, IReadOnlyList<string> Why, string? State, DateTimeOffset? NotBefore);

public sealed record MessageView(string DeliveryKey, string InvoiceId, ReminderChannel Channel, Tone Tone, string Template, string State, string? Reason, string? ProviderStatus, string Why, DateTimeOffset PlannedAt, DateTimeOffset? SentAt);

public sealed record DaysToPaidMonth(string Month, int Invoices, double MeanDays, double MedianDays);

public sealed record PlanInstalment(DateOnly DueOn, decimal Amount);

/// <summary>An accepted plan: the instalments a person agreed with the client, or none to accept the suggestion as it is.</summary>
public sealed record AcceptPlanRequest(IReadOnlyList<PlanInstalment>? Instalments);

public sealed record PlanView(string InvoiceId, decimal Balance, string? Why, IReadOnlyList<Instalment> Instalments);

/// <summary>JSON under /api/receivables for the review UI's getting-paid pages: ageing, next reminders and why, history, pause, plans, days to paid.</summary>
internal static class ReceivablesEndpoints
{
    public static IEndpointRouteBuilder MapReceivablesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Reading needs a signed-in user; changing what clients receive needs staff. Twilio's webhooks and the email
        // opt-out link stay anonymous: they are verified by signature.
        var group = endpoints.MapGroup("/api/receivables").WithTags("Receivables").RequireAuthorization(Users.Policies.SignedIn);
        group.MapGet("/", Aged);
        group.MapGet("/reminders", Upcoming);
        group.MapGet("/clients/{clientId}/messages", Messages);
        group.MapPost("/clients/{clientId}/pause", (string clientId, string? account, CollectionsStore store, AccountStore accounts, CancellationToken cancel) => Pause(accounts, store, account, clientId, null, true, cancel)).RequireAuthorization(Users.Policies.Staff);
        group.MapPost("/clients/{clientId}/resume", (string clientId, string? account, CollectionsStore store, AccountStore accounts, CancellationToken cancel) => Pause(accounts, store, account, clientId, null, false, cancel)).RequireAuthorization(Users.Policies.Staff);
        group.MapPost("/invoices/{invoiceId}/pause", (string invoiceId, string? account, CollectionsStore store, AccountStore accounts, CancellationToken cancel) => Pause(accounts, store, account, null, invoiceId, true, cancel)).RequireAuthorization(Users.Policies.Staff);
        group.MapPost("/invoices/{invoiceId}/resume", (string invoiceId, string? account, CollectionsStore store, AccountStore accounts, CancellationToken cancel) => Pause(accounts, store, account, null, invoiceId, false, cancel)).RequireAuthorization(Users.Policies.Staff);
        group.MapPost("/invoices/{invoiceId}/dispute", (string invoiceId, string? account, CollectionsStore store, AccountStore accounts, CancellationToken cancel) => Dispute(accounts, store, account, invoiceId, true, cancel)).RequireAuthorization(Users.Policies.Staff);
        group.MapPost("/invoices/{invoiceId}/undispute", (string invoiceId, string? account, CollectionsStore store, AccountStore accounts, CancellationToken cancel) => Dispute(accounts, store, account, invoiceId, false, cancel)).RequireAuthorization(Users.Policies.Staff);
        group.MapGet("/invoices/{invoiceId}/plan", Plan);
        group.MapPost("/invoices/{invoiceId}/plan", AcceptPlan).RequireAuthorization(Users.Policies.Staff);
        group.MapGet("/days-to-paid", DaysToPaid);
        endpoints.MapGet("/collections/opt-out", OptOut);
        return endpoints;
    }

    /// <summary>The account asked for, else the only connected one.</summary>
    private static async Task<string?> AccountOf(AccountStore accounts, string? account, CancellationToken cancel)
    {
        if (!string.IsNullOrEmpty(account))
        {
            return account;
        }

        var connected = (await accounts.ListAsync(cancel).ConfigureAwait(false)).Where(a => a.DisconnectedAt is null).ToList();
        return connected.Count == 1 ? connected[0].Id : null;
    }

    private static IResult NoAccount() => Results.Problem("Name the account (?account=...): none or several are connected", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");

    private static async Task<IResult> Aged(string? account, AccountStore accounts, AccountBook book, CollectionsStore store, IOptions<CollectionsOptions> options, TimeProvider time, CancellationToken cancel)
    {
        if (await AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return NoAccount();
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.BusinessTimeZone);
        var today = book.Today(zone);
        var (_, profiles, all) = await book.ReadAsync(accountId, cancel).ConfigureAwait(false);
        var clients = (await store.ClientsAsync(accountId, cancel).ConfigureAwait(false)).ToDictionary(c => c.Contact.ClientId, StringComparer.Ordinal);
        var open = all.Where(r => r.Open).Select(r =>
        {
            var overdue = r.DueAt is { } due ? Math.Max(0, today.DayNumber - AccountBook.Day(due, zone).DayNumber) : 0;
            return new AgedInvoice(r.InvoiceId, r.InvoiceNumber, r.ClientId, clients.GetValueOrDefault(r.ClientId)?.Contact.Name ?? r.ClientId, r.Status, r.Total, r.Balance, r.DueAt, overdue, r.Disputed, r.Paused, r.ViewedAt);
        }).ToList();
        (string Name, int From, int To)[] ranges = [("current", 0, 0), ("1-30", 1, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, int.MaxValue)];
        var buckets = ranges.Select(b =>
        {
            var inside = open.Where(i => i.DaysOverdue >= b.From && i.DaysOverdue <= b.To).OrderByDescending(i => i.DaysOverdue).ToList();
            return new AgeBucket(b.Name, inside.Sum(i => i.Balance), inside);
        }).ToList();
        var views = profiles.Select(p =>
        {
            var client = clients.GetValueOrDefault(p.Key);
            return new ClientProfileView(p.Key, client?.Contact.Name ?? p.Key, p.Value.Describe(), p.Value.Kind.ToString(), p.Value.Balance, p.Value.OldestOverdueDays,
                client?.Paused ?? false, client?.SmsOptedOutAt is not null, client?.EmailOptedOutAt is not null);
        }).OrderByDescending(c => c.Balance).ToList();
        return Results.Ok(new ReceivablesView(accountId, time.GetUtcNow(), buckets, views));
    }

    private static async Task<IResult> Upcoming(string? account, int? days, AccountStore accounts, AccountBook book, TimeProvider time, CancellationToken cancel)
    {
        if (await AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return NoAccount();
        }

        var now = time.GetUtcNow();
        var until = now.AddDays(Math.Clamp(days ?? 14, 1, 90));
        var (plans, _, _) = await book.ReadAsync(accountId, cancel).ConfigureAwait(false);
        var upcoming = new List<UpcomingReminder>();
        foreach (var plan in plans.Where(p => !p.Receivable.Paused && !p.Receivable.Disputed && !p.Client.Paused))
        {
            foreach (var scheduled in plan.Schedule.Where(s => s.At <= until))
            {
                var rows = ReminderSchedule.Deliveries(scheduled.Reminder.Channel).Select(c => plan.Rows.GetValueOrDefault(ReminderSchedule.DeliveryKey(scheduled.Reminder.Id, c))).ToList();
                if (rows.All(r => r is not null && DeliveryState.Settled(r.State)))
                {
                    continue;
                }

                var deferred = rows.FirstOrDefault(r => r?.State == DeliveryState.Deferred);
                upcoming.Add(new UpcomingReminder(scheduled.Reminder.Id, plan.Receivable.InvoiceId, plan.Receivable.InvoiceNumber, plan.Client.Contact.ClientId, plan.Client.Contact.Name,
                    scheduled.At, scheduled.Reminder.Channel, scheduled.Reminder.Tone, scheduled.Reminder.Template, scheduled.Reminder.Why, deferred?.State ?? rows.FirstOrDefault(r => r is not null)?.State, deferred?.NotBefore));
            }
        }

        return Results.Ok(upcoming.OrderBy(u => u.At).ToList());
    }

    private static async Task<IResult> Messages(string clientId, string? account, AccountStore accounts, CollectionsStore store, CancellationToken cancel)
    {
        if (await AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return NoAccount();
        }

        var rows = await store.DeliveriesAsync(accountId, null, clientId, cancel).ConfigureAwait(false);
        return Results.Ok(rows.Select(r => new MessageView(r.Key, r.InvoiceId, r.Channel, r.Tone, r.Template, r.State, r.Reason, r.ProviderStatus, r.Why, r.PlannedAt, r.SentAt)).ToList());
    }

    private static async Task<IResult> Pause(AccountStore accounts, CollectionsStore store, string? account, string? clientId, string? invoiceId, bool paused, CancellationToken cancel)
    {
        if (await AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return NoAccount();
        }

        if (!await store.SetPausedAsync(accountId, clientId, invoiceId, paused, cancel).ConfigureAwait(false))
        {
            return Results.Problem($"No such {(invoiceId is null ? "client" : "invoice")}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (invoiceId is not null && paused)
        {
            await store.CancelPendingAsync(accountId, invoiceId, "invoice paused", cancel).ConfigureAwait(false);
        }

        return Results.Ok(new { accountId, clientId, invoiceId, paused });
    }

    private static async Task<IResult> Dispute(AccountStore accounts, CollectionsStore store, string? account, string invoiceId, bool disputed, CancellationToken cancel)
    {
        if (await AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return NoAccount();
        }

        if (!await store.SetDisputedAsync(accountId, invoiceId, disputed, cancel).ConfigureAwait(false))
        {
            return Results.Problem("No such invoice", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (disputed)
        {
            await store.CancelPendingAsync(accountId, invoiceId, "invoice disputed", cancel).ConfigureAwait(false);
        }

        return Results.Ok(new { accountId, invoiceId, disputed });
    }

    private static async Task<IResult> Plan(string invoiceId, string? account, AccountStore accounts, AccountBook book, CollectionsStore store, IOptions<CollectionsOptions> options, CancellationToken cancel)
    {
        if (await AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return NoAccount();
        }

        var receivable = await store.ReceivableAsync(accountId, invoiceId, cancel).ConfigureAwait(false);
        if (receivable is null)
        {
            return Results.Problem("No such invoice", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var (_, profiles, _) = await book.ReadAsync(accountId, cancel).ConfigureAwait(false);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.BusinessTimeZone);
        var profile = profiles.GetValueOrDefault(receivable.ClientId) ?? PaymentProfiler.Build([], book.Today(zone), options.Value.SettingsFor(accountId));
        var suggestion = receivable.Open ? PlanSuggester.Suggest(receivable.Balance, profile, options.Value.SettingsFor(accountId).Plans, book.Today(zone).AddDays(7)) : null;
        return Results.Ok(new PlanView(invoiceId, receivable.Balance, suggestion?.Why, suggestion?.Instalments ?? []));
    }

    private static async Task<IResult> AcceptPlan(string invoiceId, string? account, AcceptPlanRequest? request, AccountStore accounts, AccountBook book, CollectionsStore store, IOptions<CollectionsOptions> options, CancellationToken cancel)
    {
        if (await AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return NoAccount();
        }

        var receivable = await store.ReceivableAsync(accountId, invoiceId, cancel).ConfigureAwait(false);
        if (receivable is not { Open: true })
        {
            return Results.Problem("No open invoice with that id", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        IReadOnlyList<Instalment> instalments;
        if (request?.Instalments is { Count: > 0 } given)
        {
            var problem = given.Any(i => i.Amount <= 0 || Money.Cents(i.Amount) != i.Amount) ? "every instalment is a positive amount in cents"
                : given.Sum(i => i.Amount) != receivable.Balance ? $"instalments must add up to the balance {Money.Format(receivable.Balance)} exactly"
                : given.Zip(given.Skip(1)).Any(p => p.Second.DueOn <= p.First.DueOn) ? "instalment dates must increase"
                : null;
            if (problem is not null)
            {
                return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
            }

            instalments = [.. given.Select((i, n) => new Instalment(n + 1, i.DueOn, i.Amount))];
        }
        else
        {
            var (_, profiles, _) = await book.ReadAsync(accountId, cancel).ConfigureAwait(false);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.BusinessTimeZone);
            var profile = profiles.GetValueOrDefault(receivable.ClientId) ?? PaymentProfiler.Build([], book.Today(zone), options.Value.SettingsFor(accountId));
            var suggestion = PlanSuggester.Suggest(receivable.Balance, profile, options.Value.SettingsFor(accountId).Plans, book.Today(zone).AddDays(7));
            if (suggestion is null)
            {
                return Results.Problem("No plan is suggested for this balance; give the instalments", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
            }

            instalments = suggestion.Instalments;
        }

        await store.SavePlanAsync(accountId, invoiceId, instalments, receivable.Payments.Sum(p => p.Amount), cancel).ConfigureAwait(false);
        return Results.Ok(new PlanView(invoiceId, receivable.Balance, "accepted", instalments));
    }

    private static async Task<IResult> DaysToPaid(string? account, AccountStore accounts, CollectionsStore store, IOptions<CollectionsOptions> options, CancellationToken cancel)
    {
        if (await AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return NoAccount();
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.BusinessTimeZone);
        var paid = (await store.ReceivablesAsync(accountId, null, cancel).ConfigureAwait(false)).Where(r => r.PaidAt is not null && r.IssuedAt is not null).ToList();
        var months = paid.GroupBy(r => AccountBook.Day(r.PaidAt!.Value, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key).Select(g =>
        {
            var days = g.Select(r => (double)(AccountBook.Day(r.PaidAt!.Value, zone).DayNumber - AccountBook.Day(r.IssuedAt!.Value, zone).DayNumber)).Order().ToList();
            return new DaysToPaidMonth(g.Key, days.Count, Math.Round(days.Average(), 1), days.Count % 2 == 1 ? days[days.Count / 2] : (days[(days.Count / 2) - 1] + days[days.Count / 2]) / 2);
        }).ToList();
        return Results.Ok(months);
    }

    private static async Task<IResult> OptOut(string account, string client, string sig, CollectionsStore store, IOptions<CollectionsOptions> options, CancellationToken cancel)
    {
        if (!OptOutLinks.Verify(options.Value, account, client, sig))
        {
            return Results.Problem("This opt-out link is not valid", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        await store.SetEmailOptOutAsync(account, client, cancel).ConfigureAwait(false);
        return Results.Content($"<!doctype html><title>Unsubscribed</title><p>You will get no more payment reminders by email from {System.Net.WebUtility.HtmlEncode(options.Value.BusinessName)}.</p>", "text/html");
    }
}
