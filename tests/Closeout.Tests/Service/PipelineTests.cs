using System.Net;
using System.Text;
using Closeout.Features.Inbox;
using Closeout.Features.Webhooks;
using Closeout.JobberSandbox.Control;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Service;

/// <summary>Webhook to draft to invoice over real HTTP on loopback: the real sandbox, the real Closeout, a real database. Run once per provider.</summary>
public abstract class PipelineTests
{
    protected abstract Provider Provider { get; }

    [Fact]
    public async Task Completed_job_gets_one_draft_and_one_invoice_equal_to_the_engine_draft()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        var job = (await pipeline.Sandbox.JobsAsync()).First(j => j.JobNumber == 1001);

        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        var stored = await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);

        AssertMatches(pipeline, job, stored);
    }

    [Fact]
    public async Task Copies_of_deliveries_posted_at_once_are_all_acknowledged_and_each_delivery_is_stored_once()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        // Unknown topic: stored and acknowledged, never worked, so the inbox shows exactly what intake wrote.
        var bodies = Enumerable.Range(0, 12)
            .Select(i => CloseoutServer.WebhookBody("CLIENT_CREATE", "acc", $"client-{i}", "2026-11-26T10:00:00Z"))
            .SelectMany(body => Enumerable.Repeat(body, 5))
            .ToList();

        var responses = await Task.WhenAll(bodies.Select(b => pipeline.Closeout.PostWebhookAsync(b, WebhookSignature.Sign(b, Sandbox.ClientSecret))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var stored = await pipeline.Closeout.InboxAsync();
        Assert.Equal(
            Enumerable.Range(0, 12).Select(i => $"client-{i}").Order(StringComparer.Ordinal),
            stored.Select(i => i.ItemId!).Order(StringComparer.Ordinal));
        Assert.All(stored, i => Assert.Equal(("CLIENT_CREATE", InboxState.Ignored), (i.Topic, i.State)));
    }

    [Fact]
    public async Task A_copy_of_a_Jobber_delivery_after_it_was_claimed_is_worked_again_within_the_window_and_other_copies_do_nothing()
    {
        // Jobber's occurredAt has whole seconds: a job changed twice in one second sends two deliveries with one key. If
        // the first was read before the second change, the copy must be worked again, or the change is lost.
        await using var pipeline = await Pipeline.StartAsync(Provider, ["cascade"], new Dictionary<string, string?> { ["Processing:Enabled"] = "false" }, null);
        var inbox = pipeline.Closeout.Services.GetRequiredService<InboxStore>();
        var lease = TimeSpan.FromMinutes(1);
        InboxDelivery Delivery(string item) => new($"JOB_UPDATE|acc|{item}|2026-11-26T10:00:00Z", WebhookTopics.JobUpdate, "acc", item, "2026-11-26T10:00:00Z", InboxState.Pending);
        async Task<InboxItem> ClaimAsync(string item) => (await inbox.ClaimAsync(lease, CancellationToken.None)) is { } claimed && claimed.ItemId == item
            ? claimed
            : throw new InvalidOperationException($"expected {item} to be claimed");

        // Not yet claimed: a copy does nothing (the pending work will read the job fresh anyway).
        var id = await inbox.AddAsync(Delivery("job-1"), CancellationToken.None);
        Assert.NotNull(id);
        Assert.Null(await inbox.AddAsync(Delivery("job-1"), CancellationToken.None));

        // Done, then a copy: pending again, the same row.
        var first = await ClaimAsync("job-1");
        Assert.True(await inbox.FinishAsync(first, InboxState.Done, "job not completed yet", CancellationToken.None));
        Assert.Equal(id, await inbox.AddAsync(Delivery("job-1"), CancellationToken.None));
        Assert.Equal(InboxState.Pending, (await inbox.FindAsync(id!.Value, CancellationToken.None))!.State);

        // A copy while it is worked: it stays claimed, and is queued again when the work finishes; a second copy adds nothing.
        var second = await ClaimAsync("job-1");
        Assert.Equal(id, await inbox.AddAsync(Delivery("job-1"), CancellationToken.None));
        Assert.Null(await inbox.AddAsync(Delivery("job-1"), CancellationToken.None));
        Assert.Equal(InboxState.Processing, (await inbox.FindAsync(id.Value, CancellationToken.None))!.State);
        Assert.True(await inbox.FinishAsync(second, InboxState.Done, null, CancellationToken.None));
        var again = (await inbox.FindAsync(id.Value, CancellationToken.None))!;
        Assert.Equal((InboxState.Pending, 2L), (again.State, again.Attempts));
        var third = await ClaimAsync("job-1");
        Assert.True(await inbox.FinishAsync(third, InboxState.Done, null, CancellationToken.None));
        Assert.Equal(InboxState.Done, (await inbox.FindAsync(id.Value, CancellationToken.None))!.State);

        // Closeout's own items (a catalog refresh) are never worked twice this way.
        var refresh = new InboxDelivery("CLOSEOUT_CATALOG_REFRESH|acc|p1", WebhookTopics.CatalogRefresh, "acc", "acc", "p1", InboxState.Pending);
        var refreshId = await inbox.AddAsync(refresh, CancellationToken.None);
        var claimedRefresh = await ClaimAsync("acc");
        Assert.True(await inbox.FinishAsync(claimedRefresh, InboxState.Done, null, CancellationToken.None));
        Assert.Null(await inbox.AddAsync(refresh, CancellationToken.None));
        Assert.Equal(InboxState.Done, (await inbox.FindAsync(refreshId!.Value, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_job_read_before_it_was_complete_is_drafted_when_the_same_second_delivery_comes_again()
    {
        // Over HTTP end to end: the job is open when the first JOB_UPDATE is worked (no draft), then completed; Jobber's
        // second delivery of that second carries the same key. The sandbox is not subscribed: the test posts both.
        var folder = Path.Combine(Repo.Dataset, "cascade");
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var sandbox = await Sandbox.StartAsync([folder]);
        var account = Assert.Single(await sandbox.AccountsAsync());
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string> { [account.Id] = folder });
        await closeout.ConnectAsync(sandbox, account.Id, account.Name);
        var job = (await sandbox.JobsAsync()).First(j => j.JobNumber == 1001);
        await sandbox.ReopenJobAsync(job.Id);
        var body = CloseoutServer.WebhookBody(WebhookTopics.JobUpdate, account.Id, job.Id, "2026-11-26T10:00:00Z");
        var signature = WebhookSignature.Sign(body, Sandbox.ClientSecret);

        using (var first = await closeout.PostWebhookAsync(body, signature))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await closeout.WaitForInboxStateAsync(i => i.ItemId == job.Id, InboxState.Done);
        Assert.Null(await closeout.DraftAsync(job.Id));
        await sandbox.CompleteJobAsync(job.Id);
        using (var copy = await closeout.PostWebhookAsync(body, signature))
        {
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        }

        var stored = await closeout.WaitForInvoicedDraftAsync(job.Id);
        Assert.Equal("done", stored.Invoice!.State);
        Assert.Single(await sandbox.InvoicesAsync(job.Id));
        Assert.Single(await closeout.InboxAsync(), i => i.ItemId == job.Id);
    }

    [Fact]
    public async Task A_copy_of_a_worked_delivery_outside_the_window_does_nothing()
    {
        await using var pipeline = await Pipeline.StartAsync(
            Provider, ["cascade"], new Dictionary<string, string?> { ["Processing:Enabled"] = "false", ["Webhooks:RedeliveryWindowSeconds"] = "0" }, null);
        var inbox = pipeline.Closeout.Services.GetRequiredService<InboxStore>();
        var delivery = new InboxDelivery("JOB_UPDATE|acc|job-9|2026-11-26T10:00:00Z", WebhookTopics.JobUpdate, "acc", "job-9", "2026-11-26T10:00:00Z", InboxState.Pending);
        var id = await inbox.AddAsync(delivery, CancellationToken.None);
        var claimed = (await inbox.ClaimAsync(TimeSpan.FromMinutes(1), CancellationToken.None))!;
        Assert.Equal(id, claimed.Id);
        Assert.True(await inbox.FinishAsync(claimed, InboxState.Done, null, CancellationToken.None));
        await Task.Delay(5);

        Assert.Null(await inbox.AddAsync(delivery, CancellationToken.None));
        Assert.Equal(InboxState.Done, (await inbox.FindAsync(id!.Value, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Forged_and_unsigned_webhooks_are_refused_and_nothing_is_stored()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        var job = (await pipeline.Sandbox.JobsAsync())[0];
        var body = CloseoutServer.WebhookBody(WebhookTopics.JobUpdate, job.AccountId, job.Id, "2026-01-01T00:00:00Z");

        using var unsigned = await pipeline.Closeout.PostWebhookAsync(body, null);
        using var forged = await pipeline.Closeout.PostWebhookAsync(body, WebhookSignature.Sign(body, "not-the-secret"));
        using var garbage = await pipeline.Closeout.PostWebhookAsync(body, "bm90IGEgc2lnbmF0dXJl");
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("2026", "2027", StringComparison.Ordinal));
        using var replayedSignature = await pipeline.Closeout.PostWebhookAsync(tampered, WebhookSignature.Sign(body, Sandbox.ClientSecret));

        Assert.All(new[] { unsigned, forged, garbage, replayedSignature }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Empty(await pipeline.Closeout.InboxAsync());
        Assert.Empty(await pipeline.Closeout.DraftsAsync());
    }

    [Fact]
    public async Task The_same_delivery_ten_times_at_once_makes_one_draft_and_one_invoice()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        var job = (await pipeline.Sandbox.JobsAsync()).First(j => j.JobNumber == 1002);
        var body = CloseoutServer.WebhookBody(WebhookTopics.JobUpdate, job.AccountId, job.Id, "2026-10-06T12:40:00-07:00");
        var signature = WebhookSignature.Sign(body, Sandbox.ClientSecret);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => pipeline.Closeout.PostWebhookAsync(body, signature)));
        await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
        using var late = await pipeline.Closeout.PostWebhookAsync(body, signature);
        await Task.Delay(300);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Single(await pipeline.Closeout.InboxAsync(), i => i.Topic == WebhookTopics.JobUpdate);
        Assert.Single(await pipeline.Closeout.DraftsAsync());
        Assert.Single(await pipeline.Sandbox.InvoicesAsync(job.Id));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Sandbox_errors_and_throttling_are_retried_and_nothing_is_lost()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        var jobs = (await pipeline.Sandbox.JobsAsync()).Take(4).ToList();
        await pipeline.Sandbox.SetFaultsAsync(new FaultSettings { ServerErrorRate = 0.5, DuplicateWebhooks = true, OutOfOrderWebhooks = true });

        foreach (var job in jobs.Take(2))
        {
            await pipeline.Sandbox.CompleteJobAsync(job.Id);
        }

        await pipeline.Sandbox.SetFaultsAsync(new FaultSettings { ForceThrottled = true });
        foreach (var job in jobs.Skip(2))
        {
            await pipeline.Sandbox.CompleteJobAsync(job.Id);
        }

        await Task.Delay(400);
        await pipeline.Sandbox.SetFaultsAsync(new FaultSettings());

        foreach (var job in jobs)
        {
            var stored = await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
            AssertMatches(pipeline, job, stored);
        }

        Assert.Equal(jobs.Count, (await pipeline.Closeout.DraftsAsync()).Count);
    }

    [Fact]
    public async Task A_job_Jobber_does_not_have_is_a_dead_letter_with_its_error_and_the_worker_goes_on()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        var job = (await pipeline.Sandbox.JobsAsync()).First(j => j.JobNumber == 1003);
        var missing = Convert.ToBase64String(Encoding.UTF8.GetBytes("gid://Jobber/Job/999999"));
        var body = CloseoutServer.WebhookBody(WebhookTopics.JobUpdate, job.AccountId, missing, "2026-01-01T00:00:00Z");

        using var response = await pipeline.Closeout.PostWebhookAsync(body, WebhookSignature.Sign(body, Sandbox.ClientSecret));
        var dead = await pipeline.Closeout.WaitForInboxStateAsync(i => i.ItemId == missing, "dead");
        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        var stored = await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Permanent", dead.ErrorKind);
        Assert.Contains("has no job", dead.LastError, StringComparison.Ordinal);
        AssertMatches(pipeline, job, stored);
    }

    [Fact]
    public async Task Every_job_of_cascade_and_evergreen_lands_in_the_sandbox_once_as_the_engine_drafted_it()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade", "evergreen");
        var drafted = (await pipeline.Sandbox.JobsAsync()).Where(j => pipeline.IsDatasetJob(j.AccountId, j.JobNumber)).ToList();

        await Task.WhenAll(drafted.Select(j => pipeline.Sandbox.CompleteJobAsync(j.Id)));
        foreach (var job in drafted)
        {
            var stored = await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id, TimeSpan.FromSeconds(60));
            AssertMatches(pipeline, job, stored);
        }

        Assert.Equal(drafted.Count, (await pipeline.Closeout.DraftsAsync()).Count);
    }

    private static void AssertMatches(Pipeline pipeline, JobSummary job, global::Closeout.Features.Drafts.StoredDraft stored)
    {
        var expected = pipeline.EngineDraft(job.AccountId, job.JobNumber);
        var draft = stored.Draft;
        Assert.Equal(
            expected.Lines.Select(l => (l.ItemId, l.Quantity, l.UnitPrice, l.Total, l.Taxable)),
            draft.Lines.Select(l => (l.ItemId, l.Quantity, l.UnitPrice, l.Total, l.Taxable)));
        Assert.Equal(expected.Flags.Select(f => f.Kind.ToString()).Order(), draft.Flags.Select(f => f.Kind).Select(k => Drafting.Drafts.FlagKinds.Parse(k)!.Value.ToString()).Order());
        Assert.Equal((expected.Subtotal, expected.Tax, expected.Total), (draft.Subtotal, draft.Tax, draft.Total));

        if (draft.Lines.Count == 0)
        {
            return;
        }

        Assert.Equal("done", stored.Invoice!.State);
        var invoices = pipeline.Sandbox.InvoicesAsync(job.Id).GetAwaiter().GetResult();
        var invoice = Assert.Single(invoices);
        Assert.Equal(stored.Invoice.InvoiceId, invoice.Id);
        Assert.Equal("draft", invoice.InvoiceStatus);
        Assert.Equal(job.ClientId, invoice.ClientId);
        Assert.Equal(
            draft.Lines.Select(l => (l.ItemId, l.Quantity, l.UnitPrice, l.Taxable, l.Description)),
            invoice.Lines.Select(l => (l.CatalogItemId!, l.Quantity, l.UnitPrice, l.Taxable, l.Description)));
        Assert.Equal(draft.Subtotal, invoice.Subtotal);
    }
}

