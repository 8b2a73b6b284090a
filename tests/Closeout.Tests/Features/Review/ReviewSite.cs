using System.Net.Http.Json;
using Closeout.Features.Drafts;
using Closeout.Features.Review;
using Closeout.Features.Users;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Closeout.Tests.Features.Review;

/// <summary>
/// The real sandbox (cascade) and the real Closeout on loopback, one completed job with a flagged draft already written to
/// Jobber, and a user of each role. Browser tests drive it with the machine's Chromium.
/// </summary>
internal sealed class ReviewSite : IAsyncDisposable
{
    public const string Password = CloseoutServer.OwnerPassword;

    private ReviewSite(Pipeline pipeline, string accountId, string jobId, StoredDraft draft)
    {
        Pipeline = pipeline;
        AccountId = accountId;
        JobId = jobId;
        Draft = draft;
    }

    public Pipeline Pipeline { get; }

    public CloseoutServer Closeout => Pipeline.Closeout;

    public Sandbox Sandbox => Pipeline.Sandbox;

    public string AccountId { get; }

    public string JobId { get; }

    /// <summary>The flagged draft as the engine made it (its invoice is in the sandbox, still a draft).</summary>
    public StoredDraft Draft { get; }

    /// <summary>Starts everything and drafts the first dataset job whose draft has a flag and at least two lines.</summary>
    public static async Task<ReviewSite> StartAsync(Dictionary<string, string?>? settings = null, Provider provider = Provider.Sqlite)
    {
        var pipeline = await Pipeline.StartAsync(provider, ["cascade"], settings, null);
        var account = pipeline.Folders.Keys.Single();
        var jobs = await pipeline.Sandbox.JobsAsync(account);
        var flagged = jobs.Where(j => pipeline.IsDatasetJob(account, j.JobNumber))
            .OrderBy(j => j.JobNumber)
            .First(j => pipeline.EngineDraft(account, j.JobNumber) is { Flags.Count: > 0, Lines.Count: >= 2 });
        await pipeline.Sandbox.CompleteJobAsync(flagged.Id);
        var draft = await pipeline.Closeout.WaitForInvoicedDraftAsync(flagged.Id);
        Assert.Equal("done", draft.Invoice?.State);
        return new ReviewSite(pipeline, account, flagged.Id, draft);
    }

    /// <summary>The Jobber user ids of the people who worked the job (its time sheets and visits).</summary>
    public async Task<IReadOnlyList<string>> WorkersAsync()
    {
        var stored = await Closeout.Services.GetRequiredService<ReviewStore>().FindAsync(JobId, CancellationToken.None);
        return JobView.From(stored!.Job).Technicians.Select(t => t.Id).ToList();
    }

    public async Task<UserView> AddUserAsync(string role, string email, params string[] jobberUserIds)
    {
        using var created = await Closeout.Http.PostAsJsonAsync("/api/users", new NewUser(email, email, role, Password, jobberUserIds));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<UserView>())!;
    }

    public static async Task SignInAsync(IPage page, Uri closeout, string email, string password)
    {
        await page.GotoAsync(new Uri(closeout, "/signin").ToString());
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public ValueTask DisposeAsync() => Pipeline.DisposeAsync();
}

/// <summary>The machine's Chromium (Debian's, installed by test.sh) driven by Playwright; no Playwright browser download.</summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where the tests save screenshots of the main pages.</summary>
    public static string Screenshots { get; } = Path.Combine(Repo.Root, "tests", "Closeout.Tests", "TestResults", "screenshots");

    public static async Task<Chromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: test.sh installs Debian's chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh browser profile (its own cookies), laptop-sized or phone-sized.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
