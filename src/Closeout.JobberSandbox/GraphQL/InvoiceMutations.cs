using System.Globalization;
using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.Webhooks;
using GraphQL;
using GraphQL.Utilities;

namespace Closeout.JobberSandbox.GraphQL;

internal sealed record UserError(string Message, IReadOnlyList<string> Path);

/// <summary>The payload of every invoice mutation: InvoiceCreatePayload, InvoiceEditPayload and the line item ones.</summary>
internal sealed record InvoicePayload(Invoice? Invoice, IReadOnlyList<UserError> UserErrors, IReadOnlyList<InvoiceLineItem>? CreatedLineItems, IReadOnlyList<InvoiceLineItem>? ModifiedLineItems)
{
    public IReadOnlyList<InvoiceLineItem> DeletedLineItems { get; init; } = [];
}

/// <summary>WorkObjectSendEmailPayload.</summary>
internal sealed record SendEmailPayload(string? Message, IReadOnlyList<UserError> UserErrors);

/// <summary>
/// invoiceCreate, invoiceEdit, invoiceCreateLineItems, invoiceEditLineItems with Jobber's input types. Bad input is
/// a normal response with userErrors and no invoice, never a GraphQL error.
/// </summary>
internal static class InvoiceMutations
{
    public static void Bind(TypeConfig mutation)
    {
        mutation.FieldFor("invoiceCreate").Resolver = SandboxSchema.Resolve(ctx => Create(SandboxSchema.Context(ctx), Input(ctx, "input")));
        mutation.FieldFor("invoiceEdit").Resolver = SandboxSchema.Resolve(ctx => Edit(SandboxSchema.Context(ctx), ctx.GetArgument<string>("invoiceId"), Input(ctx, "input")));
        mutation.FieldFor("invoiceCreateLineItems").Resolver = SandboxSchema.Resolve(ctx => CreateLineItems(SandboxSchema.Context(ctx), ctx.GetArgument<string>("invoiceId"), Input(ctx, "input")));
        mutation.FieldFor("invoiceEditLineItems").Resolver = SandboxSchema.Resolve(ctx => EditLineItems(SandboxSchema.Context(ctx), ctx.GetArgument<string>("invoiceId"), Input(ctx, "input")));
        mutation.FieldFor("invoiceDeleteLineItems").Resolver = SandboxSchema.Resolve(ctx => DeleteLineItems(SandboxSchema.Context(ctx), ctx.GetArgument<string>("invoiceId"), Input(ctx, "input")));
        mutation.FieldFor("workObjectSendEmail").Resolver = SandboxSchema.Resolve(ctx => SendEmail(SandboxSchema.Context(ctx), Input(ctx, "input")));
    }

    private static Dictionary<string, object?> Input(IResolveFieldContext context, string name) =>
        context.GetArgument<Dictionary<string, object?>>(name) ?? [];

    private static InvoicePayload Payload(Invoice? invoice, List<UserError> errors, IReadOnlyList<InvoiceLineItem>? created = null, IReadOnlyList<InvoiceLineItem>? modified = null) =>
        errors.Count == 0 ? new InvoicePayload(invoice, errors, created, modified) : new InvoicePayload(null, errors, null, null);

