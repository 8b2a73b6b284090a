using System.Text.Json.Serialization;

namespace Closeout.Features.QuickBooks.Reconciliation;

/// <summary>Which system's books a record comes from, and which one a difference says is right (by name in JSON).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BooksSide>))]
public enum BooksSide
{
    Jobber,
    QuickBooks,
    Neither,
}

/// <summary>Open (possibly paid), or gone: voided keeps the document with zero amounts, deleted removes it.</summary>
public enum DocumentState
{
    Open,
    Voided,
    Deleted,
}

public sealed record BookLine(string Description, decimal Quantity, decimal UnitPrice, decimal Amount, bool Taxable);

/// <summary>An invoice as one system has it; <see cref="TaxRatePercent"/> when the system says which rate it applied.</summary>
public sealed record BookInvoice(
    string Id, string? Number, string CustomerId, DateOnly Date, IReadOnlyList<BookLine> Lines,
    decimal Subtotal, decimal Tax, decimal Total, decimal Balance, DocumentState State = DocumentState.Open, decimal? TaxRatePercent = null);

public sealed record PaymentApplication(string InvoiceId, decimal Amount);

/// <summary>A payment and the invoices it is applied to (none: unapplied).</summary>
public sealed record BookPayment(
    string Id, string CustomerId, DateOnly Date, decimal Amount, IReadOnlyList<PaymentApplication> Applied, DocumentState State = DocumentState.Open);

public sealed record BookCustomer(string Id, string Name, string? Email, bool Active = true);

/// <summary>One system's books for an account: what the period's report compares.</summary>
public sealed record Books(IReadOnlyList<BookInvoice> Invoices, IReadOnlyList<BookPayment> Payments, IReadOnlyList<BookCustomer> Customers)
{
    public static Books Empty { get; } = new([], [], []);
}

/// <summary>
/// What Closeout knows is the same thing on both sides (the stored mapping, keyed by the Jobber id) and where each linked
/// payment was first entered (the side that is right when the copies disagree).
/// </summary>
public sealed record BookLinks(
    IReadOnlyDictionary<string, string> Customers,
    IReadOnlyDictionary<string, string> Invoices,
    IReadOnlyDictionary<string, string> Payments,
    IReadOnlyDictionary<string, BooksSide> PaymentOrigins)
{
    public static BookLinks None { get; } = new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, BooksSide>());
}

/// <summary>A change Closeout can make without a person's judgement, and what it does.</summary>
public sealed record SafeFix(string Action, string Description);

/// <summary>
/// One difference between the books: its kind, what it is about, both sides' ids and values, which side is right
/// (Neither when a person must decide) and why, and the safe fix when there is one.
/// </summary>
public sealed record Difference(
    string Kind,
    string Subject,
    string? JobberId,
    string? QuickBooksId,
    string? JobberValue,
    string? QuickBooksValue,
    BooksSide RightSide,
    string Explanation,
    SafeFix? Fix);

/// <summary>The kinds of difference the report finds.</summary>
public static class DifferenceKinds
{
    public const string InvoiceOnlyInJobber = "invoice_only_in_jobber";
    public const string InvoiceOnlyInQuickBooks = "invoice_only_in_quickbooks";
    public const string InvoiceCustomerDiffers = "invoice_customer_differs";
    public const string InvoiceAmountDiffers = "invoice_amount_differs";
    public const string TaxRounding = "tax_rounding";
    public const string TaxDiffers = "tax_differs";
    public const string InvoiceVoided = "invoice_voided";
    public const string BalanceDiffers = "balance_differs";
    public const string PaymentOnlyInJobber = "payment_only_in_jobber";
    public const string PaymentOnlyInQuickBooks = "payment_only_in_quickbooks";
    public const string PartialPaymentOnlyInJobber = "partial_payment_only_in_jobber";
    public const string PartialPaymentOnlyInQuickBooks = "partial_payment_only_in_quickbooks";
    public const string PaymentUnapplied = "payment_unapplied";
    public const string PaymentOnWrongInvoice = "payment_on_wrong_invoice";
    public const string PaymentAmountDiffers = "payment_amount_differs";
    public const string PaymentVoided = "payment_voided";
    public const string CustomerDuplicated = "customer_duplicated";
}

/// <summary>The safe fixes the sync knows how to apply.</summary>
public static class FixActions
{
    public const string PushInvoice = "push_invoice";
    public const string UpdateInvoiceInQuickBooks = "update_invoice_in_quickbooks";
    public const string SetTaxInQuickBooks = "set_tax_in_quickbooks";
    public const string VoidInvoiceInQuickBooks = "void_invoice_in_quickbooks";
    public const string RecordPaymentInJobber = "record_payment_in_jobber";
    public const string PushPayment = "push_payment";
    public const string ApplyPaymentInQuickBooks = "apply_payment_in_quickbooks";
    public const string VoidPaymentInQuickBooks = "void_payment_in_quickbooks";
}
