namespace Closeout.JobberSandbox.Webhooks;

/// <summary>
/// Topics as WebHookTopicEnum names them in the 2023 schema snapshot (jobber-api.md, Webhooks). The snapshot has no
/// job-closed topic: completing a job sends VISIT_COMPLETE for its last visit and JOB_UPDATE for the job.
/// </summary>
public static class WebhookTopic
{
    public const string VisitComplete = "VISIT_COMPLETE";
    public const string JobUpdate = "JOB_UPDATE";
    public const string InvoiceCreate = "INVOICE_CREATE";
    public const string InvoiceUpdate = "INVOICE_UPDATE";
    public const string AppConnect = "APP_CONNECT";
    public const string PaymentCreate = "PAYMENT_CREATE";
    public const string AppDisconnect = "APP_DISCONNECT";

    /// <summary>The topics the sandbox sends.</summary>
    public static IReadOnlyList<string> Sent { get; } = [VisitComplete, JobUpdate, InvoiceCreate, InvoiceUpdate, AppConnect, PaymentCreate];
}
