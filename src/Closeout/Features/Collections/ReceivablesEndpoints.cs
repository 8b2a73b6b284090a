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
        // Receivables are for the office (staff roles), not technicians. Twilio's webhooks and the email
        // opt-out link stay anonymous: they are verified by signature.
        var group = endpoints.MapGroup("/api/receivables").WithTags("Receivables").RequireAuthorization(Users.Policies.Staff);
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
        endpoints.MapGet("/collections/opt-out", OptOut).AllowAnonymous();
        return endpoints;
    }

    /// <summary>The account asked for, else the only connected one.</summary>
    public static async Task<string?> AccountOf(AccountStore accounts, string? account, CancellationToken cancel)
    {
        if (!string.IsNullOrEmpty(account))
        {
            return account;
        }

        var connected = (await accounts.ListAsync(cancel).ConfigureAwait(false)).Where(a => a.DisconnectedAt is null).ToList();
        return connected.Count == 1 ? connected[0].Id : null;
    }

    private static IResult NoAccount() => Results.Problem("Name the account (?account=...): none or several are connected", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");

    private static async Task<IResult> Aged(string? account, AccountStore accounts, ReceivablesQueries queries, CancellationToken cancel) =>
        await AccountOf(accounts, account, cancel).ConfigureAwait(false) is { } accountId ? Results.Ok(await queries.AgedAsync(accountId, cancel).ConfigureAwait(false)) : NoAccount();

    private static async Task<IResult> Upcoming(string? account, int? days, AccountStore accounts, ReceivablesQueries queries, CancellationToken cancel) =>
        await AccountOf(accounts, account, cancel).ConfigureAwait(false) is { } accountId ? Results.Ok(await queries.UpcomingAsync(accountId, days ?? 14, cancel).ConfigureAwait(false)) : NoAccount();

    private static async Task<IResult> Messages(string clientId, string? account, AccountStore accounts, ReceivablesQueries queries, CancellationToken cancel) =>
        await AccountOf(accounts, account, cancel).ConfigureAwait(false) is { } accountId ? Results.Ok(await queries.MessagesAsync(accountId, clientId, cancel).ConfigureAwait(false)) : NoAccount();

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

    private static async Task<IResult> Plan(string invoiceId, string? account, AccountStore accounts, ReceivablesQueries queries, CollectionsStore store, CancellationToken cancel)
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

        var suggestion = await queries.SuggestPlanAsync(accountId, receivable, cancel).ConfigureAwait(false);
        return Results.Ok(new PlanView(invoiceId, receivable.Balance, suggestion?.Why, suggestion?.Instalments ?? []));
    }

    private static async Task<IResult> AcceptPlan(string invoiceId, string? account, AcceptPlanRequest? request, AccountStore accounts, ReceivablesQueries queries, CollectionsStore store, CancellationToken cancel)
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
        else if (await queries.SuggestPlanAsync(accountId, receivable, cancel).ConfigureAwait(false) is { } suggestion)
        {
            instalments = suggestion.Instalments;
        }
        else
        {
            return Results.Problem("No plan is suggested for this balance; give the instalments", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        await store.SavePlanAsync(accountId, invoiceId, instalments, receivable.Payments.Sum(p => p.Amount), cancel).ConfigureAwait(false);
        return Results.Ok(new PlanView(invoiceId, receivable.Balance, "accepted", instalments));
    }

    private static async Task<IResult> DaysToPaid(string? account, AccountStore accounts, ReceivablesQueries queries, CancellationToken cancel) =>
        await AccountOf(accounts, account, cancel).ConfigureAwait(false) is { } accountId ? Results.Ok(await queries.DaysToPaidAsync(accountId, cancel).ConfigureAwait(false)) : NoAccount();

    private static async Task<IResult> OptOut(string account, string client, string sig, CollectionsStore store, IOptions<CollectionsOptions> options, CancellationToken cancel)
    {
        if (!OptOutLinks.Verify(options.Value, account, client, sig))
        {
            return Results.Problem("This opt-out link is not valid", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        await store.SetEmailOptOutAsync(account, client, cancel).ConfigureAwait(false);
        return Results.Content($"<!doctype html><title>Unsubscribed</title><p>You will get no more payment reminders by email from {System.Net.WebUtility.HtmlEncode(options.Value.SettingsFor(account).BusinessName)}.</p>", "text/html");
    }
}
