namespace Closeout.JobberSandbox.Domain;

// The sandbox's Jobber data. Property names are the GraphQL field names (graphql-dotnet's name resolver
// matches them case-insensitively), so most fields need no resolver. Money is decimal, served as Float.

internal sealed class Account
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public decimal TaxRatePercent { get; set; }
    public List<Client> Clients { get; } = [];
    public List<Job> Jobs { get; } = [];
    public List<ProductOrService> ProductOrServices { get; } = [];
    public List<Invoice> Invoices { get; } = [];
    public List<User> Users { get; } = [];

    public Job? FindJob(string? id) => Jobs.Find(j => j.Id == id);
    public Client? FindClient(string? id) => Clients.Find(c => c.Id == id);
    public Invoice? FindInvoice(string? id) => Invoices.Find(i => i.Id == id);
    public Visit? FindVisit(string? id) => Jobs.SelectMany(j => j.Visits).FirstOrDefault(v => v.Id == id);
    public PaymentRecord? FindPaymentRecord(string? id) => Invoices.SelectMany(i => i.PaymentRecords).FirstOrDefault(p => p.Id == id);
}

internal sealed class Client
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? CompanyName { get; set; }
    public bool IsCompany => !string.IsNullOrEmpty(CompanyName);
    public List<Email> Emails { get; } = [];
    public List<ClientPhoneNumber> Phones { get; } = [];
    public ClientAddress? BillingAddress { get; set; }
    public List<Tag> Tags { get; } = [];
    public List<Invoice> Invoices { get; } = [];
    public List<Job> Jobs { get; } = [];
    public decimal Balance => Invoices.Where(i => i.InvoiceStatus != "draft").Sum(i => i.Amounts.InvoiceBalance);
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string JobberWebUri => $"https://secure.getjobber.com/clients/{GlobalId.Decode(Id)?.Key}";
}

internal sealed record Email(string Id, string Address, string Description, bool Primary);

internal sealed record ClientPhoneNumber(string Id, string Number, string Description, bool Primary, bool SmsAllowed = true);

internal sealed record ClientAddress(string City, string Country, string Latitude, string Longitude, string PostalCode, string Province, string Street, string Street1, string Street2);

internal sealed record Tag(string Id, string Label);

internal sealed class Property
{
    public required string Id { get; init; }
    public required PropertyAddress Address { get; init; }
    public Client? Client { get; init; }
}

internal sealed record PropertyAddress(string Id, string Street, string? Street1, string? Street2, string? City, string? Province, string? PostalCode, string? Country);

internal sealed class Job
{
    public required string Id { get; init; }
    public int JobNumber { get; init; }
    public string? Title { get; set; }
    public string? Instructions { get; set; }
    public string JobStatus { get; set; } = "active";
    public string JobType { get; set; } = "ONE_OFF";
    public string BillingType { get; set; } = "VISIT_BASED";
    public required Client Client { get; init; }
    public required Property Property { get; init; }
    public List<JobLineItem> LineItems { get; } = [];
    public List<JobNote> Notes { get; } = [];
    public List<Visit> Visits { get; } = [];
    public List<Invoice> Invoices { get; } = [];
    public List<TimeSheetEntry> TimesheetEntries { get; } = [];
    public decimal Total => LineItems.Sum(l => l.TotalPrice);
    public DateTimeOffset? StartAt => Visits.Min(v => v.StartAt);
    public DateTimeOffset? EndAt => Visits.Max(v => v.EndAt);
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string JobberWebUri => $"https://secure.getjobber.com/work_orders/{GlobalId.Decode(Id)?.Key}";
}

