using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closeout.Features.Review;
using Closeout.Features.Users;
using Closeout.Tests.Service;

namespace Closeout.Tests.Features.Review;

/// <summary>The review API over real HTTP against the real sandbox, on each database provider.</summary>
public abstract class ReviewApiTests
{
    protected abstract Provider Provider { get; }

    [Fact]
    public async Task An_over_threshold_draft_goes_to_a_manager_the_office_cannot_approve_it_and_the_manager_can()
    {
        await using var site = await ReviewSite.StartAsync(new() { ["Accounts:DefaultApproval:ManagerAbove"] = "100" }, Provider);
        using var office = await site.Closeout.ClientAsAsync(Roles.Office, "office@closeout.test");
        using var manager = await site.Closeout.ClientAsAsync(Roles.Manager, "manager@closeout.test");
        var path = $"/api/drafts/{Uri.EscapeDataString(site.JobId)}";
        var officeQueue = (await office.GetFromJsonAsync<List<QueueItem>>("/api/review/queue"))!.Single(i => i.JobId == site.JobId);
        var officeMine = (await office.GetFromJsonAsync<List<QueueItem>>("/api/review/queue?mine=true"))!;
        var managerMine = (await manager.GetFromJsonAsync<List<QueueItem>>("/api/review/queue?mine=true"))!;

        Assert.False(officeQueue.MayDecide);
        Assert.Equal(["manager"], officeQueue.WaitingOn);
        Assert.DoesNotContain(officeMine, i => i.JobId == site.JobId);
        Assert.True(managerMine.Single(i => i.JobId == site.JobId).MayDecide);

        using var refused = await office.PostAsJsonAsync($"{path}/approve", new Decision(0));
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        using var approved = await manager.PostAsJsonAsync($"{path}/approve", new Decision(0));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("role:manager", problem!["detail"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(ReviewStates.Sent, (await approved.Content.ReadFromJsonAsync<DraftReviewView>())!.State);
        Assert.Equal("awaiting_payment", Assert.Single(await site.Sandbox.InvoicesAsync(site.JobId)).InvoiceStatus);
        Assert.DoesNotContain((await manager.GetFromJsonAsync<List<QueueItem>>("/api/review/queue?mine=true"))!, i => i.JobId == site.JobId);
    }

    [Fact]
    public async Task The_queue_API_pages_and_tells_the_total_and_refuses_a_page_size_out_of_range()
    {
        await using var site = await ReviewSite.StartAsync(provider: Provider);
        var http = site.Closeout.Http;
        var all = (await http.GetFromJsonAsync<List<QueueItem>>("/api/review/queue?state=all"))!;

        using var first = await http.GetAsync("/api/review/queue?state=all&pageSize=1&page=1");
        using var beyond = await http.GetAsync($"/api/review/queue?state=all&pageSize=1&page={all.Count + 5}");
        using var tooBig = await http.GetAsync("/api/review/queue?pageSize=100000");

        Assert.NotEmpty(all);
        Assert.Equal(all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal([all[0].JobId], (await first.Content.ReadFromJsonAsync<List<QueueItem>>())!.Select(i => i.JobId));
        Assert.Equal([all[^1].JobId], (await beyond.Content.ReadFromJsonAsync<List<QueueItem>>())!.Select(i => i.JobId));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
    }

    [Fact]
    public async Task Edits_recompute_totals_a_stale_version_is_refused_and_approving_without_sending_keeps_a_draft_in_Jobber()
    {
        await using var site = await ReviewSite.StartAsync(new() { ["Review:SendOnApprove"] = "false" }, Provider);
        var path = $"/api/drafts/{Uri.EscapeDataString(site.JobId)}";
        var http = site.Closeout.Http;
        var lines = site.Draft.Draft.Lines;
        var catalog = (await http.GetFromJsonAsync<List<CatalogChoice>>($"/api/review/catalog/{Uri.EscapeDataString(site.AccountId)}"))!;
        var added = catalog.First(c => lines.All(l => l.ItemId != c.Id));

        using var removed = await http.DeleteAsync($"{path}/lines/{lines.Count - 1}?version=0");
        using var stale = await http.PostAsJsonAsync($"{path}/lines", new LineChange(0, added.Id, 2));
        using var add = await http.PostAsJsonAsync($"{path}/lines", new LineChange(1, added.Id, 2, ForFlag: 0));
        using var invalid = await http.PutAsJsonAsync($"{path}/lines/0", new LineChange(2, "NO-SUCH-ITEM", 1));
        using var noReason = await http.PostAsJsonAsync($"{path}/reject", new Decision(2, " "));
        var review = (await add.Content.ReadFromJsonAsync<DraftReviewView>())!;

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var newLine = review.Draft.Lines[^1];
        Assert.Equal((added.Id, 2m, Math.Round(added.UnitPrice * 2, 2, MidpointRounding.AwayFromZero)), (newLine.ItemId, newLine.Quantity, newLine.Total));
        Assert.Equal(site.Draft.Draft.Flags[0].Evidence.Count, newLine.Evidence.Count);
        Assert.Equal(review.Draft.Lines.Sum(l => l.Total), review.Draft.Subtotal);
        Assert.Equal(review.Draft.Subtotal + review.Draft.Tax, review.Draft.Total);

        using var approved = await http.PostAsJsonAsync($"{path}/approve", new Decision(review.Version));
        var decided = (await approved.Content.ReadFromJsonAsync<DraftReviewView>())!;
        var invoice = Assert.Single(await site.Sandbox.InvoicesAsync(site.JobId));
        var history = (await http.GetFromJsonAsync<JsonArray>($"{path}/history"))!.Select(h => h!["entry"]!["action"]!.ToString()).ToList();

        Assert.Equal(ReviewStates.Approved, decided.State);
        Assert.Equal("draft", invoice.InvoiceStatus);
        Assert.Equal(review.Draft.Lines.Select(l => (l.Name, l.Quantity)).Order(), invoice.Lines.Select(l => (l.Name, l.Quantity)).Order());
        Assert.Equal(review.Draft.Total, invoice.Total);
        Assert.Equal(["line.removed", "line.added", "draft.approved"], history.Where(a => a.StartsWith("line.", StringComparison.Ordinal) && a != "line.proposed" || a == "draft.approved"));
    }

    [Fact]
    public async Task The_API_is_described_by_OpenAPI_and_refuses_anonymous_callers_with_ProblemDetails()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var sandbox = await Sandbox.StartAsync([]);
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string>());

        var document = (await closeout.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        using var anonymous = await closeout.Anonymous.GetAsync("/api/review/queue");
        using var openapi = await closeout.Anonymous.GetAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/drafts/{jobId}/approve", paths);
        Assert.Contains("/api/review/queue", paths);
        Assert.Contains("/api/users/{id}", paths);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, openapi.StatusCode);
    }
}

public sealed class SqliteReviewApiTests : ReviewApiTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresReviewApiTests : ReviewApiTests
{
    protected override Provider Provider => Provider.Postgres;
}
