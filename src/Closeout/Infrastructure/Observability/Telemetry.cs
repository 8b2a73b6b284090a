using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Closeout.Infrastructure.Observability;

/// <summary>Traces and metrics of each stage from webhook to draft, under the name "Closeout" (for an OpenTelemetry exporter to pick up).</summary>
internal static class Telemetry
{
    public const string Name = "Closeout";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> WebhooksReceived = Meter.CreateCounter<long>("closeout.webhooks.received");

    public static readonly Counter<long> DraftsCreated = Meter.CreateCounter<long>("closeout.drafts.created");

    public static readonly Counter<long> InboxFailures = Meter.CreateCounter<long>("closeout.inbox.failures");

    /// <summary>From the delivery's arrival to its invoice written in Jobber.</summary>
    public static readonly Histogram<double> WebhookToInvoice = Meter.CreateHistogram<double>("closeout.webhook_to_invoice", unit: "ms");
}