    internal static InvoicePayload Create(RequestContext context, Dictionary<string, object?> input)
    {
        var account = context.Account;
        var errors = new List<UserError>();
        var client = account.FindClient(input.GetValueOrDefault("clientId") as string);
        if (client is null)
        {
            errors.Add(new UserError("Client not found", ["clientId"]));
        }

        Job? job = null;
        if (input.GetValueOrDefault("jobId") is string jobId)
        {
            job = account.FindJob(jobId);
            if (job is null)
            {
                errors.Add(new UserError("Job not found", ["jobId"]));
            }
            else if (client is not null && !ReferenceEquals(job.Client, client))
            {
                errors.Add(new UserError("Job does not belong to this client", ["jobId"]));
            }
        }

        foreach (var (visitId, index) in List(input, "visitIds").Select((v, i) => (v as string, i)))
        {
            if (account.FindVisit(visitId) is not { } visit || (job is not null && !ReferenceEquals(visit.Job, job)))
            {
                errors.Add(new UserError("Visit not found", ["visitIds", Index(index)]));
            }
        }

        if (Dict(input, "tax")?.GetValueOrDefault("taxRateId") is string taxRateId && taxRateId != DefaultTaxRateId(account))
        {
            errors.Add(new UserError("Tax rate not found", ["tax", "taxRateId"]));
        }

        var dueDetails = Dict(input, "dueDetails");
        if (dueDetails?.GetValueOrDefault("invoiceNet") is int net && net < 0)
        {
            errors.Add(new UserError("Invoice net must be zero or more days", ["dueDetails", "invoiceNet"]));
        }

        var lines = List(input, "lineItems").OfType<Dictionary<string, object?>>().ToList();
        if (lines.Count == 0)
        {
            errors.Add(new UserError("An invoice needs at least one line item", ["lineItems"]));
        }

        var now = context.Time.GetUtcNow();
        var built = new List<InvoiceLineItem>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = BuildCreationLine(context, job, lines[i], i, now, errors);
            if (line is not null)
            {
                built.Add(line);
            }
        }

        if (errors.Count > 0 || client is null)
        {
            return Payload(null, errors);
        }

        var issued = input.GetValueOrDefault("issuedDate") as DateTimeOffset?;
        var invoice = new Invoice
        {
            Id = context.Store.NewId("Invoice"),
            InvoiceNumber = NextInvoiceNumber(account),
            Client = client,
            Subject = input.GetValueOrDefault("subject") as string ?? "For Services Rendered",
            Message = input.GetValueOrDefault("message") as string,
            Origin = input.GetValueOrDefault("origin")?.ToString() ?? "NEW_JOBBER_ONLINE",
            TaxCalculationMethod = Dict(input, "tax")?.GetValueOrDefault("taxCalculationMethod")?.ToString() ?? "EXCLUSIVE",
            TaxRatePercent = account.TaxRatePercent,
            IssuedDate = issued,
            InvoiceNet = dueDetails?.GetValueOrDefault("invoiceNet") as int?,
            DueDate = dueDetails?.GetValueOrDefault("dueDate") as DateTimeOffset?,
            CreatedAt = now,
            UpdatedAt = now,
        };
        invoice.LineItems.AddRange(built);
        ApplyDiscount(invoice, Dict(input, "discount"));
        if (invoice.DueDate is null && invoice.InvoiceNet is { } days)
        {
            invoice.DueDate = (issued ?? now).AddDays(days);
        }

        if (job is not null)
        {
            invoice.Jobs.Add(job);
            job.Invoices.Add(invoice);
        }

