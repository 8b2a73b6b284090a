using System.Net.Http.Json;
using Closeout.Features.Audit;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Audit;

/// <summary>The pipeline records what it does: the draft, every line the engine proposed with its evidence, the invoice written.</summary>
public abstract class AuditPipelineTests
{
    protected abstract Provider Provider { get; }

    [Fact]
    public async Task A_drafted_and_invoiced_job_is_on_the_record_with_every_proposed_line_and_its_evidence()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        var job = (await pipeline.Sandbox.JobsAsync()).First(j => j.JobNumber == 1001);

        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        var stored = await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
        var audit = pipeline.Closeout.Services.GetRequiredService<AuditLog>();
        var history = await audit.HistoryAsync(job.AccountId, DraftAudit.Subject(job.Id), CancellationToken.None);

        Assert.Equal("draft.created", history[0].Entry.Action);
        Assert.Equal(stored.Draft.Total, history[0].Entry.After!["total"]!.GetValue<decimal>());
        var proposed = history.Where(h => h.Entry.Action == "line.proposed").ToList();
        Assert.Equal(stored.Draft.Lines.Select(l => l.ItemId), proposed.Select(p => (string)p.Entry.After!["itemId"]!));
        Assert.All(proposed, p => Assert.Equal("engine", p.Entry.Actor));
        Assert.All(proposed.Zip(stored.Draft.Lines), pair => Assert.Equal(pair.Second.Evidence.Count, pair.First.Entry.Evidence!.AsArray().Count));
        var written = Assert.Single(history, h => h.Entry.Action == "invoice.written");
        Assert.Equal(stored.Invoice!.InvoiceId, (string)written.Entry.After!["invoiceId"]!);
        Assert.True((await audit.VerifyAsync(job.AccountId, CancellationToken.None)).Intact);

        using var export = await pipeline.Closeout.Http.GetAsync($"/api/audit/{job.AccountId}/export.csv");
        var csv = await export.Content.ReadAsStringAsync();
        var verified = await pipeline.Closeout.Http.GetFromJsonAsync<AuditVerification>($"/api/audit/{job.AccountId}/verify");
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var rows = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(AuditCsv.Header, rows[0]);
        Assert.Equal(verified!.Entries + 1, rows.Length);
        Assert.EndsWith("," + verified.LastHash, rows[^1], StringComparison.Ordinal);
        Assert.True(verified.Intact);
    }
}

public sealed class SqliteAuditPipelineTests : AuditPipelineTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresAuditPipelineTests : AuditPipelineTests
{
    protected override Provider Provider => Provider.Postgres;
}
