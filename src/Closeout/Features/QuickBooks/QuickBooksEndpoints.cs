using System.Globalization;
using Closeout.Features.Inbox;
using Closeout.Features.QuickBooks.Reconciliation;
using Closeout.Infrastructure.QuickBooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Closeout.Features.QuickBooks;

/// <summary>A safe fix the reconciliation report offered, to apply: its action and the ids of the difference.</summary>
public sealed record FixRequest(string Account, string Action, string? JobberId, string? QuickBooksId);

public sealed record MappingView(string JobberId, string? Label, string QboId, string Origin, DateTimeOffset UpdatedAt);

public sealed record UnmappedView(string Kind, string JobberId, string Label);

public sealed record MappingsView(
    string AccountId, string? RealmId, bool Connected, IReadOnlyDictionary<string, IReadOnlyList<MappingView>> Mapped, IReadOnlyList<UnmappedView> Unmapped);

/// <summary>
/// Connecting a QuickBooks company to a Closeout account (Intuit OAuth: GET /quickbooks/connect?account=… then Intuit
/// redirects to /quickbooks/callback with code, state and realmId), Intuit's webhook, the mapping, the reconciliation
/// report (JSON and CSV), a push on demand and the invoice-paid feed.
/// </summary>
internal static class QuickBooksEndpoints
{
    private const string StatePurpose = "Closeout.QuickBooks.OAuth.State";