internal sealed class JobLineItem
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string Category => LinkedProductOrService?.Category ?? "Product";
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal UnitCost { get; set; }
    public decimal TotalPrice { get; set; }
    public bool Taxable { get; set; }
    public ProductOrService? LinkedProductOrService { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class Visit
{
    public required string Id { get; init; }
    public string? Title { get; set; }
    public string? Instructions { get; set; }
    public DateTimeOffset? StartAt { get; set; }
    public DateTimeOffset? EndAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public bool IsComplete => CompletedAt is not null;
    public bool IsLastScheduledVisit => Job.Visits.Count > 0 && ReferenceEquals(Job.Visits[^1], this);
    public List<User> AssignedUsers { get; } = [];
    public required Job Job { get; init; }
    public Client Client => Job.Client;
    public Property Property => Job.Property;
    public List<JobLineItem> LineItems { get; } = [];
    public IReadOnlyList<TimeSheetEntry> TimeSheetEntries => Job.TimesheetEntries.Where(t => ReferenceEquals(t.Visit, this)).ToList();
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class User
{
    public required string Id { get; init; }
    public required Name Name { get; init; }
    public bool IsAccountAdmin { get; init; }
    public bool IsAccountOwner { get; init; }
}

internal sealed record Name(string First, string Full, string Last)
{
    public static Name FromFull(string full)
    {
        var space = full.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? new Name(full, full, "") : new Name(full[..space], full, full[(space + 1)..]);
    }
}

internal sealed class TimeSheetEntry
{
    public required string Id { get; init; }
    public bool Approved { get; init; }
    public long Duration => FinalDuration;
    public long FinalDuration { get; init; }
    public Job? Job { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset StartAt { get; init; }
    public DateTimeOffset? EndAt { get; init; }
    public bool Ticking => EndAt is null;
    public User? User { get; init; }
    public Visit? Visit { get; init; }
    public int VisitDurationTotal => (int)(Visit?.TimeSheetEntries.Sum(t => t.FinalDuration) ?? 0);
}

internal sealed class JobNote
{
    public required string Id { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public User? CreatedBy { get; init; }
    public List<NoteFile> Attachments { get; } = [];
}

internal sealed record NoteFile(string Id, string ContentType, DateTimeOffset CreatedAt, string FileName, int FileSize, string Status, string ThumbnailUrl, DateTimeOffset UpdatedAt, string Url);

internal sealed class ProductOrService
{
    /// <summary>An Int in the 2023 schema (<c>ProductOrService.id: Int!</c>), unlike most ids.</summary>
    public required int Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>WorkItemCategoryTypeEnum: Product, Service or Package.</summary>
    public required string Category { get; init; }
    public decimal DefaultUnitCost { get; init; }
    public decimal? InternalUnitCost { get; init; }
    public decimal? Markup { get; init; }
    public bool? Taxable { get; init; }
    public bool? Visible { get; init; } = true;

    /// <summary>The dataset's catalog id (e.g. LAB-TECH); not part of Jobber's API.</summary>
    public string? SourceId { get; init; }
}

internal sealed class Invoice
{
    public required string Id { get; init; }
    public required string InvoiceNumber { get; set; }
    public string InvoiceStatus { get; set; } = "draft";

    /// <summary>Who workObjectSendEmail sent the invoice to (the sandbox keeps the emails instead of sending them).</summary>
    public List<string> SentTo { get; } = [];
    public string Subject { get; set; } = "For Services Rendered";
    public string? Message { get; set; }
    public required Client Client { get; init; }
    public List<Job> Jobs { get; } = [];
    public List<InvoiceLineItem> LineItems { get; } = [];
    public List<PaymentRecord> PaymentRecords { get; } = [];
    public DateTimeOffset? IssuedDate { get; set; }
    public DateTimeOffset? DueDate { get; set; }
    public DateTimeOffset? ReceivedDate { get; set; }
    public DateTimeOffset? DateViewedInClientHub { get; set; }
    public int? InvoiceNet { get; set; }
    public string Origin { get; init; } = "NEW_JOBBER_ONLINE";
    public string TaxCalculationMethod { get; init; } = "EXCLUSIVE";
    public decimal TaxRatePercent { get; init; }
    public decimal DiscountAmount { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string JobberWebUri => $"https://secure.getjobber.com/invoices/{GlobalId.Decode(Id)?.Key}";

    /// <summary>Loaded from the dataset's history rather than written through the API; not part of Jobber's API.</summary>
    public bool Seeded { get; init; }

    public decimal Subtotal => LineItems.Sum(l => l.TotalPrice);
    public decimal TaxAmount => TaxCalculationMethod == "EXCLUSIVE"
        ? Money.Round(LineItems.Where(l => l.Taxable).Sum(l => l.TotalPrice) * TaxRatePercent / 100m)
        : 0m;
    public decimal Total => Subtotal - DiscountAmount + TaxAmount;

    /// <summary>Jobber's status from the money and the dates: paid once the balance is gone, past_due after the due date (bad_debt is set by hand).</summary>
    public void RefreshStatus(DateTimeOffset now)
    {
        if (InvoiceStatus is "draft" or "bad_debt")
        {
            return;
        }

        InvoiceStatus = Amounts.InvoiceBalance <= 0 ? "paid" : DueDate is { } due && due < now ? "past_due" : "awaiting_payment";
        if (InvoiceStatus == "paid")
        {
            ReceivedDate ??= PaymentRecords.Count > 0 ? PaymentRecords.Max(p => p.EntryDate) : now;
        }
    }

    public InvoiceAmounts Amounts
    {
        get
        {
            var payments = PaymentRecords.Where(p => p.AdjustmentType == "PAYMENT").Sum(p => p.Amount);
            return new InvoiceAmounts(
                DepositAmount: 0m,
                DiscountAmount: DiscountAmount,
                InvoiceBalance: Total - payments,
                NonTaxAmount: LineItems.Where(l => !l.Taxable).Sum(l => l.TotalPrice),
                PaymentsTotal: payments,
                Subtotal: Subtotal,
                TaxAmount: TaxAmount,
                TipsTotal: PaymentRecords.Sum(p => p.TipAmount ?? 0m),
                Total: Total);
        }
    }
}

internal sealed record InvoiceAmounts(decimal DepositAmount, decimal DiscountAmount, decimal InvoiceBalance, decimal NonTaxAmount, decimal PaymentsTotal, decimal Subtotal, decimal TaxAmount, decimal TipsTotal, decimal Total);

internal sealed class InvoiceLineItem
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string Category { get; set; } = "Product";
    public DateTimeOffset? Date { get; set; }
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal UnitCost { get; set; }
    public decimal TotalPrice => Money.Round(Quantity * UnitPrice);
    public bool Taxable { get; set; }
    public ProductOrService? LinkedProductOrService { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The job line item this line was created from (<c>InvoiceCreationLineItemInput.jobLineItemId</c>).</summary>
    public string? JobLineItemId { get; init; }
}

/// <summary>
/// A payment on an invoice. <see cref="PaymentType"/> decides which PaymentRecordInterface type it is (CASH, CHEQUE,
/// otherwise OtherPaymentRecord); <see cref="Details"/> is the free text invoiceCreatePaymentRecord takes.
/// </summary>
internal sealed record PaymentRecord(
    string Id, string AdjustmentType, decimal Amount, DateTimeOffset EntryDate, decimal? TipAmount,
    string? Details = null, string PaymentType = "OTHER", string? PaymentOrigin = null, string? CheckNumber = null)
{
    public Invoice? Invoice { get; init; }

    public Client? Client => Invoice?.Client;

    public DateTimeOffset? SentAt { get; init; }
}

internal static class Money
{
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
