using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Closeout.Infrastructure.Jobber;

public sealed record JobberAccountInfo(string Id, string Name);

public sealed record CreatedInvoice(string Id, string? InvoiceNumber);

/// <summary>One line of an invoice as Jobber has it (with its linked product's name when the query asked for it).</summary>
public sealed record JobberInvoiceLine(string Name, decimal Quantity, decimal UnitPrice, decimal Total, string? ProductName = null);

/// <summary>An invoice as Jobber has it: its status (draft, awaiting_payment, paid, past_due, bad_debt), jobs, lines and total.</summary>
public sealed record JobberInvoice(string Id, string? InvoiceNumber, string? Status, IReadOnlyList<string> JobIds, IReadOnlyList<JobberInvoiceLine> Lines, decimal Subtotal, decimal Total)
{
    /// <summary>Sent to the client: any status but draft.</summary>
    public bool IsSent => Status is not null and not "draft";
}

/// <summary>A job completed in a period.</summary>
public sealed record CompletedJob(string Id, long? JobNumber, DateTimeOffset CompletedAt);

/// <summary>A line of an invoice being approved: its id, to edit or delete it.</summary>
public sealed record InvoiceLineToSend(string Id, string Name, decimal Quantity, decimal UnitPrice, bool Taxable);

/// <summary>An invoice being approved: its status, the client's emails (primary first) and its lines.</summary>
public sealed record InvoiceToSend(string Id, string Status, string? ClientId, IReadOnlyList<string> ClientEmails, IReadOnlyList<InvoiceLineToSend> Lines);

/// <summary>A product or service of the account's price book as Jobber has it.</summary>
public sealed record JobberProduct(string Id, string Name, string? Description, string Category, decimal UnitPrice, bool Taxable, bool Visible);

/// <summary>The typed operations Closeout sends (Operations/*.graphql). Every list is read to its last page.</summary>
internal sealed class JobberApi(JobberGraphQLClient client, IOptions<JobberOptions> options)
{
    /// <summary>The lists of a job that JobPage.graphql can page; each is its include flag there.</summary>
    private static readonly string[] JobLists = ["lineItems", "visits", "timesheetEntries", "notes"];

    /// <summary>The job as Jobber returns it, every list complete (null when Jobber has no such job).</summary>
    public async Task<Result<JsonObject?>> GetJobAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        var page = options.Value.PageSize;
        var data = await client.QueryAsync(accountId, "CloseoutJob", GraphQLDocuments.Job, new { id = jobId, page }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        if (!data.Value.TryGetProperty("job", out var found) || found.ValueKind != JsonValueKind.Object)
        {
            return Result.Ok<JsonObject?>(null);
        }

        var job = JsonNode.Parse(found.GetRawText())!.AsObject();
        foreach (var list in JobLists)
        {
            var pages = 1;
            while (job[list] is JsonObject connection && NextCursor(connection) is { } after)
            {
                if (++pages > options.Value.MaxPages)
                {
                    return Failure.Permanent($"Job {jobId} has more than {options.Value.MaxPages} pages of {list}");
                }

                var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = jobId, ["page"] = page, ["after"] = after };
                foreach (var name in JobLists)
                {
                    variables[name] = name == list;
                }

                var next = await client.QueryAsync(accountId, "CloseoutJobPage", GraphQLDocuments.JobPage, variables, cancellationToken).ConfigureAwait(false);
                if (!next.IsSuccess)
                {
                    return next.Failure!;
                }

                if (!next.Value.TryGetProperty("job", out var more) || !more.TryGetProperty(list, out var rest) || rest.ValueKind != JsonValueKind.Object)
                {
                    return Failure.Transient($"Jobber answered the next page of {list} without it");
                }

                var restNode = JsonNode.Parse(rest.GetRawText())!.AsObject();
                var nodes = connection["nodes"] as JsonArray ?? [];
                foreach (var node in (restNode["nodes"] as JsonArray ?? []).ToList())
                {
                    nodes.Add(node?.DeepClone());
                }

                connection["pageInfo"] = restNode["pageInfo"]?.DeepClone();
            }
        }

