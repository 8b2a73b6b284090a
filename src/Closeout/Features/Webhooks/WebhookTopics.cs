namespace Closeout.Features.Webhooks;

/// <summary>The topics Closeout acts on (names of WebHookTopicEnum); every other topic is recorded and acknowledged.</summary>
internal static class WebhookTopics
{
    /// <summary>A job changed; completing a job's last visit moves it to requires_invoicing, which is when Closeout drafts.</summary>
    public const string JobUpdate = "JOB_UPDATE";

    /// <summary>The account's tokens are already invalid: show it as disconnected.</summary>
    public const string AppDisconnect = "APP_DISCONNECT";

    /// <summary>An invoice was created: the office's own, compared with a shadow draft of its job.</summary>
    public const string InvoiceCreate = "INVOICE_CREATE";

    /// <summary>An invoice changed; once sent, the leakage history learns what it billed.</summary>
    public const string InvoiceUpdate = "INVOICE_UPDATE";

    public static bool IsHandled(string topic) => topic is JobUpdate or AppDisconnect or InvoiceCreate or InvoiceUpdate;
}
