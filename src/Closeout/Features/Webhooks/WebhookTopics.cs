namespace Closeout.Features.Webhooks;

/// <summary>The topics Closeout acts on (names of WebHookTopicEnum); every other topic is recorded and acknowledged.</summary>
internal static class WebhookTopics
{
    /// <summary>A job changed; completing a job's last visit moves it to requires_invoicing, which is when Closeout drafts.</summary>
    public const string JobUpdate = "JOB_UPDATE";

    /// <summary>The account's tokens are already invalid: show it as disconnected.</summary>
    public const string AppDisconnect = "APP_DISCONNECT";

    /// <summary>An invoice was created (the pilot compares the office's own with a shadow draft) or changed (issued, viewed, paid, bad debt): the receivables ledger follows it.</summary>
    public const string InvoiceCreate = "INVOICE_CREATE";

    public const string InvoiceUpdate = "INVOICE_UPDATE";

    public const string InvoiceDestroy = "INVOICE_DESTROY";

    /// <summary>A payment record changed; its item is the payment, so the account's open invoices are re-read.</summary>
    public const string PaymentCreate = "PAYMENT_CREATE";

    public const string PaymentUpdate = "PAYMENT_UPDATE";

    public const string PaymentDestroy = "PAYMENT_DESTROY";

    public static bool IsInvoice(string topic) => topic is InvoiceCreate or InvoiceUpdate or InvoiceDestroy;

    public static bool IsPayment(string topic) => topic is PaymentCreate or PaymentUpdate or PaymentDestroy;

    public static bool IsHandled(string topic) => topic is JobUpdate or AppDisconnect || IsInvoice(topic) || IsPayment(topic);
}
