using System.Collections.Concurrent;
using System.Diagnostics;
using Closeout.Drafting.Dataset;
using Closeout.Features.Webhooks;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Closeout.Tests.Infrastructure;

/// <summary>One job from webhook to invoice, seen through the OpenTelemetry SDK (in-memory exporters) and the logs.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task One_job_is_one_trace_from_webhook_to_invoice_and_the_logs_carry_no_personal_data()
    {
        var spans = new Collected<Activity>();
        var metrics = new Collected<Metric>();
        var logs = new ConcurrentQueue<string>();
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, ["cascade"], new() { ["Telemetry:Enabled"] = "true" }, null, builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
            builder.Logging.AddProvider(new CapturingLoggerProvider(logs));
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        });
        var source = DatasetReader.ReadCases(Path.Combine(Repo.Dataset, "cascade", "jobs")).First(c => c.Job.Notes?.Items.Count > 0 && c.Job.Client?.Emails?.Count > 0);
        var job = (await pipeline.Sandbox.JobsAsync()).First(j => j.JobNumber == source.Job.JobNumber);

        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
        // The attempt that wrote the invoice (an earlier one may have met a transient error on a loaded machine). The
        // exporter also hears the spans of other tests' services in this process: only this service's webhook counts.
        var port = pipeline.Closeout.BaseAddress.Port;
        var write = await WaitForAsync(() =>
        {
            var seen = spans.Snapshot();
            var hooks = seen.Where(s => s.OperationName == "webhook.receive" && Equals(s.GetTagItem("server.port"), port) && Equals(s.GetTagItem("closeout.item"), job.Id))
                .Select(s => s.SpanId).ToHashSet();
            var processes = seen.Where(s => s.OperationName == "inbox.process" && hooks.Contains(s.ParentSpanId)).Select(s => s.SpanId).ToHashSet();
            return seen.FirstOrDefault(s => s.OperationName == "jobber.write_invoice" && processes.Contains(s.ParentSpanId));
        });
        var process = spans.Snapshot().Single(s => s.OperationName == "inbox.process" && s.SpanId == write.ParentSpanId);
        Assert.Equal(WebhookTopics.JobUpdate, process.GetTagItem("closeout.topic"));
        pipeline.Closeout.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var all = spans.Snapshot();
        var webhook = Assert.Single(all, s => s.OperationName == "webhook.receive" && s.SpanId == process.ParentSpanId);
        Assert.Equal(webhook.TraceId, process.TraceId);
        Assert.Equal(WebhookTopics.JobUpdate, webhook.GetTagItem("closeout.topic"));
        var stages = all.Where(s => s.ParentSpanId == process.SpanId).ToList();
        Assert.Equal(["jobber.fetch_job", "engine.draft", "draft.save", "jobber.write_invoice"], stages.OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
        Assert.All(stages, s => Assert.Equal(process.TraceId, s.TraceId));
        var names = metrics.Snapshot().Select(m => m.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "closeout.webhooks.received", "closeout.stage.duration", "closeout.webhook_to_invoice", "closeout.drafts.created" }, names);

        var client = source.Job.Client!;
        var personal = new List<string?> { client.Name, client.CompanyName, client.BillingAddress?.Street1, source.Job.Property?.Address?.Street1 }
            .Concat(client.Emails?.Select(e => e?.Address) ?? [])
            .Concat(client.Phones?.Select(p => p?.Number) ?? [])
            .Concat(source.Job.Notes!.Items.Select(n => n?.Message is { Length: > 24 } m ? m[..24] : n?.Message))
            .OfType<string>().Where(s => s.Length >= 4).ToList();
        Assert.NotEmpty(logs);
        Assert.All(logs, line => Assert.DoesNotContain(personal, p => line.Contains(p, StringComparison.OrdinalIgnoreCase)));
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        for (var i = 0; i < 1200; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("never observed");
    }

    /// <summary>An exporter's target that the test may read while the service writes to it.</summary>
    private sealed class Collected<T> : ICollection<T>
    {
        private readonly List<T> _items = [];
        private readonly Lock _lock = new();

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public IReadOnlyList<T> Snapshot()
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }

        public void Add(T item)
        {
            lock (_lock)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_lock)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (_lock)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
