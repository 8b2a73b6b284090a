using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Closeout.Drafting.Policies;
using Closeout.Features.Review;
using Closeout.Features.Users;
using Closeout.Tests.Service;
using Microsoft.Playwright;

namespace Closeout.Tests.Features.Review;

/// <summary>The review UI in real headless Chromium against the real Closeout and sandbox on loopback.</summary>
[Collection(BrowserTests.Name)]
public sealed class ReviewBrowserTests
{
    [Fact]
    public async Task Office_reviews_a_flagged_draft_edits_a_line_approves_and_the_invoice_is_sent_in_the_sandbox()
    {
        await using var site = await ReviewSite.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        await site.AddUserAsync(Roles.Office, "office@closeout.test");
        var page = await chromium.NewPageAsync();

        await ReviewSite.SignInAsync(page, site.Closeout.BaseAddress, "office@closeout.test", ReviewSite.Password);
        await page.SelectOptionAsync("#flag", site.Draft.Draft.Flags[0].Kind);
        await page.WaitForSelectorAsync($"tr[data-job='{site.JobId}']");
        await Chromium.ScreenshotAsync(page, "queue");
        await page.ClickAsync($"tr[data-job='{site.JobId}'] a");
        await page.WaitForSelectorAsync("#lines");

        // The flag says what to decide; a line's evidence link highlights what it cites in the notes or time sheets.
        Assert.Contains(site.Draft.Draft.Flags[0].Message, await page.InnerTextAsync(".flag"), StringComparison.Ordinal);
        var cited = page.Locator("#lines a[data-ev]").First;
        var evidenceClass = await cited.GetAttributeAsync("data-ev");
        await cited.ClickAsync();
        Assert.True(await page.Locator($"aside .{evidenceClass}.hl").CountAsync() > 0, $"clicking the evidence link highlighted nothing for {evidenceClass}");
        await Chromium.ScreenshotAsync(page, "draft");

        // Edit the first line: one more of it. The page's totals are the engine's money rules applied to the new lines.
        var first = site.Draft.Draft.Lines[0];
        var quantity = first.Quantity + 1;
        var line = page.Locator("tr.line").First;
        await line.Locator("summary").ClickAsync();
        await line.Locator("input[name=quantity]").FillAsync(quantity.ToString(CultureInfo.InvariantCulture));
        await line.Locator("form button[type=submit]").First.ClickAsync();
        await page.WaitForSelectorAsync(".notice");
        var expected = ExpectedTotal(site, site.Draft.Draft.Lines.Select((l, i) => i == 0 ? (l.UnitPrice, quantity, l.Taxable) : (l.UnitPrice, l.Quantity, l.Taxable)));
        Assert.Equal(expected.ToString("N2", CultureInfo.InvariantCulture), (await page.InnerTextAsync("#total")).Trim());

        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#review-state:has-text('sent')");
        await Chromium.ScreenshotAsync(page, "draft-sent");

        var invoice = Assert.Single(await site.Sandbox.InvoicesAsync(site.JobId));
        Assert.Equal("awaiting_payment", invoice.InvoiceStatus);
        Assert.Equal(quantity, invoice.Lines.First(l => l.Name == first.Name).Quantity);
        Assert.Equal(expected, invoice.Total);
        var history = await page.InnerTextAsync("#history");
        Assert.Contains("line.edited", history, StringComparison.Ordinal);
        Assert.Contains("draft.approved", history, StringComparison.Ordinal);
        Assert.Contains("invoice.sent", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_for_me_shows_the_manager_the_over_threshold_draft_and_not_the_office()
    {
        await using var site = await ReviewSite.StartAsync(new() { ["Accounts:DefaultApproval:ManagerAbove"] = "100" });
        await using var chromium = await Chromium.LaunchAsync();
        await site.AddUserAsync(Roles.Office, "office@closeout.test");
        await site.AddUserAsync(Roles.Manager, "manager@closeout.test");
        var office = await chromium.NewPageAsync();
        var manager = await chromium.NewPageAsync();
        await ReviewSite.SignInAsync(office, site.Closeout.BaseAddress, "office@closeout.test", ReviewSite.Password);
        await ReviewSite.SignInAsync(manager, site.Closeout.BaseAddress, "manager@closeout.test", ReviewSite.Password);

        // The office sees who the draft waits on, and ticking "Waiting for me" leaves it out.
        var row = office.Locator($"tr[data-job='{site.JobId}']");
        Assert.Contains("waiting on manager", await row.InnerTextAsync(), StringComparison.Ordinal);
        // The filter is htmx's: a change before the page's scripts ran (a loaded machine) would be lost, so wait for load.
        await office.WaitForLoadStateAsync(LoadState.Load);
        await office.CheckAsync("#mine");
        await office.WaitForURLAsync(url => url.Contains("mine=true", StringComparison.Ordinal));
        await office.WaitForSelectorAsync("#queue-count:has-text('0 draft(s)')");

        // The manager's "Waiting for me" keeps it, marked for them.
        await manager.WaitForLoadStateAsync(LoadState.Load);
        await manager.CheckAsync("#mine");
        await manager.WaitForURLAsync(url => url.Contains("mine=true", StringComparison.Ordinal));
        var mine = manager.Locator($"tr[data-job='{site.JobId}']");
        await mine.WaitForAsync();
        Assert.Contains("for you", await mine.InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(manager, "queue-waiting-for-me");
    }

    [Fact]
    public async Task A_technician_sees_their_own_job_read_only_and_cannot_approve_it()
    {
        await using var site = await ReviewSite.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var workers = await site.WorkersAsync();
        Assert.NotEmpty(workers);
        await site.AddUserAsync(Roles.Technician, "tech@closeout.test", workers[0]);
        await site.AddUserAsync(Roles.Technician, "other-tech@closeout.test", "someone-else");
        var page = await chromium.NewPageAsync(phone: true);

        await ReviewSite.SignInAsync(page, site.Closeout.BaseAddress, "tech@closeout.test", ReviewSite.Password);
        await page.ClickAsync($"tr[data-job='{site.JobId}'] a");
        await page.WaitForSelectorAsync("#read-only");
        await Chromium.ScreenshotAsync(page, "draft-technician-phone");
        Assert.Equal(0, await page.Locator("#approve").CountAsync());
        Assert.Equal(0, await page.Locator("details summary").CountAsync());

        // Posting the approval anyway, from the signed-in browser with its anti-forgery token: refused before the page runs.
        var token = await page.GetAttributeAsync("body", "hx-headers");
        var approve = await page.APIRequest.PostAsync(new Uri(site.Closeout.BaseAddress, $"/drafts/{Uri.EscapeDataString(site.JobId)}/approve").ToString(),
            new APIRequestContextOptions { MaxRedirects = 0, Headers = new Dictionary<string, string> { ["RequestVerificationToken"] = VerificationToken(token!) }, Form = Form(page, "version", "0") });
        Assert.Equal(302, approve.Status);
        Assert.Contains("/denied", approve.Headers["location"], StringComparison.Ordinal);

        var other = await chromium.NewPageAsync();
        await ReviewSite.SignInAsync(other, site.Closeout.BaseAddress, "other-tech@closeout.test", ReviewSite.Password);
        Assert.Equal(0, await other.Locator($"tr[data-job='{site.JobId}']").CountAsync());
        var response = await other.GotoAsync(new Uri(site.Closeout.BaseAddress, $"/drafts/{Uri.EscapeDataString(site.JobId)}").ToString());
        Assert.Equal(404, response!.Status);

        Assert.Equal("draft", Assert.Single(await site.Sandbox.InvoicesAsync(site.JobId)).InvoiceStatus);
        var review = await site.Closeout.Http.GetFromJsonAsync<DraftReviewView>($"/api/drafts/{Uri.EscapeDataString(site.JobId)}/review");
        Assert.Equal(ReviewStates.Waiting, review!.State);
    }

    [Fact]
    public async Task Each_role_signs_in_and_only_the_owner_manages_users()
    {
        await using var site = await ReviewSite.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        foreach (var role in new[] { Roles.Manager, Roles.Office, Roles.Technician })
        {
            await site.AddUserAsync(role, $"{role}@closeout.test");
        }

        foreach (var (role, email) in new[] { (Roles.Owner, CloseoutServer.OwnerEmail), (Roles.Manager, "manager@closeout.test"), (Roles.Office, "office@closeout.test"), (Roles.Technician, "technician@closeout.test") })
        {
            var page = await chromium.NewPageAsync();
            await ReviewSite.SignInAsync(page, site.Closeout.BaseAddress, email, ReviewSite.Password);
            Assert.Equal(role, await page.GetAttributeAsync(".who", "data-role"));
            await page.GotoAsync(new Uri(site.Closeout.BaseAddress, "/users").ToString());
            if (role == Roles.Owner)
            {
                await page.WaitForSelectorAsync("tr[data-user='manager@closeout.test']");
                await Chromium.ScreenshotAsync(page, "users");
            }
            else
            {
                Assert.EndsWith("/denied?ReturnUrl=%2Fusers", page.Url, StringComparison.Ordinal);
            }

            await page.ClickAsync("#signout button");
            await page.WaitForURLAsync("**/signin**");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_first_run_page_creates_the_owner_once_and_failed_sign_ins_lock_the_account()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([]);
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string>(), new Dictionary<string, string?>
        {
            ["Users:Bootstrap:Email"] = "",
            ["Users:MaxFailedSignIns"] = "3",
        });
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(closeout.BaseAddress.ToString());
        Assert.EndsWith("/first-run", page.Url, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "first-run");
        await page.FillAsync("#name", "Olive Owner");
        await page.FillAsync("#email", "olive@closeout.test");
        await page.FillAsync("#password", "a-long-owner-password");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("h1:has-text('Review queue')");
        Assert.Equal(Roles.Owner, await page.GetAttributeAsync(".who", "data-role"));

        var second = await chromium.NewPageAsync();
        await second.GotoAsync(new Uri(closeout.BaseAddress, "/first-run").ToString());
        Assert.Contains("/signin", second.Url, StringComparison.Ordinal);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await ReviewSite.SignInAsync(second, closeout.BaseAddress, "olive@closeout.test", "wrong-password-" + attempt);
        }

        await ReviewSite.SignInAsync(second, closeout.BaseAddress, "olive@closeout.test", "a-long-owner-password");
        await Chromium.ScreenshotAsync(second, "signin-locked");
        Assert.Contains("locked", await second.InnerTextAsync(".error"), StringComparison.Ordinal);

        using var anonymous = await closeout.Anonymous.GetAsync("/api/review/queue");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Office_sees_a_drafts_leakage_suggestion_and_accepting_it_adds_the_line_and_changes_the_total()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, "evergreen");
        var (job, _) = await Leakage.SuggestionPipelineTests.FirstJobWithSuggestionsAsync(pipeline);
        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        var stored = await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
        var suggestion = stored.Draft.Suggestions[0];
        using (var created = await pipeline.Closeout.Http.PostAsJsonAsync("/api/users", new NewUser("office@closeout.test", "Olga Office", Roles.Office, ReviewSite.Password, [])))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await ReviewSite.SignInAsync(page, pipeline.Closeout.BaseAddress, "office@closeout.test", ReviewSite.Password);
        await page.GotoAsync(new Uri(pipeline.Closeout.BaseAddress, $"/drafts/{Uri.EscapeDataString(job.Id)}").ToString());

        var card = page.Locator($"#suggestions .suggestion[data-item='{suggestion.ItemId}']");
        var text = await card.InnerTextAsync();
        Assert.Contains(suggestion.Name, text, StringComparison.Ordinal);
        Assert.Contains(suggestion.Rule.Supporting[0].Label, text, StringComparison.Ordinal);
        Assert.Contains("Usually billed with jobs like this", await page.InnerTextAsync("#suggestions h2"), StringComparison.Ordinal);
        var before = (await page.InnerTextAsync("#total")).Trim();
        Assert.Equal(stored.Draft.Total.ToString("N2", CultureInfo.InvariantCulture), before);
        await Chromium.ScreenshotAsync(page, "draft-suggestion");

        await card.Locator("button.accept").ClickAsync();
        await page.WaitForSelectorAsync($"#suggestions .suggestion[data-item='{suggestion.ItemId}'] .decision[data-decision='accepted']");
        Assert.Equal(1, await page.Locator($"#lines tr.line[data-item='{suggestion.ItemId}']").CountAsync());
        Assert.NotEqual(before, (await page.InnerTextAsync("#total")).Trim());
        var review = await pipeline.Closeout.Http.GetFromJsonAsync<DraftReviewView>($"/api/drafts/{Uri.EscapeDataString(job.Id)}/review");
        Assert.Contains(review!.Draft.Lines, l => l.ItemId == suggestion.ItemId && l.Quantity == suggestion.Quantity);
        Assert.Equal(review.Draft.Total.ToString("N2", CultureInfo.InvariantCulture), (await page.InnerTextAsync("#total")).Trim());
        var decisions = await pipeline.Closeout.Http.GetFromJsonAsync<List<Closeout.Features.Leakage.SuggestionDecision>>($"/api/drafts/{Uri.EscapeDataString(job.Id)}/suggestions/decisions");
        Assert.Equal(("accepted", "office@closeout.test"), Assert.Single(decisions!, d => d.ItemId == suggestion.ItemId) is var d ? (d.Decision, d.DecidedBy) : default);
    }

    /// <summary>The dataset's money rules, written out here: line totals and tax rounded half away from zero to cents.</summary>
    private static decimal ExpectedTotal(ReviewSite site, IEnumerable<(decimal UnitPrice, decimal Quantity, bool Taxable)> lines)
    {
        var folder = site.Pipeline.Folders[site.AccountId];
        var catalog = Drafting.Catalogs.CatalogLoader.Load(Path.Combine(folder, "catalog.json")).Value!;
        var policy = PolicyLoader.Load(Path.Combine(folder, "policy.json"), catalog).Value!;
        var priced = lines.Select(l => (Total: Math.Round(l.UnitPrice * l.Quantity, 2, MidpointRounding.AwayFromZero), l.Taxable)).ToList();
        var taxRate = site.Draft.Draft.Tax == 0 ? 0m : policy.Tax.Rate;
        return priced.Sum(l => l.Total) + Math.Round(priced.Where(l => l.Taxable).Sum(l => l.Total) * taxRate, 2, MidpointRounding.AwayFromZero);
    }

    private static string VerificationToken(string hxHeaders) =>
        System.Text.Json.JsonDocument.Parse(hxHeaders).RootElement.GetProperty("RequestVerificationToken").GetString()!;

    private static IFormData Form(IPage page, string name, string value)
    {
        var form = page.APIRequest.CreateFormData();
        form.Set(name, value);
        return form;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserTests
{
    public const string Name = "browser";
}
