using System.Net.Http.Json;
using Closeout.Features.Approvals;
using Closeout.Features.Drafts;
using Closeout.Features.Pilot;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Pilot;

/// <summary>Pilot modes end to end over the real sandbox: shadow never writes and compares with the office's invoice; auto approves within policy; copilot waits for a person.</summary>
public abstract class PilotModeTests
{
    protected abstract Provider Provider { get; }

    [Fact]
    public async Task A_shadow_draft_is_never_written_and_is_compared_with_the_office_invoice_when_it_appears()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, ["cascade"], new() { ["Accounts:DefaultPilot:Mode"] = "Shadow" }, null);
        var job = (await pipeline.Sandbox.JobsAsync()).First(j => j.JobNumber == 1001);

        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        var stored = await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
        await Task.Delay(300);
        Assert.Null(stored.Invoice);
        Assert.Empty(await pipeline.Sandbox.InvoicesAsync(job.Id));
        Assert.True(stored.Draft.Lines.Count >= 2, "the job needs two lines for this test");

        // The office bills all but the draft's last line, by hand.
        var billed = stored.Draft.Lines.SkipLast(1).ToList();
        await pipeline.Sandbox.CreateOfficeInvoiceAsync(job.AccountId, job.Id, job.ClientId, billed.Select(l => (l.Name, l.Quantity, l.UnitPrice, l.Taxable)));
        var comparison = await WaitForComparisonAsync(pipeline, job.AccountId, job.Id);
        var office = Assert.Single(await pipeline.Sandbox.InvoicesAsync(job.Id));

        var skipped = stored.Draft.Lines[^1];
        Assert.Equal(office.Total, comparison.SentTotal);
        Assert.Equal(stored.Draft.Total, comparison.DraftTotal);
        Assert.Equal(Math.Max(0m, stored.Draft.Total - office.Total), comparison.AddedRevenue);
        Assert.True(comparison.AddedRevenue > 0m);
        Assert.False(comparison.Exact);
        Assert.Equal("extra", comparison.Lines.Single(l => l.Item == skipped.ItemId).Status);
        Assert.All(comparison.Lines.Where(l => l.Item != skipped.ItemId), l => Assert.Equal("match", l.Status));
        var week = Assert.Single((await pipeline.Closeout.Http.GetFromJsonAsync<List<PilotWeek>>($"/api/pilot/{job.AccountId}/weekly", DraftDocument.JsonOptions))!);
        Assert.Equal(1, week.Jobs);
        Assert.Equal(comparison.AddedRevenue, week.AddedRevenue);
        Assert.InRange(week.ItemF1, 0.5, 0.999);
    }

    [Fact]
    public async Task An_office_invoice_made_before_the_draft_is_found_by_the_periodic_read()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, ["cascade"], new() { ["Accounts:DefaultPilot:Mode"] = "Shadow" }, null);
        var job = (await pipeline.Sandbox.JobsAsync()).First(j => j.JobNumber == 1002);
        var engine = pipeline.EngineDraft(job.AccountId, job.JobNumber);
        await pipeline.Sandbox.CreateOfficeInvoiceAsync(job.AccountId, job.Id, job.ClientId, engine.Lines.Select(l => (l.Name, l.Quantity, l.UnitPrice, l.Taxable)));
        await pipeline.Closeout.WaitForInboxStateAsync(i => i.Topic == "INVOICE_CREATE", "done");

        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
        var shadow = pipeline.Closeout.Services.GetRequiredService<ShadowInvoices>();
        var compared = await shadow.SweepAsync(CancellationToken.None);
        var again = await shadow.SweepAsync(CancellationToken.None);

        Assert.Equal((1, 0), (compared, again));
        var comparison = await WaitForComparisonAsync(pipeline, job.AccountId, job.Id);
        Assert.All(comparison.Lines, l => Assert.Equal("match", l.Status));
        Assert.True(comparison.Exact);
        Assert.Single(await pipeline.Sandbox.InvoicesAsync(job.Id));
    }

    [Fact]
    public async Task Auto_mode_approves_a_draft_within_policy_and_writes_it_while_copilot_waits_for_a_person()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Accounts:DefaultPilot:Mode"] = "Auto",
            ["Accounts:DefaultApproval:AutoApproveBelow"] = "1000000",
            ["Accounts:DefaultApproval:HighConfidence"] = "0",
        };
        await using var pipeline = await Pipeline.StartAsync(Provider, ["cascade"], settings, null);
        var jobs = await pipeline.Sandbox.JobsAsync();
        var clean = jobs.Where(j => pipeline.IsDatasetJob(j.AccountId, j.JobNumber))
            .First(j => pipeline.EngineDraft(j.AccountId, j.JobNumber) is { Flags.Count: 0, Lines.Count: > 0 } d && d.Lines.All(l => l.Source != Drafting.Drafts.LineSource.Llm));
        var flagged = jobs.Where(j => pipeline.IsDatasetJob(j.AccountId, j.JobNumber)).First(j => pipeline.EngineDraft(j.AccountId, j.JobNumber).Flags.Count > 0);

        await pipeline.Sandbox.CompleteJobAsync(clean.Id);
        await pipeline.Sandbox.CompleteJobAsync(flagged.Id);
        var cleanDraft = await pipeline.Closeout.WaitForInvoicedDraftAsync(clean.Id);
        await pipeline.Closeout.WaitForInvoicedDraftAsync(flagged.Id);
        var approvals = pipeline.Closeout.Services.GetRequiredService<ApprovalStore>();
        var auto = await approvals.FindAsync(clean.AccountId, clean.Id, CancellationToken.None);
        var held = await approvals.FindAsync(flagged.AccountId, flagged.Id, CancellationToken.None);

        Assert.Equal("done", cleanDraft.Invoice!.State);
        var sent = await WaitForInvoiceStatusAsync(pipeline, clean.Id, "awaiting_payment");
        Assert.Equal("draft", Assert.Single(await pipeline.Sandbox.InvoicesAsync(flagged.Id)).InvoiceStatus);
        var audit = pipeline.Closeout.Services.GetRequiredService<Closeout.Features.Audit.IAuditTrail>();
        var history = await audit.HistoryAsync(clean.AccountId, $"draft:{clean.Id}", CancellationToken.None);
        for (var i = 0; i < 200 && !history.Any(h => h.Entry.Action == "invoice.sent"); i++)
        {
            await Task.Delay(50);
            history = await audit.HistoryAsync(clean.AccountId, $"draft:{clean.Id}", CancellationToken.None);
        }

        Assert.Equal(sent.Id, (string)Assert.Single(history, h => h.Entry.Action == "invoice.sent" && h.Entry.Actor == "policy").Entry.After!["invoiceId"]!);
        Assert.Equal((ApprovalStore.Approved, "policy", "auto"), (auto!.State, auto.DecidedBy, auto.PilotMode));
        Assert.Equal(ApprovalStore.Pending, held!.State);
        Assert.Contains(held.Reasons, r => r.StartsWith("flags to decide", StringComparison.Ordinal));
        var queue = (await pipeline.Closeout.Http.GetFromJsonAsync<List<ApprovalRequest>>($"/api/approvals/{clean.AccountId}?state=pending", DraftDocument.JsonOptions))!;
        Assert.Equal([flagged.Id], queue.Select(q => q.JobId));
        Assert.Equal(2, (await pipeline.Closeout.Http.GetFromJsonAsync<List<ApprovalRequest>>($"/api/approvals/{clean.AccountId}", DraftDocument.JsonOptions))!.Count);
    }

    private static async Task<Closeout.JobberSandbox.Control.InvoiceView> WaitForInvoiceStatusAsync(Pipeline pipeline, string jobId, string status)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            var invoice = Assert.Single(await pipeline.Sandbox.InvoicesAsync(jobId));
            if (invoice.InvoiceStatus == status)
            {
                return invoice;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"invoice stayed {invoice.InvoiceStatus}");
            await Task.Delay(50);
        }
    }

    private static async Task<ShadowComparison> WaitForComparisonAsync(Pipeline pipeline, string accountId, string jobId)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await pipeline.Closeout.Http.GetAsync($"/api/pilot/{accountId}/comparisons/{jobId}");
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<ShadowComparison>(DraftDocument.JsonOptions))!;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "no comparison; inbox: " + string.Join(" | ",
                (await pipeline.Closeout.InboxAsync()).Select(i => $"{i.Topic} {i.State} {i.LastError}")));
            await Task.Delay(50);
        }
    }
}

public sealed class SqlitePilotModeTests : PilotModeTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresPilotModeTests : PilotModeTests
{
    protected override Provider Provider => Provider.Postgres;
}
