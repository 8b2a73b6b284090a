using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.OAuth;
using Closeout.JobberSandbox.Seeding;
using Closeout.JobberSandbox.Webhooks;
using Microsoft.Extensions.Options;

namespace Closeout.JobberSandbox.Control;

public sealed record SeedRequest(string? Path, bool Demo);

/// <summary>A payment a person records in Jobber: CASH, CHEQUE or OTHER, with optional details.</summary>
public sealed record RecordPaymentRequest(decimal Amount, string? PaymentType, string? Details);

public sealed record PaymentView(string Id, decimal Amount, string PaymentType, string? Details, DateTimeOffset EntryDate);

/// <summary>Where an invoice stands on payments: its status, balance and payment records.</summary>
public sealed record InvoicePaymentsView(string Id, string InvoiceStatus, decimal Total, decimal Balance, IReadOnlyList<PaymentView> Payments);

public sealed record AddWebhookRequest(string Url, IReadOnlyList<string>? Topics, string? ClientId);

public sealed record TokenRequest(string? AccountId, string? ClientId);

public sealed record AccountSummary(string Id, string Name, int Jobs, int Clients, int ProductOrServices, int Invoices);

public sealed record JobSummary(string Id, int JobNumber, string? Title, string JobStatus, string ClientId, int Visits, string AccountId);

public sealed record InvoiceLineView(
    string Id, string Name, string Description, decimal Quantity, decimal UnitPrice, decimal TotalPrice, bool Taxable,
    int? ProductOrServiceId, string? ProductOrServiceName, string? CatalogItemId, string? JobLineItemId);

/// <summary>An invoice as written to the sandbox, for tests to compare with Closeout's drafts.</summary>
public sealed record InvoiceView(
    string Id, string AccountId, string InvoiceNumber, string InvoiceStatus, string Subject, string? Message, string ClientId,
    IReadOnlyList<string> JobIds, IReadOnlyList<InvoiceLineView> Lines, decimal Subtotal, decimal DiscountAmount, decimal TaxAmount,
    decimal Total, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Seeded, IReadOnlyList<string> SentTo);

/// <summary>Endpoints under /sandbox/: seeding, completing jobs, faults, webhook subscribers, inspection. Not Jobber's API.</summary>
internal static class ControlEndpoints
{
    public static IServiceCollection AddSandboxControl(this IServiceCollection services) =>
        services.AddSingleton<SandboxFaults>().AddSingleton<JobCompletion>();

    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/sandbox");
        group.MapGet("/accounts", Accounts);
        group.MapPost("/seed", Seed);
        group.MapGet("/jobs", Jobs);
        group.MapPost("/jobs/{id}/complete", Complete);
        group.MapPost("/jobs/{id}/reopen", async (string id, JobCompletion completion, CancellationToken cancel) =>
            await completion.ReopenAsync(id, cancel).ConfigureAwait(false) is { } job
                ? Results.Ok(new { jobId = job.Id, job.JobNumber, job.JobStatus })
                : Results.Problem($"No job {id}", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        group.MapGet("/invoices", Invoices);
        group.MapPost("/invoices/{id}/issue", (string id, IssueRequest request, SandboxStore store, IWebhookEvents events, TimeProvider time, CancellationToken cancel) =>
            OnInvoice(store, id, (account, invoice) => InvoiceLifecycle.Issue(account, invoice, request, time.GetUtcNow(), events), cancel));
        group.MapPost("/invoices/{id}/view", (string id, SandboxStore store, IWebhookEvents events, TimeProvider time, CancellationToken cancel) =>
            OnInvoice(store, id, (account, invoice) => { InvoiceLifecycle.View(account, invoice, time.GetUtcNow(), events); return null; }, cancel));
        group.MapPost("/invoices/{id}/age", (string id, AgeRequest request, SandboxStore store, IWebhookEvents events, TimeProvider time, CancellationToken cancel) =>
            OnInvoice(store, id, (account, invoice) => { InvoiceLifecycle.Age(account, invoice, request.Days, time.GetUtcNow(), events); return null; }, cancel));
        group.MapGet("/invoices/{id}/payments", InvoicePayments);
        group.MapPost("/invoices/{id}/send", SendInvoice);
        group.MapPost("/invoices/{id}/payments", RecordPayment);
        group.MapGet("/faults", (SandboxFaults faults) => faults.Current);
        group.MapPost("/faults", (FaultSettings settings, SandboxFaults faults) =>
        {
            faults.Set(settings);
            return faults.Current;
        });
        group.MapDelete("/faults", (SandboxFaults faults) =>
        {
            faults.Set(new FaultSettings());
            return faults.Current;
        });
        group.MapPost("/webhooks", AddWebhook);
        group.MapGet("/webhooks/deliveries", (WebhookDeliveryWorker worker) => worker.Records);
        group.MapPost("/tokens", IssueToken);
        group.MapGet("/ids", async (SandboxStore store, CancellationToken cancel) =>
        {
            using (await store.EnterAsync(cancel).ConfigureAwait(false))
            {
                return store.IdMappings;
            }
        });
        return endpoints;
    }

    private static async Task<IReadOnlyList<AccountSummary>> Accounts(SandboxStore store, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            return store.Accounts.ConvertAll(a => new AccountSummary(a.Id, a.Name, a.Jobs.Count, a.Clients.Count, a.ProductOrServices.Count, a.Invoices.Count));
        }
    }