    public static IServiceCollection AddQuickBooks(this IServiceCollection services)
    {
        services.AddQuickBooksClient();
        services.AddSingleton<QuickBooksConnections>();
        services.AddSingleton<QuickBooksLinks>();
        services.AddSingleton<InvoicePaidFeed>();
        services.AddSingleton<IInvoicePaidFeed>(sp => sp.GetRequiredService<InvoicePaidFeed>());
        services.AddSingleton<QuickBooksPaidSource>();
        services.AddSingleton<Collections.IPaidSource>(sp => sp.GetRequiredService<QuickBooksPaidSource>());
        services.AddSingleton<Collections.IPaidNotices>(sp => sp.GetRequiredService<QuickBooksPaidSource>());
        services.AddSingleton<Collections.IReversedPayments>(sp => sp.GetRequiredService<QuickBooksPaidSource>());
        services.AddSingleton<QuickBooksMapping>();
        services.AddSingleton<PushInvoice>();
        services.AddSingleton<PaymentSync>();
        services.AddSingleton<QuickBooksWork>();
        services.AddSingleton<IInboxHandler>(sp => sp.GetRequiredService<QuickBooksWork>());
        services.AddSingleton<ReconciliationReport>();
        services.AddSingleton<MappingOverview>();
        services.AddSingleton<CdcSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<CdcSweep>());
        return services;
    }

    public static IEndpointRouteBuilder MapQuickBooksEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Intuit signs its webhook (checked inside); connecting a company is the owner's; the rest is for managers.
        endpoints.MapPost("/webhooks/quickbooks", QuickBooksWebhook.ReceiveAsync).DisableAntiforgery().AllowAnonymous();
        endpoints.MapGet("/quickbooks/connect", Connect).RequireAuthorization(Users.Policies.Owner);
        endpoints.MapGet("/quickbooks/callback", CallbackAsync).RequireAuthorization(Users.Policies.Owner);

        var api = endpoints.MapGroup("/api/quickbooks").WithTags("QuickBooks").RequireAuthorization(Users.Policies.Managers);
        api.MapGet("/connections", async (QuickBooksConnections connections, CancellationToken cancel) =>
            (await connections.ListAsync(cancel).ConfigureAwait(false)).Select(c => new { c.AccountId, c.RealmId, connected = c.Tokens is not null, c.ConnectedAt, c.DisconnectedAt, c.CdcSince }));
        api.MapDelete("/connections/{account}", async (string account, QuickBooksConnections connections, CancellationToken cancel) =>
        {
            await connections.DisconnectAsync(account, cancel).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(Users.Policies.Owner);
        api.MapGet("/mappings", async (string? account, MappingOverview overview, CancellationToken cancel) =>
            string.IsNullOrWhiteSpace(account)
                ? Results.Problem("Name the account: ?account=…", statusCode: StatusCodes.Status400BadRequest, title: "Invalid")
                : Results.Ok(await overview.RunAsync(account, cancel).ConfigureAwait(false)));
        api.MapGet("/reconciliation", async (string? account, string? from, string? to, ReconciliationReport report, CancellationToken cancel) =>
        {
            var (result, problem) = await ReconcileAsync(account, from, to, report, cancel).ConfigureAwait(false);
            return problem ?? Results.Ok(result);
        });
        api.MapGet("/reconciliation.csv", async (string? account, string? from, string? to, ReconciliationReport report, CancellationToken cancel) =>
        {
            var (result, problem) = await ReconcileAsync(account, from, to, report, cancel).ConfigureAwait(false);
            return problem ?? Results.Text(ReconciliationReport.Csv(result!), "text/csv", System.Text.Encoding.UTF8);
        });
        api.MapPost("/reconciliation/fixes", ApplyFixAsync);
        api.MapPost("/invoices/{invoiceId}/push", async (string invoiceId, string? account, QuickBooksWork work, CancellationToken cancel) =>
        {
            if (string.IsNullOrWhiteSpace(account))
            {
                return Results.Problem("Name the account: ?account=…", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
            }

            var id = await work.EnqueueInvoicePushAsync(account, invoiceId, cancel).ConfigureAwait(false);
            return Results.Accepted(value: new { queued = id });
        });
        api.MapGet("/invoice-paid", async (long? after, int? limit, IInvoicePaidFeed feed, CancellationToken cancel) =>
            await feed.SinceAsync(after ?? 0, Math.Clamp(limit ?? 100, 1, 1000), cancel).ConfigureAwait(false));
        return endpoints;
    }

    /// <summary>
    /// Applies a safe fix by queueing the sync's own work for it: an invoice pushed again (also for tax and line
    /// differences: Jobber's lines and tax are written), a QuickBooks payment recorded in Jobber, a Jobber payment written
    /// to QuickBooks. Voiding and re-applying are left to a person in QuickBooks.
    /// </summary>
    private static async Task<IResult> ApplyFixAsync(FixRequest fix, QuickBooksWork work, QuickBooksLinks links, QuickBooksConnections connections, CancellationToken cancel)
    {
        var connection = await connections.FindAsync(fix.Account, cancel).ConfigureAwait(false);
        if (connection?.Tokens is null)
        {
            return Results.Problem($"Account {fix.Account} has no QuickBooks company connected", statusCode: StatusCodes.Status409Conflict, title: "Not connected");
        }

        switch (fix.Action)
        {
            case FixActions.PushInvoice or FixActions.UpdateInvoiceInQuickBooks or FixActions.SetTaxInQuickBooks when fix.JobberId is { Length: > 0 } invoiceId:
                if (await links.FindAsync(fix.Account, LinkKinds.Invoice, invoiceId, cancel).ConfigureAwait(false) is { } link)
                {
                    // Forget what was last written, so the push writes Jobber's invoice again even if it looks unchanged.
                    await links.SaveAsync(link with { Fingerprint = null }, cancel).ConfigureAwait(false);
                }

                return Results.Accepted(value: new { queued = await work.EnqueueInvoicePushAsync(fix.Account, invoiceId, cancel).ConfigureAwait(false) });
            case FixActions.RecordPaymentInJobber when fix.QuickBooksId is { Length: > 0 } paymentId:
                await work.EnqueuePaymentAsync(connection.RealmId, fix.Account, paymentId, "fix-" + Guid.NewGuid().ToString("N"), cancel).ConfigureAwait(false);
                return Results.Accepted();
            case FixActions.PushPayment when fix.JobberId is { Length: > 0 } paymentId:
                return Results.Accepted(value: new { queued = await work.EnqueuePaymentPushAsync(fix.Account, paymentId, cancel).ConfigureAwait(false) });
            default:
                return Results.Problem($"'{fix.Action}' is not applied automatically (or the ids it needs are missing); make the change in QuickBooks.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not applied");
        }
    }

    private static IResult Connect(string? account, HttpContext http, IOptions<QuickBooksOptions> options, IDataProtectionProvider protection)
    {
        if (string.IsNullOrWhiteSpace(account))
        {
            return Results.Problem("Name the Closeout account to connect: /quickbooks/connect?account=…", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        var settings = options.Value;
        var state = protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector().Protect(account, TimeSpan.FromMinutes(10));
        return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(settings.AuthorizeUrl.ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = settings.ClientId,
            ["response_type"] = "code",
            ["scope"] = settings.Scope,
            ["redirect_uri"] = CallbackUri(http, settings).ToString(),
            ["state"] = state,
        }));
    }

    private static async Task<IResult> CallbackAsync(
        HttpContext http, string? code, string? state, string? realmId, IOptions<QuickBooksOptions> options, IDataProtectionProvider protection,
        QboTokenService tokens, QuickBooksConnections connections, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(realmId) || string.IsNullOrEmpty(state))
        {
            return Results.Problem("Intuit did not authorize Closeout (no code, state or realmId): the connection was declined.", statusCode: StatusCodes.Status400BadRequest, title: "Not connected");
        }

        string account;
        try
        {
            account = protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector().Unprotect(state);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Results.Problem("The OAuth state is invalid or expired; start again at /quickbooks/connect.", statusCode: StatusCodes.Status400BadRequest, title: "Not connected");
        }

        var pair = await tokens.ExchangeCodeAsync(code, CallbackUri(http, options.Value), cancel).ConfigureAwait(false);
        if (!pair.IsSuccess)
        {
            return Results.Problem(pair.Failure!.Message, statusCode: StatusCodes.Status502BadGateway, title: "Not connected");
        }

        var connection = await connections.ConnectAsync(account, realmId, pair.Value!, cancel).ConfigureAwait(false);
        return Results.Ok(new { connected = true, accountId = connection.AccountId, realmId = connection.RealmId });
    }

    private static Uri CallbackUri(HttpContext http, QuickBooksOptions options) =>
        new(options.PublicUrl ?? new Uri($"{http.Request.Scheme}://{http.Request.Host}"), "/quickbooks/callback");

    private static async Task<(ReconciliationResult? Result, IResult? Problem)> ReconcileAsync(string? account, string? from, string? to, ReconciliationReport report, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(account)
            || !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || end < start)
        {
            return (null, Results.Problem("Give account, from and to (yyyy-MM-dd, from ≤ to).", statusCode: StatusCodes.Status400BadRequest, title: "Invalid period"));
        }

        var result = await report.RunAsync(account, start, end, cancel).ConfigureAwait(false);
        return result.IsSuccess
            ? (result.Value, null)
            : (null, Results.Problem(result.Failure!.Message, statusCode: result.Failure.Kind is Infrastructure.FailureKind.Configuration or Infrastructure.FailureKind.Auth ? StatusCodes.Status409Conflict : StatusCodes.Status502BadGateway, title: "Cannot reconcile"));
    }
}
