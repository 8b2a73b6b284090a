using System.Text.Json;
using System.Text.Json.Serialization;

namespace Closeout.Infrastructure.QuickBooks;

// QuickBooks Online v3 entities with their real JSON names (quickbooks-api.md §3): PascalCase fields as the API spells
// them, the lower-case ones (value, name, domain, sparse, status, code) named explicitly. Only what Closeout reads or writes.

/// <summary>A reference field: <c>{"value":"&lt;Id&gt;","name":"&lt;display&gt;"}</c>.</summary>
public sealed record QboRef([property: JsonPropertyName("value")] string Value, [property: JsonPropertyName("name")] string? Name = null);

public sealed record QboMetaData(string? CreateTime, string? LastUpdatedTime);

public sealed record QboEmail(string? Address);

public sealed record QboMemo([property: JsonPropertyName("value")] string? Value);

/// <summary>IntuitEntity: what every entity carries. <c>Id</c> and <c>SyncToken</c> are strings.</summary>
public abstract record QboEntity
{
    public string? Id { get; init; }

    public string? SyncToken { get; init; }

    public QboMetaData? MetaData { get; init; }

    [JsonPropertyName("domain")]
    public string? Domain { get; init; }

    /// <summary>True on a sparse update: only the fields sent change.</summary>
    [JsonPropertyName("sparse")]
    public bool? Sparse { get; init; }

    /// <summary>"Deleted" on CDC tombstones, "Voided" on voided transactions.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }
}

public sealed record QboCustomer : QboEntity
{
    public string? DisplayName { get; init; }

    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    public string? CompanyName { get; init; }

    public QboEmail? PrimaryEmailAddr { get; init; }

    public bool? Active { get; init; }

    public decimal? Balance { get; init; }

    public bool? Taxable { get; init; }

    public string? Notes { get; init; }
}

public sealed record QboItem : QboEntity
{
    public string? Name { get; init; }

    public string? FullyQualifiedName { get; init; }

    /// <summary>Service, NonInventory, Inventory, ...</summary>
    public string? Type { get; init; }

    public QboRef? IncomeAccountRef { get; init; }

    public decimal? UnitPrice { get; init; }

    public bool? Taxable { get; init; }

    public string? Description { get; init; }

    public string? Sku { get; init; }

    public bool? Active { get; init; }
}

public sealed record QboAccount : QboEntity
{
    public string? Name { get; init; }

    public string? FullyQualifiedName { get; init; }

    public string? AccountType { get; init; }

    public string? AccountSubType { get; init; }

    public string? Classification { get; init; }

    public bool? Active { get; init; }
}

public sealed record QboTaxCode : QboEntity
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public bool? Active { get; init; }

    public bool? Taxable { get; init; }

    public bool? TaxGroup { get; init; }
}

public sealed record QboSalesItemLineDetail
{
    public QboRef? ItemRef { get; init; }

    public decimal? Qty { get; init; }

    public decimal? UnitPrice { get; init; }

    /// <summary>US model: the pseudo-codes "TAX" or "NON".</summary>
    public QboRef? TaxCodeRef { get; init; }

    public string? ServiceDate { get; init; }
}

/// <summary>An invoice line: SalesItemLineDetail for what Closeout writes; the server appends a SubTotalLineDetail line.</summary>
public sealed record QboLine
{
    public string? Id { get; init; }

    public int? LineNum { get; init; }

    public string? Description { get; init; }

    public decimal? Amount { get; init; }

    public string? DetailType { get; init; }

    public QboSalesItemLineDetail? SalesItemLineDetail { get; init; }

    public JsonElement? SubTotalLineDetail { get; init; }
}

public sealed record QboTaxLineDetail(QboRef? TaxRateRef, bool? PercentBased, decimal? TaxPercent, decimal? NetAmountTaxable);

public sealed record QboTaxLine(decimal? Amount, string? DetailType, QboTaxLineDetail? TaxLineDetail);

