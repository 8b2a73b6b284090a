using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Closeout.Features.Inbox;
using Closeout.Features.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Service;

/// <summary>The webhook endpoint's answers, the OAuth connect flow, token refresh, health and the inbox verbs, on SQLite.</summary>
public sealed class IntakeTests
{
    [Fact]
    public async Task Oversized_bodies_get_413_malformed_400_and_unknown_topics_are_recorded_and_acknowledged()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, "cascade");
        var big = Encoding.UTF8.GetBytes(new string(' ', 70_000));
        var malformed = "{\"data\":"u8.ToArray();
        var unknown = CloseoutServer.WebhookBody("CLIENT_CREATE", "acc", "client-1", "2026-01-01T00:00:00Z");

        using var tooLarge = await pipeline.Closeout.PostWebhookAsync(big, WebhookSignature.Sign(big, Sandbox.ClientSecret));
        using var bad = await pipeline.Closeout.PostWebhookAsync(malformed, WebhookSignature.Sign(malformed, Sandbox.ClientSecret));
        using var ignored = await pipeline.Closeout.PostWebhookAsync(unknown, WebhookSignature.Sign(unknown, Sandbox.ClientSecret));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        var item = Assert.Single(await pipeline.Closeout.InboxAsync());
        Assert.Equal(("CLIENT_CREATE", InboxState.Ignored), (item.Topic, item.State));
    }

    [Fact]
    public async Task With_the_journal_off_each_delivery_is_in_the_inbox_before_it_is_acknowledged_and_copies_are_stored_once()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, ["cascade"], new Dictionary<string, string?> { ["Webhooks:Journal"] = "false" }, null);
        var bodies = Enumerable.Range(0, 12)
            .Select(i => CloseoutServer.WebhookBody("CLIENT_CREATE", "acc", $"client-{i}", "2026-11-26T10:00:00Z"))
            .SelectMany(body => Enumerable.Repeat(body, 3))
            .ToList();

        var responses = await Task.WhenAll(bodies.Select(b => pipeline.Closeout.PostWebhookAsync(b, WebhookSignature.Sign(b, Sandbox.ClientSecret))));
        // Read at once, without waiting for any importer: the answers came after the commit.
        var stored = await pipeline.Closeout.Services.GetRequiredService<InboxStore>().ListAsync(null, 100, CancellationToken.None);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(12, stored.Count(i => i.Topic == "CLIENT_CREATE"));
        Assert.False(pipeline.Closeout.Services.GetRequiredService<IntakeJournal>().IsOpen);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task APP_DISCONNECT_marks_the_account_disconnected_stops_its_work_and_keeps_its_data()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, "cascade");
        var jobs = await pipeline.Sandbox.JobsAsync();
        var before = jobs.First(j => j.JobNumber == 1001);
        var after = jobs.First(j => j.JobNumber == 1002);
        await pipeline.Sandbox.CompleteJobAsync(before.Id);
        await pipeline.Closeout.WaitForInvoicedDraftAsync(before.Id);

        var disconnect = CloseoutServer.WebhookBody(WebhookTopics.AppDisconnect, before.AccountId, before.AccountId, "2026-11-26T10:00:00Z");
        using var response = await pipeline.Closeout.PostWebhookAsync(disconnect, WebhookSignature.Sign(disconnect, Sandbox.ClientSecret));
        await pipeline.Closeout.WaitForInboxStateAsync(i => i.Topic == WebhookTopics.AppDisconnect, InboxState.Done);
        await pipeline.Sandbox.CompleteJobAsync(after.Id);
        var skipped = await pipeline.Closeout.WaitForInboxStateAsync(i => i.Topic == WebhookTopics.JobUpdate && i.ItemId == after.Id, InboxState.Done);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = Assert.Single((await pipeline.Closeout.Http.GetFromJsonAsync<JsonArray>("/api/accounts"))!);
        Assert.False(account!["connected"]!.GetValue<bool>());
        Assert.NotNull(account["disconnectedAt"]);
        Assert.Contains("disconnected", skipped.LastError, StringComparison.Ordinal);
        Assert.Null(await pipeline.Closeout.DraftAsync(after.Id));
        Assert.Empty(await pipeline.Sandbox.InvoicesAsync(after.Id));
        Assert.NotNull(await pipeline.Closeout.DraftAsync(before.Id));
    }

    [Fact]
    public async Task Connecting_through_OAuth_stores_the_account_and_its_drafts_follow()
    {
        var demo = Path.Combine(Repo.Root, "src", "Closeout.JobberSandbox", "Seeding", "Demo");
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([]);
        var account = (await sandbox.AccountsAsync())[0];
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string> { [account.Name] = demo });
        await sandbox.SubscribeAsync(closeout.WebhookUrl);

        using var connected = await closeout.Http.GetAsync("/jobber/connect");
        var body = await connected.Content.ReadFromJsonAsync<JsonObject>();
        var job = (await sandbox.JobsAsync())[0];
        await sandbox.CompleteJobAsync(job.Id);
        var draft = await closeout.WaitForInvoicedDraftAsync(job.Id);

        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.Equal(account.Id, body!["accountId"]!.GetValue<string>());
        Assert.Equal("done", draft.Invoice!.State);
        Assert.Single(await sandbox.InvoicesAsync(job.Id));
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_and_the_rotated_refresh_token_saved()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, ["cascade"], null, new Dictionary<string, string?> { ["Sandbox:AccessTokenMinutes"] = "1" });
        var accounts = pipeline.Closeout.Services.GetRequiredService<global::Closeout.Features.Accounts.AccountStore>();
        var accountId = pipeline.Folders.Keys.Single();
        var before = (await accounts.FindAsync(accountId, CancellationToken.None))!.Tokens!;
        var job = (await pipeline.Sandbox.JobsAsync())[0];

        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
        var after = (await accounts.FindAsync(accountId, CancellationToken.None))!.Tokens!;

        Assert.NotEqual(before.RefreshToken, after.RefreshToken);
        Assert.NotEqual(before.AccessToken, after.AccessToken);
    }

    [Fact]
    public async Task Health_and_readiness_answer()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, "cascade");

        using var health = await pipeline.Closeout.Http.GetAsync("/healthz");
        using var ready = await pipeline.Closeout.Http.GetAsync("/readyz");
        using var missing = await pipeline.Closeout.Http.GetAsync("/api/drafts/nope");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Inbox_verbs_list_dead_letters_and_retry_replays_them()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, "cascade");
        var job = (await pipeline.Sandbox.JobsAsync())[0];
        var body = CloseoutServer.WebhookBody(WebhookTopics.JobUpdate, job.AccountId, "Z2lkOi8vSm9iYmVyL0pvYi85OTk=", "2026-01-01T00:00:00Z");
        using var posted = await pipeline.Closeout.PostWebhookAsync(body, WebhookSignature.Sign(body, Sandbox.ClientSecret));
        var dead = await pipeline.Closeout.WaitForInboxStateAsync(i => i.Topic == WebhookTopics.JobUpdate, InboxState.Dead);
        var command = InboxCommand.Create(() => pipeline.Closeout.Services);

        var (listExit, listOut) = await RunAsync(command, "list", "--state", "dead");
        var (retryExit, retryOut) = await RunAsync(command, "retry", dead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var again = await pipeline.Closeout.WaitForInboxStateAsync(i => i.Id == dead.Id, InboxState.Dead);

        Assert.Equal((0, 0), (listExit, retryExit));
        Assert.Contains("Permanent: Jobber has no job", listOut, StringComparison.Ordinal);
        Assert.Contains("queued again", retryOut, StringComparison.Ordinal);
        Assert.Equal(1, again.Attempts);
    }

    private static async Task<(int Exit, string Out)> RunAsync(System.CommandLine.Command inbox, params string[] args)
    {
        var root = new System.CommandLine.RootCommand { inbox };
        using var output = new StringWriter();
        var exit = await root.Parse(["inbox", .. args]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }
}
