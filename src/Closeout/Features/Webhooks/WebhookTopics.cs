namespace Closeout.Features.Webhooks;

/// <summary>The topics Closeout acts on (names of WebHookTopicEnum); every other topic is recorded and acknowledged.</summary>
internal static class WebhookTopics
{
    /// <summary>A job changed; completing a job's last visit moves it to requires_invoicing, which is when Closeout drafts.</summary>
    public const string JobUpdate = "JOB_UPDATE";

    /// <summary>The account's tokens are already invalid: show it as disconnected, stop its work, keep its data.</summary>
    public const string AppDisconnect = "APP_DISCONNECT";

    /// <summary>The price book changed: the account's synced catalog is read again.</summary>
    public const string ProductCreate = "PRODUCT_OR_SERVICE_CREATE";

    public const string ProductUpdate = "PRODUCT_OR_SERVICE_UPDATE";

    public const string ProductDestroy = "PRODUCT_OR_SERVICE_DESTROY";

    /// <summary>Not Jobber's: the periodic catalog refresh, queued in the inbox like a delivery so it is retried and done once.</summary>
    public const string CatalogRefresh = "CLOSEOUT_CATALOG_REFRESH";

    public static bool IsCatalogChange(string topic) => topic is ProductCreate or ProductUpdate or ProductDestroy or CatalogRefresh;

    /// <summary>An invoice was created (the pilot compares the office's own with a shadow draft) or changed (sent, viewed, paid, bad debt): the QuickBooks sync pushes sent ones, the receivables ledger follows it and the leakage history learns what a sent one billed.</summary>
    public const string InvoiceCreate = "INVOICE_CREATE";

    public const string InvoiceUpdate = "INVOICE_UPDATE";

    public const string InvoiceDestroy = "INVOICE_DESTROY";

    /// <summary>A payment record changed: the QuickBooks sync pushes a new one; the receivables ledger re-reads the account's open invoices.</summary>
    public const string PaymentCreate = "PAYMENT_CREATE";

    public const string PaymentUpdate = "PAYMENT_UPDATE";

    public const string PaymentDestroy = "PAYMENT_DESTROY";

    public static bool IsInvoice(string topic) => topic is InvoiceCreate or InvoiceUpdate or InvoiceDestroy;

    public static bool IsPayment(string topic) => topic is PaymentCreate or PaymentUpdate or PaymentDestroy;

    /// <summary>The handled topics Jobber sends (every handled one but Closeout's own catalog refresh).</summary>
    public static readonly string[] FromJobber =
        [JobUpdate, AppDisconnect, ProductCreate, ProductUpdate, ProductDestroy, InvoiceCreate, InvoiceUpdate, InvoiceDestroy, PaymentCreate, PaymentUpdate, PaymentDestroy];

    public static bool IsHandled(string topic) => topic is JobUpdate or AppDisconnect || IsInvoice(topic) || IsPayment(topic) || IsCatalogChange(topic);
}