        client.Invoices.Add(invoice);
        account.Invoices.Add(invoice);
        context.Events.Publish(account, WebhookTopic.InvoiceCreate, invoice.Id);
        return Payload(invoice, errors);
    }

    private static InvoiceLineItem? BuildCreationLine(RequestContext context, Job? job, Dictionary<string, object?> line, int index, DateTimeOffset now, List<UserError> errors)
    {
        var count = errors.Count;
        var name = line.GetValueOrDefault("name") as string ?? "";
        var quantity = Number(line, "quantity") ?? 1m;
        var cost = Number(line, "cost");
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new UserError("Name can't be blank", ["lineItems", Index(index), "name"]));
        }

        if (quantity < 0)
        {
            errors.Add(new UserError("Quantity must be greater than or equal to 0", ["lineItems", Index(index), "quantity"]));
        }

        if (cost < 0)
        {
            errors.Add(new UserError("Cost must be greater than or equal to 0", ["lineItems", Index(index), "cost"]));
        }

        JobLineItem? jobLine = null;
        if (line.GetValueOrDefault("jobLineItemId") is string jobLineItemId)
        {
            jobLine = job?.LineItems.Find(l => l.Id == jobLineItemId);
            if (jobLine is null)
            {
                errors.Add(new UserError("Job line item not found on this job", ["lineItems", Index(index), "jobLineItemId"]));
            }
        }

        var product = jobLine?.LinkedProductOrService ?? ProductNamed(context.Account, name);
        if (product is null && jobLine is null && context.StrictCatalogLines && !string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new UserError($"No product or service named \"{name}\"", ["lineItems", Index(index), "name"]));
        }

        if (errors.Count > count)
        {
            return null;
        }

        return new InvoiceLineItem
        {
            Id = context.Store.NewId("InvoiceLineItem"),
            Name = name,
            Description = line.GetValueOrDefault("description") as string ?? jobLine?.Description ?? product?.Description ?? "",
            Category = line.GetValueOrDefault("category")?.ToString() ?? product?.Category ?? "Product",
            Date = line.GetValueOrDefault("date") as DateTimeOffset?,
            Quantity = quantity,
            UnitPrice = cost ?? jobLine?.UnitPrice ?? product?.DefaultUnitCost ?? 0m,
            Taxable = line.GetValueOrDefault("taxable") as bool? ?? jobLine?.Taxable ?? product?.Taxable ?? false,
            LinkedProductOrService = product,
            JobLineItemId = jobLine?.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    internal static InvoicePayload Edit(RequestContext context, string invoiceId, Dictionary<string, object?> input)
    {
        var errors = new List<UserError>();
        var invoice = context.Account.FindInvoice(invoiceId);
        if (invoice is null)
        {
            errors.Add(new UserError("Invoice not found", ["invoiceId"]));
            return Payload(null, errors);
        }

        var dueDetails = Dict(input, "dueDetails");
        if (dueDetails?.GetValueOrDefault("invoiceNet") is int net && net < 0)
        {
            errors.Add(new UserError("Invoice net must be zero or more days", ["dueDetails", "invoiceNet"]));
            return Payload(null, errors);
        }

        if (input.TryGetValue("subject", out var subject) && subject is string s)
        {
            invoice.Subject = s;
        }

        if (input.TryGetValue("message", out var message))
        {
            invoice.Message = message as string;
        }

        if (input.GetValueOrDefault("invoiceNumber") is string number)
        {
            invoice.InvoiceNumber = number;
        }

        if (input.TryGetValue("issuedDate", out var issued))
        {
            invoice.IssuedDate = issued as DateTimeOffset?;
        }

        if (dueDetails is not null)
        {
            invoice.InvoiceNet = dueDetails.GetValueOrDefault("invoiceNet") as int? ?? invoice.InvoiceNet;
            invoice.DueDate = dueDetails.GetValueOrDefault("dueDate") as DateTimeOffset?
                ?? (invoice.InvoiceNet is { } days ? (invoice.IssuedDate ?? invoice.CreatedAt).AddDays(days) : invoice.DueDate);
        }

        ApplyDiscount(invoice, Dict(input, "discount"));
        Touch(context, invoice);
        return Payload(invoice, errors);
    }

    internal static InvoicePayload CreateLineItems(RequestContext context, string invoiceId, Dictionary<string, object?> input)
    {
        var errors = new List<UserError>();
        var invoice = context.Account.FindInvoice(invoiceId);
        if (invoice is null)
        {
            errors.Add(new UserError("Invoice not found", ["invoiceId"]));
            return Payload(null, errors);
        }

        var now = context.Time.GetUtcNow();
        var created = new List<InvoiceLineItem>();
        var lines = List(input, "lineItems").OfType<Dictionary<string, object?>>().ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var name = line.GetValueOrDefault("name") as string ?? "";
            var quantity = Number(line, "quantity") ?? 0m;
            var unitPrice = Number(line, "unitPrice") ?? 0m;
            var product = ProductNamed(context.Account, name);
            var count = errors.Count;
            CheckLine(context, errors, i, name, quantity, unitPrice, product);
            if (errors.Count > count)
            {
                continue;
            }

            created.Add(new InvoiceLineItem
            {
                Id = context.Store.NewId("InvoiceLineItem"),
                Name = name,
                Description = line.GetValueOrDefault("description") as string ?? product?.Description ?? "",
                Category = line.GetValueOrDefault("category")?.ToString() ?? product?.Category ?? "Product",
                Date = line.GetValueOrDefault("date") as DateTimeOffset?,
                Quantity = quantity,
                UnitPrice = unitPrice,
                Taxable = line.GetValueOrDefault("taxable") as bool? ?? product?.Taxable ?? false,
                LinkedProductOrService = product,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        if (errors.Count == 0)
        {
            invoice.LineItems.AddRange(created);
            Touch(context, invoice);
        }

        return Payload(invoice, errors, created: created);
    }

    internal static InvoicePayload EditLineItems(RequestContext context, string invoiceId, Dictionary<string, object?> input)
    {
        var errors = new List<UserError>();
        var invoice = context.Account.FindInvoice(invoiceId);
        if (invoice is null)
        {
            errors.Add(new UserError("Invoice not found", ["invoiceId"]));
            return Payload(null, errors);
        }

        var lines = List(input, "lineItems").OfType<Dictionary<string, object?>>().ToList();
        var edits = new List<(InvoiceLineItem Line, Dictionary<string, object?> Input, ProductOrService? Product)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var existing = invoice.LineItems.Find(l => l.Id == line.GetValueOrDefault("lineItemId") as string);
            if (existing is null)
            {
                errors.Add(new UserError("Line item not found on this invoice", ["lineItems", Index(i), "lineItemId"]));
                continue;
            }

            var name = line.GetValueOrDefault("name") as string ?? existing.Name;
            var product = line.ContainsKey("name") ? ProductNamed(context.Account, name) : existing.LinkedProductOrService;
            var count = errors.Count;
            CheckLine(context, errors, i, name, Number(line, "quantity") ?? existing.Quantity, Number(line, "unitPrice") ?? existing.UnitPrice, product);
            if (errors.Count == count)
            {
                edits.Add((existing, line, product));
            }
        }

        if (errors.Count > 0)
        {
            return Payload(null, errors);
        }

        var now = context.Time.GetUtcNow();
        foreach (var (line, edit, product) in edits)
        {
            line.Name = edit.GetValueOrDefault("name") as string ?? line.Name;
            line.Description = edit.GetValueOrDefault("description") as string ?? line.Description;
            line.Category = edit.GetValueOrDefault("category")?.ToString() ?? line.Category;
            line.Date = edit.TryGetValue("date", out var date) ? date as DateTimeOffset? : line.Date;
            line.Quantity = Number(edit, "quantity") ?? line.Quantity;
            line.UnitPrice = Number(edit, "unitPrice") ?? line.UnitPrice;
            line.Taxable = edit.GetValueOrDefault("taxable") as bool? ?? line.Taxable;
            line.LinkedProductOrService = product;
            line.UpdatedAt = now;
        }

        Touch(context, invoice);
        return Payload(invoice, errors, modified: edits.ConvertAll(e => e.Line));
    }

    internal static InvoicePayload DeleteLineItems(RequestContext context, string invoiceId, Dictionary<string, object?> input)
    {
        var errors = new List<UserError>();
        var invoice = context.Account.FindInvoice(invoiceId);
        if (invoice is null)
        {
            errors.Add(new UserError("Invoice not found", ["invoiceId"]));
            return Payload(null, errors);
        }

        var ids = List(input, "lineItemIds").OfType<string>().ToList();
        var deleted = new List<InvoiceLineItem>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (invoice.LineItems.Find(l => l.Id == ids[i]) is { } line)
            {
                deleted.Add(line);
            }
            else
            {
                errors.Add(new UserError("Line item not found on this invoice", ["lineItemIds", Index(i)]));
            }
        }

        if (errors.Count > 0)
        {
            return Payload(null, errors);
        }

        invoice.LineItems.RemoveAll(deleted.Contains);
        Touch(context, invoice);
        return new InvoicePayload(invoice, errors, null, null) { DeletedLineItems = deleted };
    }

    /// <summary>
    /// workObjectSendEmail: only INVOICE_SENT is acted out. Sending a draft invoice makes it awaiting_payment, as Jobber does
    /// when an invoice is sent; the email itself goes nowhere and is kept on the invoice (GET /sandbox/invoices).
    /// </summary>
    internal static SendEmailPayload SendEmail(RequestContext context, Dictionary<string, object?> input)
    {
        var errors = new List<UserError>();
        var type = input.GetValueOrDefault("type")?.ToString();
        var recipients = List(input, "recipients").OfType<string>().Where(r => r.Contains('@', StringComparison.Ordinal)).ToList();
        var invoice = context.Account.FindInvoice(input.GetValueOrDefault("attachmentId") as string);
        if (type != "INVOICE_SENT")
        {
            errors.Add(new UserError("Only invoices can be sent in the sandbox", ["type"]));
        }

        if (invoice is null)
        {
            errors.Add(new UserError("Invoice not found", ["attachmentId"]));
        }
        else if (invoice.Client.Id != input.GetValueOrDefault("clientId") as string)
        {
            errors.Add(new UserError("Client does not match the invoice", ["clientId"]));
        }

        if (recipients.Count == 0)
        {
            errors.Add(new UserError("At least one recipient email is required", ["recipients"]));
        }

        if (errors.Count > 0 || invoice is null)
        {
            return new SendEmailPayload(null, errors);
        }

        if (invoice.InvoiceStatus == "draft")
        {
            invoice.InvoiceStatus = "awaiting_payment";
            invoice.IssuedDate ??= context.Time.GetUtcNow();
        }

        invoice.SentTo.AddRange(recipients);
        Touch(context, invoice);
        return new SendEmailPayload("Email sent", errors);
    }

    private static void CheckLine(RequestContext context, List<UserError> errors, int index, string name, decimal quantity, decimal unitPrice, ProductOrService? product)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new UserError("Name can't be blank", ["lineItems", Index(index), "name"]));
        }
        else if (product is null && context.StrictCatalogLines)
        {
            errors.Add(new UserError($"No product or service named \"{name}\"", ["lineItems", Index(index), "name"]));
        }

        if (quantity < 0)
        {
            errors.Add(new UserError("Quantity must be greater than or equal to 0", ["lineItems", Index(index), "quantity"]));
        }

        if (unitPrice < 0)
        {
            errors.Add(new UserError("Unit price must be greater than or equal to 0", ["lineItems", Index(index), "unitPrice"]));
        }
    }

    private static void Touch(RequestContext context, Invoice invoice)
    {
        invoice.UpdatedAt = context.Time.GetUtcNow();
        context.Events.Publish(context.Account, WebhookTopic.InvoiceUpdate, invoice.Id);
    }

    private static void ApplyDiscount(Invoice invoice, Dictionary<string, object?>? discount)
    {
        if (discount is null || Number(discount, "discountRate") is not { } rate)
        {
            return;
        }

        invoice.DiscountAmount = discount.GetValueOrDefault("discountType")?.ToString() == "Percent"
            ? Money.Round(invoice.Subtotal * rate / 100m)
            : rate;
    }

    /// <summary>Jobber links a line to the product or service picked by name; the sandbox does the same, case-insensitively.</summary>
    internal static ProductOrService? ProductNamed(Account account, string name) =>
        account.ProductOrServices.Find(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static string DefaultTaxRateId(Account account) => GlobalId.Encode("TaxRate", GlobalId.Decode(account.Id)?.Key ?? "1");

    private static string NextInvoiceNumber(Account account)
    {
        var highest = account.Invoices.Select(i => int.TryParse(i.InvoiceNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return (highest + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static string Index(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, object?>? Dict(Dictionary<string, object?> input, string key) =>
        input.GetValueOrDefault(key) as Dictionary<string, object?>;

    private static IEnumerable<object?> List(Dictionary<string, object?> input, string key) =>
        input.GetValueOrDefault(key) as IEnumerable<object?> ?? [];

    private static decimal? Number(Dictionary<string, object?> input, string key) => input.GetValueOrDefault(key) switch
    {
        null => null,
        double d => (decimal)d,
        float f => (decimal)f,
        int i => i,
        long l => l,
        decimal m => m,
        var other => Convert.ToDecimal(other, CultureInfo.InvariantCulture),
    };
}