    private static async Task<IResult> Seed(SeedRequest request, SandboxStore store, BusinessSeeder seeder, CancellationToken cancel)
    {
        BusinessSource source;
        try
        {
            source = request.Demo || string.IsNullOrEmpty(request.Path) ? DemoBusiness.Load() : BusinessSeeder.FromFolder(request.Path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Cannot seed");
        }

        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            var account = seeder.Seed(source);
            return Results.Ok(new AccountSummary(account.Id, account.Name, account.Jobs.Count, account.Clients.Count, account.ProductOrServices.Count, account.Invoices.Count));
        }
    }

    private static async Task<IReadOnlyList<JobSummary>> Jobs(SandboxStore store, string? accountId, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            return store.Accounts.Where(a => accountId is null || a.Id == accountId)
                .SelectMany(a => a.Jobs.Select(j => new JobSummary(j.Id, j.JobNumber, j.Title, j.JobStatus, j.Client.Id, j.Visits.Count, a.Id)))
                .ToList();
        }
    }

    /// <summary>Applies a change to an invoice under the store's lock and answers its state, or a problem.</summary>
    private static async Task<IResult> OnInvoice(SandboxStore store, string id, Func<Account, Invoice, string?> change, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            var account = store.Accounts.Find(a => a.FindInvoice(id) is not null);
            if (account?.FindInvoice(id) is not { } invoice)
            {
                return Results.Problem($"No invoice {id}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            return change(account, invoice) is { } error
                ? Results.Problem(error, statusCode: StatusCodes.Status409Conflict, title: "Refused")
                : Results.Ok(InvoiceLifecycle.ViewOf(invoice));
        }
    }

    private static async Task<IResult> Complete(string id, JobCompletion completion, CancellationToken cancel)
    {
        var job = await completion.CompleteAsync(id, cancel).ConfigureAwait(false);
        return job is null
            ? Results.Problem($"No job {id}", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : Results.Accepted(value: new { jobId = job.Id, job.JobNumber, job.JobStatus, completedAt = job.CompletedAt });
    }

    private static async Task<IReadOnlyList<InvoiceView>> Invoices(SandboxStore store, string? accountId, string? jobId, bool? all, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            return store.Accounts.Where(a => accountId is null || a.Id == accountId)
                .SelectMany(a => a.Invoices.Select(i => (Account: a, Invoice: i)))
                .Where(x => (all == true || !x.Invoice.Seeded) && (jobId is null || x.Invoice.Jobs.Exists(j => j.Id == jobId)))
                .Select(x => View(x.Account, x.Invoice))
                .ToList();
        }
    }

    private static (Account? Account, Invoice? Invoice) FindInvoice(SandboxStore store, string id)
    {
        foreach (var account in store.Accounts)
        {
            if (account.FindInvoice(id) is { } invoice)
            {
                return (account, invoice);
            }
        }

        return (null, null);
    }

    private static InvoicePaymentsView PaymentsView(Invoice invoice) => new(
        invoice.Id, invoice.InvoiceStatus, invoice.Total, invoice.Amounts.InvoiceBalance,
        invoice.PaymentRecords.ConvertAll(p => new PaymentView(p.Id, p.Amount, p.PaymentType, p.Details, p.EntryDate)));

    private static async Task<IResult> InvoicePayments(string id, SandboxStore store, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            var (_, invoice) = FindInvoice(store, id);
            return invoice is null ? Results.Problem($"No invoice {id}", statusCode: StatusCodes.Status404NotFound, title: "Not found") : Results.Ok(PaymentsView(invoice));
        }
    }

    /// <summary>A person sends the invoice to the client: a draft is issued with the default terms (INVOICE_UPDATE); see /issue for set dates.</summary>
    private static async Task<IResult> SendInvoice(string id, SandboxStore store, IWebhookEvents events, TimeProvider time, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            var (account, invoice) = FindInvoice(store, id);
            if (account is null || invoice is null)
            {
                return Results.Problem($"No invoice {id}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            if (invoice.InvoiceStatus != "draft" || InvoiceLifecycle.Issue(account, invoice, new IssueRequest(null, null, null), time.GetUtcNow(), events) is not null)
            {
                invoice.UpdatedAt = time.GetUtcNow();
                events.Publish(account, WebhookTopic.InvoiceUpdate, invoice.Id);
            }

            return Results.Ok(PaymentsView(invoice));
        }
    }

    /// <summary>A person records a payment in Jobber (PAYMENT_CREATE, INVOICE_UPDATE).</summary>
    private static async Task<IResult> RecordPayment(string id, RecordPaymentRequest request, SandboxStore store, IWebhookEvents events, TimeProvider time, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            var (account, invoice) = FindInvoice(store, id);
            if (account is null || invoice is null)
            {
                return Results.Problem($"No invoice {id}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            var detailsKey = request.PaymentType switch { "CASH" => "cashPaymentDetails", "CHEQUE" => "checkPaymentDetails", _ => "otherPaymentDetails" };
            var payload = GraphQL.PaymentRecords.Create(account, store, events, time, new Dictionary<string, object?>
            {
                ["invoiceId"] = id,
                ["adjustmentType"] = "PAYMENT",
                ["amount"] = request.Amount,
                ["entryDate"] = time.GetUtcNow(),
                ["paymentOrigin"] = "EMPLOYEE_ONLINE_ORIGIN",
                ["paymentDetails"] = new Dictionary<string, object?> { [detailsKey] = new Dictionary<string, object?> { ["details"] = request.Details } },
            });
            return payload.PaymentRecord is null
                ? Results.Problem(string.Join("; ", payload.UserErrors.Select(e => e.Message)), statusCode: StatusCodes.Status400BadRequest, title: "Invalid")
                : Results.Ok(new PaymentView(payload.PaymentRecord.Id, payload.PaymentRecord.Amount, payload.PaymentRecord.PaymentType, payload.PaymentRecord.Details, payload.PaymentRecord.EntryDate));
        }
    }

    internal static InvoiceView View(Account account, Invoice invoice) => new(
        invoice.Id, account.Id, invoice.InvoiceNumber, invoice.InvoiceStatus, invoice.Subject, invoice.Message, invoice.Client.Id,
        invoice.Jobs.ConvertAll(j => j.Id),
        invoice.LineItems.ConvertAll(l => new InvoiceLineView(
            l.Id, l.Name, l.Description, l.Quantity, l.UnitPrice, l.TotalPrice, l.Taxable,
            l.LinkedProductOrService?.Id, l.LinkedProductOrService?.Name, l.LinkedProductOrService?.SourceId, l.JobLineItemId)),
        invoice.Subtotal, invoice.DiscountAmount, invoice.TaxAmount, invoice.Total, invoice.CreatedAt, invoice.UpdatedAt, invoice.Seeded, [.. invoice.SentTo]);

    private static async Task<IResult> AddWebhook(AddWebhookRequest request, IOptionsMonitor<SandboxOptions> options, WebhookSubscriptions subscriptions)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var app = request.ClientId is null ? options.CurrentValue.Apps.FirstOrDefault() : options.CurrentValue.Apps.Find(a => a.ClientId == request.ClientId);
        if (app is null || !Uri.TryCreate(request.Url, UriKind.Absolute, out _))
        {
            return Results.Problem("Unknown app or bad URL", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        subscriptions.Add(app.ClientId, new WebhookSubscription { Url = request.Url, Topics = [.. request.Topics ?? []] });
        return Results.Ok(new { app.ClientId, request.Url, Topics = request.Topics ?? [] });
    }

    /// <summary>Tokens without the browser dance, for tests and scripts; the same tokens the OAuth flow issues.</summary>
    private static async Task<IResult> IssueToken(TokenRequest request, IOptionsMonitor<SandboxOptions> options, TokenService tokens, SandboxStore store, CancellationToken cancel)
    {
        var app = request.ClientId is null ? options.CurrentValue.Apps.FirstOrDefault() : options.CurrentValue.Apps.Find(a => a.ClientId == request.ClientId);
        Account? account;
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            account = request.AccountId is null ? store.Accounts.FirstOrDefault() : store.FindAccount(request.AccountId);
        }

        if (app is null || account is null)
        {
            return Results.Problem("Unknown app or account", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        var pair = tokens.Issue(new TokenGrant(app.ClientId, account.Id));
        return Results.Ok(new { access_token = pair.AccessToken, refresh_token = pair.RefreshToken, expires_at = pair.ExpiresAt, account_id = account.Id });
    }
}
