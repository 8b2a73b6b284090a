using System.Globalization;
using System.Net.Http.Json;
using Closeout.Features.Drafts;
using Closeout.Features.Pilot;
using Closeout.Features.Users;
using Closeout.Tests.Features.Review;
using Closeout.Tests.Service;

namespace Closeout.Tests.Features.Pilot;

/// <summary>The pilot page in real headless Chromium: a manager sees a shadow draft against the office's invoice, with its charts.</summary>
[Collection(BrowserTests.Name)]
public sealed class PilotPageTests
{
    [Fact]
    public async Task A_manager_sees_the_shadow_draft_against_the_office_invoice_with_the_charts()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, ["cascade"], new() { ["Accounts:DefaultPilot:Mode"] = "Shadow" }, null);
        var job = (await pipeline.Sandbox.JobsAsync()).First(j => j.JobNumber == 1001);
        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        var draft = (await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id)).Draft;
        await pipeline.Sandbox.CreateOfficeInvoiceAsync(job.AccountId, job.Id, job.ClientId, draft.Lines.SkipLast(1).Select(l => (l.Name, l.Quantity, l.UnitPrice, l.Taxable)));
        var comparison = await WaitForComparisonAsync(pipeline.Closeout, job.AccountId, job.Id);
        (await pipeline.Closeout.ClientAsAsync(Roles.Manager, "manager@closeout.test")).Dispose();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await ReviewSite.SignInAsync(page, pipeline.Closeout.BaseAddress, "manager@closeout.test", ReviewSite.Password);
        await page.ClickAsync("nav a[href='/pilot']");
        await page.WaitForSelectorAsync("#weeks");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('img.chart')].every(i => i.complete && i.naturalWidth > 0)");
        await page.ClickAsync($"details[data-job='{job.Id}'] summary");
        await Chromium.ScreenshotAsync(page, "pilot");

        var summary = await page.InnerTextAsync("#pilot-summary");
        Assert.Contains(comparison.AddedRevenue.ToString("0.00", CultureInfo.InvariantCulture), summary, StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("img.chart").CountAsync());
        Assert.Equal(1, await page.Locator("#weeks tbody tr").CountAsync());
        Assert.Equal(1, await page.Locator($"details[data-job='{job.Id}'] tr.line-extra").CountAsync());
        Assert.Equal(draft.Lines.Count - 1, await page.Locator($"details[data-job='{job.Id}'] tr.line-match").CountAsync());

        var phone = await chromium.NewPageAsync(phone: true);
        await ReviewSite.SignInAsync(phone, pipeline.Closeout.BaseAddress, "manager@closeout.test", ReviewSite.Password);
        await phone.GotoAsync(new Uri(pipeline.Closeout.BaseAddress, "/pilot").ToString());
        await phone.WaitForSelectorAsync("#weeks");
        await Chromium.ScreenshotAsync(phone, "pilot-phone");
    }

    private static async Task<ShadowComparison> WaitForComparisonAsync(CloseoutServer closeout, string accountId, string jobId)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await closeout.Http.GetAsync($"/api/pilot/{accountId}/comparisons/{jobId}");
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<ShadowComparison>(DraftDocument.JsonOptions))!;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "no comparison");
            await Task.Delay(50);
        }
    }
}
