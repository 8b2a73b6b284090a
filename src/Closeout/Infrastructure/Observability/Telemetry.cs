using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Closeout.Infrastructure.Observability;

/// <summary>
/// Traces and metrics of each stage from webhook to draft, under the name "Closeout". A stage is a span (webhook.receive,
/// inbox.process, jobber.fetch_job, engine.draft, second_opinion.review, draft.save, jobber.write_invoice, catalog.sync)
/// and a point in the closeout.stage.duration histogram tagged with its name. The worker's span continues the trace of
/// the webhook that queued its item (the inbox row keeps the W3C traceparent).
/// </summary>
internal static class Telemetry
{
    public const string Name = "Closeout";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> WebhooksReceived = Meter.CreateCounter<long>("closeout.webhooks.received");

    /// <summary>Redeliveries: acknowledged and not stored again (counted where the inbox tells them apart).</summary>
    public static readonly Counter<long> WebhookDuplicates = Meter.CreateCounter<long>("closeout.webhooks.duplicates");

    public static readonly Counter<long> DraftsCreated = Meter.CreateCounter<long>("closeout.drafts.created");

    public static readonly Counter<long> InboxFailures = Meter.CreateCounter<long>("closeout.inbox.failures");

    public static readonly Counter<long> SecondOpinions = Meter.CreateCounter<long>("closeout.second_opinion.outcomes");

    /// <summary>From the delivery's arrival to its invoice written in Jobber.</summary>
    public static readonly Histogram<double> WebhookToInvoice = Meter.CreateHistogram<double>("closeout.webhook_to_invoice", unit: "ms");

    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("closeout.stage.duration", unit: "ms");

    /// <summary>Starts a stage: its span (a child of the current one, or of <paramref name="parent"/>) and its timing.</summary>
    public static Stage StartStage(string name, string? parent = null)
    {
        var activity = parent is not null && ActivityContext.TryParse(parent, null, out var context)
            ? Source.StartActivity(name, ActivityKind.Internal, context)
            : Source.StartActivity(name);
        return new Stage(name, activity, Stopwatch.GetTimestamp());
    }

    /// <summary>A running stage; disposing it ends the span and records the duration.</summary>
    public readonly record struct Stage(string Name, Activity? Activity, long Started) : IDisposable
    {
        public void Dispose()
        {
            Activity?.Dispose();
            StageDuration.Record(Stopwatch.GetElapsedTime(Started).TotalMilliseconds, new KeyValuePair<string, object?>("stage", Name));
        }
    }
}