public sealed record QboTxnTaxDetail
{
    public QboRef? TxnTaxCodeRef { get; init; }

    public decimal? TotalTax { get; init; }

    public IReadOnlyList<QboTaxLine>? TaxLine { get; init; }
}

public sealed record QboLinkedTxn(string TxnId, string TxnType);

public sealed record QboInvoice : QboEntity
{
    public QboRef? CustomerRef { get; init; }

    public IReadOnlyList<QboLine>? Line { get; init; }

    public string? DocNumber { get; init; }

    public string? TxnDate { get; init; }

    public string? DueDate { get; init; }

    /// <summary>Read-only: computed by QuickBooks.</summary>
    public decimal? TotalAmt { get; init; }

    /// <summary>Read-only: starts at TotalAmt, 0 when paid.</summary>
    public decimal? Balance { get; init; }

    public QboTxnTaxDetail? TxnTaxDetail { get; init; }

    public QboEmail? BillEmail { get; init; }

    public QboMemo? CustomerMemo { get; init; }

    public string? PrivateNote { get; init; }

    /// <summary>Voided in QuickBooks: its status says so, or (as Intuit documents a void) its amount is 0 and "Voided" leads the note.</summary>
    [JsonIgnore]
    public bool Voided => QboVoids.IsVoided(Status, TotalAmt, PrivateNote);

    public IReadOnlyList<QboLinkedTxn>? LinkedTxn { get; init; }
}

public sealed record QboPaymentLine(decimal Amount, IReadOnlyList<QboLinkedTxn>? LinkedTxn);

public sealed record QboPayment : QboEntity
{
    public QboRef? CustomerRef { get; init; }

    public decimal? TotalAmt { get; init; }

    /// <summary>Read-only: TotalAmt minus the applied line amounts.</summary>
    public decimal? UnappliedAmt { get; init; }

    public IReadOnlyList<QboPaymentLine>? Line { get; init; }

    public string? TxnDate { get; init; }

    public string? PaymentRefNum { get; init; }

    public string? PrivateNote { get; init; }

    /// <summary>Voided in QuickBooks: its status says so, or (as Intuit documents a void) its amount is 0 and "Voided" leads the note.</summary>
    [JsonIgnore]
    public bool Voided => QboVoids.IsVoided(Status, TotalAmt, PrivateNote);
}

/// <summary>One error of a Fault: <c>code</c> is a string ("5010", "6240").</summary>
public sealed record QboFaultError(
    string? Message,
    string? Detail,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("element")] string? Element);

public sealed record QboFaultBody([property: JsonPropertyName("Error")] IReadOnlyList<QboFaultError>? Errors, [property: JsonPropertyName("type")] string? Type);

/// <summary>What one CDC call returned: changed records by type (deleted ones as tombstones with status "Deleted").</summary>
public sealed record QboChanges(IReadOnlyList<QboInvoice> Invoices, IReadOnlyList<QboPayment> Payments, IReadOnlyList<QboCustomer> Customers);

/// <summary>A page of a query: the records and the server's totalCount when it gave one.</summary>
public sealed record QboPage<T>(IReadOnlyList<T> Items, int? TotalCount);

/// <summary>The entity names QuickBooks uses in paths (lower case) and envelopes (as the type name).</summary>
internal static class QboEntities
{
    public static string NameOf<T>() where T : QboEntity => typeof(T).Name switch
    {
        nameof(QboCustomer) => "Customer",
        nameof(QboItem) => "Item",
        nameof(QboAccount) => "Account",
        nameof(QboTaxCode) => "TaxCode",
        nameof(QboInvoice) => "Invoice",
        nameof(QboPayment) => "Payment",
        var other => throw new NotSupportedException($"No QuickBooks entity for {other}"),
    };

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

internal static class QboVoids
{
    public static bool IsVoided(string? status, decimal? total, string? privateNote) =>
        status == "Voided" || (total == 0 && privateNote?.StartsWith("Voided", StringComparison.Ordinal) == true);
}