public sealed class SqlitePipelineTests : PipelineTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresPipelineTests : PipelineTests
{
    protected override Provider Provider => Provider.Postgres;

    [Fact]
    public async Task Two_instances_on_one_database_share_the_work_and_each_job_is_drafted_once()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        await using var second = await CloseoutServer.StartAsync(pipeline.Database, pipeline.Sandbox, pipeline.Folders);
        await pipeline.Sandbox.SubscribeAsync(second.WebhookUrl);
        var jobs = (await pipeline.Sandbox.JobsAsync()).Where(j => pipeline.IsDatasetJob(j.AccountId, j.JobNumber)).Take(12).ToList();

        await Task.WhenAll(jobs.Select(j => pipeline.Sandbox.CompleteJobAsync(j.Id)));
        foreach (var job in jobs)
        {
            var stored = await second.WaitForInvoicedDraftAsync(job.Id);
            Assert.True(stored.Draft.Lines.Count == 0 || (await pipeline.Sandbox.InvoicesAsync(job.Id)).Count == 1);
        }

        Assert.Equal(jobs.Count, (await pipeline.Closeout.DraftsAsync()).Count);
        Assert.Equal(jobs.Count, (await second.InboxAsync()).Count(i => i.Topic == WebhookTopics.JobUpdate));
    }
}