        return Result.Ok<JsonObject?>(job);
    }

    /// <summary>Every product and service of the account, page by page.</summary>
    public async Task<Result<IReadOnlyList<JobberProduct>>> GetProductsAsync(string accountId, CancellationToken cancellationToken)
    {
        var products = new List<JobberProduct>();
        string? after = null;
        for (var pages = 1; ; pages++)
        {
            if (pages > options.Value.MaxPages)
            {
                return Failure.Permanent($"The price book has more than {options.Value.MaxPages} pages");
            }

            var data = await client.QueryAsync(
                accountId, "CloseoutProductOrServices", GraphQLDocuments.ProductOrServices, new { page = options.Value.PageSize, after }, cancellationToken).ConfigureAwait(false);
            if (!data.IsSuccess)
            {
                return data.Failure!;
            }

            if (!data.Value.TryGetProperty("productOrServices", out var connection) || connection.ValueKind != JsonValueKind.Object)
            {
                return Failure.Transient("Jobber answered productOrServices without the list");
            }

            foreach (var p in connection.GetProperty("nodes").EnumerateArray())
            {
                products.Add(new JobberProduct(
                    p.GetProperty("id").ToString(),
                    p.GetProperty("name").GetString() ?? string.Empty,
                    p.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                    p.TryGetProperty("category", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "Product",
                    p.TryGetProperty("defaultUnitCost", out var cost) && cost.TryGetDecimal(out var price) ? price : 0m,
                    p.TryGetProperty("taxable", out var t) && t.ValueKind == JsonValueKind.True,
                    !p.TryGetProperty("visible", out var v) || v.ValueKind != JsonValueKind.False));
            }

            var info = connection.GetProperty("pageInfo");
            if (!info.TryGetProperty("hasNextPage", out var more) || more.ValueKind != JsonValueKind.True)
            {
                return products;
            }

            after = info.GetProperty("endCursor").GetString();
        }
    }

    private static string? NextCursor(JsonObject connection) =>
        connection["pageInfo"] is JsonObject info && info["hasNextPage"] is JsonValue more && more.GetValueKind() == JsonValueKind.True
            && info["endCursor"] is JsonValue cursor && cursor.GetValueKind() == JsonValueKind.String
            ? cursor.GetValue<string>()
            : null;

    public async Task<Result<IReadOnlyList<CreatedInvoice>>> GetJobInvoicesAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        var data = await client.QueryAsync(accountId, "CloseoutJobInvoices", GraphQLDocuments.JobInvoices, new { id = jobId }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        if (!data.Value.TryGetProperty("job", out var job) || job.ValueKind != JsonValueKind.Object)
        {
            return Failure.Permanent($"Jobber has no job {jobId}");
        }

        return Result.Ok<IReadOnlyList<CreatedInvoice>>(job.GetProperty("invoices").GetProperty("nodes").EnumerateArray()
            .Select(i => new CreatedInvoice(i.GetProperty("id").GetString()!, i.TryGetProperty("invoiceNumber", out var n) ? n.GetString() : null))
            .ToList());
    }

    public async Task<Result<CreatedInvoice>> CreateInvoiceAsync(string accountId, JsonNode input, CancellationToken cancellationToken)
    {
        var payload = Payload(await client.MutateAsync(accountId, "CloseoutCreateInvoice", GraphQLDocuments.CreateInvoice, new { input }, cancellationToken).ConfigureAwait(false), "invoiceCreate", "the invoice");
        if (!payload.IsSuccess)
        {
            return payload.Failure!;
        }

        if (!payload.Value.TryGetProperty("invoice", out var invoice) || invoice.ValueKind != JsonValueKind.Object)
        {
            return Failure.Transient("Jobber answered invoiceCreate without an invoice");
        }

        return new CreatedInvoice(invoice.GetProperty("id").GetString()!, invoice.TryGetProperty("invoiceNumber", out var n) ? n.GetString() : null);
    }

    /// <summary>Every job completed in [from, to), following the pages.</summary>
    public async Task<Result<IReadOnlyList<CompletedJob>>> GetCompletedJobsAsync(string accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var jobs = new List<CompletedJob>();
        string? cursor = null;
        do
        {
            var data = await client.QueryAsync(accountId, "CloseoutCompletedJobs", GraphQLDocuments.CompletedJobs,
                new { after = from.AddMilliseconds(-1), before = to, cursor }, cancellationToken).ConfigureAwait(false);
            if (!data.IsSuccess)
            {
                return data.Failure!;
            }

            var page = data.Value.GetProperty("jobs");
            foreach (var job in page.GetProperty("nodes").EnumerateArray())
            {
                if (job.TryGetProperty("completedAt", out var completed) && completed.ValueKind == JsonValueKind.String && completed.TryGetDateTimeOffset(out var at)
                    && at >= from && at < to)
                {
                    jobs.Add(new CompletedJob(job.GetProperty("id").GetString()!, job.TryGetProperty("jobNumber", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : null, at));
                }
            }

            var info = page.GetProperty("pageInfo");
            cursor = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
        }
        while (cursor is not null);

        return jobs;
    }

    /// <summary>A job's invoices with their status and lines.</summary>
    public async Task<Result<IReadOnlyList<JobberInvoice>>> GetJobInvoiceLinesAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        var data = await client.QueryAsync(accountId, "CloseoutJobInvoiceLines", GraphQLDocuments.JobInvoiceLines, new { id = jobId }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        if (!data.Value.TryGetProperty("job", out var job) || job.ValueKind != JsonValueKind.Object)
        {
            return Failure.Permanent($"Jobber has no job {jobId}");
        }

        return Result.Ok<IReadOnlyList<JobberInvoice>>(job.GetProperty("invoices").GetProperty("nodes").EnumerateArray().Select(ReadInvoice).ToList());
    }

    /// <summary>The invoice with its jobs and lines (null when Jobber has no such invoice).</summary>
    public async Task<Result<JobberInvoice?>> GetInvoiceAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var data = await client.QueryAsync(accountId, "CloseoutInvoice", GraphQLDocuments.Invoice, new { id = invoiceId }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        if (!data.Value.TryGetProperty("invoice", out var invoice) || invoice.ValueKind != JsonValueKind.Object)
        {
            return Result.Ok<JobberInvoice?>(null);
        }

        return Result.Ok<JobberInvoice?>(ReadInvoice(invoice));
    }

    private static JobberInvoice ReadInvoice(JsonElement invoice) => new(
        invoice.GetProperty("id").GetString()!,
        invoice.TryGetProperty("invoiceNumber", out var n) ? n.GetString() : null,
        invoice.TryGetProperty("invoiceStatus", out var s) ? s.GetString() : null,
        invoice.TryGetProperty("jobs", out var jobs) ? jobs.GetProperty("nodes").EnumerateArray().Select(j => j.GetProperty("id").GetString()!).ToList() : [],
        invoice.GetProperty("lineItems").GetProperty("nodes").EnumerateArray().Select(l => new JobberInvoiceLine(
            l.GetProperty("name").GetString() ?? "", l.GetProperty("quantity").GetDecimal(), l.GetProperty("unitPrice").GetDecimal(), l.GetProperty("totalPrice").GetDecimal(),
            l.TryGetProperty("linkedProductOrService", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetProperty("name").GetString() : null)).ToList(),
        invoice.GetProperty("subtotal").GetDecimal(),
        invoice.GetProperty("total").GetDecimal());

    /// <summary>The invoice with its status, client emails and line ids (null when Jobber has no such invoice): what approving writes to and sends.</summary>
    public async Task<Result<InvoiceToSend?>> GetInvoiceToSendAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var data = await client.QueryAsync(accountId, "CloseoutInvoiceToSend", GraphQLDocuments.InvoiceToSend, new { id = invoiceId }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        if (!data.Value.TryGetProperty("invoice", out var invoice) || invoice.ValueKind != JsonValueKind.Object)
        {
            return Result.Ok<InvoiceToSend?>(null);
        }

        var owner = invoice.GetProperty("client");
        var emails = owner.ValueKind == JsonValueKind.Object
            ? owner.GetProperty("emails").EnumerateArray().OrderByDescending(e => e.GetProperty("primary").GetBoolean()).Select(e => e.GetProperty("address").GetString()!).ToList()
            : [];
        return new InvoiceToSend(
            invoice.GetProperty("id").GetString()!,
            invoice.GetProperty("invoiceStatus").GetString()!,
            owner.ValueKind == JsonValueKind.Object ? owner.GetProperty("id").GetString() : null,
            emails,
            invoice.GetProperty("lineItems").GetProperty("nodes").EnumerateArray().Select(l => new InvoiceLineToSend(
                l.GetProperty("id").GetString()!, l.GetProperty("name").GetString()!, l.GetProperty("quantity").GetDecimal(), l.GetProperty("unitPrice").GetDecimal(), l.GetProperty("taxable").GetBoolean())).ToList());
    }

    public async Task<Result<bool>> EditInvoiceLineItemsAsync(string accountId, string invoiceId, JsonNode input, CancellationToken cancellationToken) =>
        Done(Payload(await client.MutateAsync(accountId, "CloseoutEditInvoiceLineItems", GraphQLDocuments.EditInvoiceLineItems, new { invoiceId, input }, cancellationToken).ConfigureAwait(false), "invoiceEditLineItems", "the line edits"));

    public async Task<Result<bool>> CreateInvoiceLineItemsAsync(string accountId, string invoiceId, JsonNode input, CancellationToken cancellationToken) =>
        Done(Payload(await client.MutateAsync(accountId, "CloseoutCreateInvoiceLineItems", GraphQLDocuments.CreateInvoiceLineItems, new { invoiceId, input }, cancellationToken).ConfigureAwait(false), "invoiceCreateLineItems", "the new lines"));

    public async Task<Result<bool>> DeleteInvoiceLineItemsAsync(string accountId, string invoiceId, JsonNode input, CancellationToken cancellationToken) =>
        Done(Payload(await client.MutateAsync(accountId, "CloseoutDeleteInvoiceLineItems", GraphQLDocuments.DeleteInvoiceLineItems, new { invoiceId, input }, cancellationToken).ConfigureAwait(false), "invoiceDeleteLineItems", "the line removals"));

    /// <summary>Emails the invoice to the client (EmailTypes.INVOICE_SENT), which takes it out of draft in Jobber.</summary>
    public async Task<Result<bool>> SendInvoiceAsync(string accountId, JsonNode input, CancellationToken cancellationToken) =>
        Done(Payload(await client.MutateAsync(accountId, "CloseoutSendInvoice", GraphQLDocuments.SendInvoice, new { input }, cancellationToken).ConfigureAwait(false), "workObjectSendEmail", "sending the invoice"));

    /// <summary>A mutation's payload, or a permanent failure naming Jobber's userErrors.</summary>
    internal static Result<JsonElement> Payload(Result<JsonElement> data, string field, string what)
    {
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        var payload = data.Value.GetProperty(field);
        var errors = payload.TryGetProperty("userErrors", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : [];
        if (errors.Count > 0)
        {
            return Failure.Permanent($"Jobber refused {what}: " + string.Join("; ", errors.Select(x =>
                $"{string.Join('.', x.GetProperty("path").EnumerateArray().Select(p => p.ToString()))}: {x.GetProperty("message").GetString()}")));
        }

        return payload;
    }

    private static Result<bool> Done(Result<JsonElement> payload) => payload.IsSuccess ? true : payload.Failure!;

    /// <summary>One invoice in Receivables.graphql's shape (null when Jobber has no such invoice).</summary>
    public async Task<Result<JsonElement?>> GetReceivableAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var data = await client.QueryAsync(accountId, "CloseoutReceivable", GraphQLDocuments.Receivable, new { id = invoiceId }, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        return Result.Ok<JsonElement?>(data.Value.TryGetProperty("invoice", out var invoice) && invoice.ValueKind == JsonValueKind.Object ? invoice.Clone() : null);
    }

    /// <summary>Every invoice of the account, page by page.</summary>
    public async Task<Result<IReadOnlyList<JsonElement>>> GetReceivablesAsync(string accountId, CancellationToken cancellationToken)
    {
        var all = new List<JsonElement>();
        string? after = null;
        while (true)
        {
            var data = await client.QueryAsync(accountId, "CloseoutReceivables", GraphQLDocuments.Receivables, new { after }, cancellationToken).ConfigureAwait(false);
            if (!data.IsSuccess)
            {
                return data.Failure!;
            }

            var invoices = data.Value.GetProperty("invoices");
            all.AddRange(invoices.GetProperty("nodes").EnumerateArray().Select(n => n.Clone()));
            var page = invoices.GetProperty("pageInfo");
            if (!page.GetProperty("hasNextPage").GetBoolean())
            {
                return all;
            }

            after = page.GetProperty("endCursor").GetString();
        }
    }

    public async Task<Result<JobberAccountInfo>> GetAccountAsync(string accessToken, CancellationToken cancellationToken)
    {
        var data = await client.QueryWithTokenAsync(accessToken, "CloseoutAccount", GraphQLDocuments.Account, cancellationToken).ConfigureAwait(false);
        if (!data.IsSuccess)
        {
            return data.Failure!;
        }

        var account = data.Value.GetProperty("account");
        return new JobberAccountInfo(account.GetProperty("id").GetString()!, account.GetProperty("name").GetString()!);
    }
}
