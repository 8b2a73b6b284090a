using System.Globalization;
using System.Net.Http.Json;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Features.Drafts;
using Closeout.Features.Leakage;
using Closeout.Tests.Features.Review;
using Closeout.Tests.Service;

namespace Closeout.Tests.Features.Leakage;

/// <summary>The leakage page in real headless Chromium: the month's dollars, one row per job, and the charts drawn.</summary>
[Collection(BrowserTests.Name)]
public sealed class LeakageBrowserTests
{
    [Fact]
    public async Task The_owner_sees_the_months_unbilled_work_with_its_charts()
    {
        await using var site = await ReviewSite.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var folder = new BusinessFolder(site.Pipeline.Folders[site.AccountId]);
        var zone = LoadedBusiness.Load(folder).Policy.TimeZone;
        var month = DatasetReader.ReadCases(folder.JobsPath).Select(c => c.Job.Visits?.Items.Max(v => v.CompletedAt)).OfType<DateTimeOffset>()
            .GroupBy(t => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderByDescending(g => g.Count()).First().Key;
        var report = (await site.Closeout.Http.GetFromJsonAsync<UnbilledReport>(
            $"/api/leakage/{Uri.EscapeDataString(site.AccountId)}/report?month={month}", DraftDocument.JsonOptions))!;
        var page = await chromium.NewPageAsync();

        await ReviewSite.SignInAsync(page, site.Closeout.BaseAddress, CloseoutServer.OwnerEmail, CloseoutServer.OwnerPassword);
        Assert.Equal(1, await page.Locator("a[href='/leakage']").CountAsync());
        await page.GotoAsync(new Uri(site.Closeout.BaseAddress, $"/leakage?account={Uri.EscapeDataString(site.AccountId)}&month={month}").ToString());
        if (await page.Locator("#entries").CountAsync() == 0)
        {
            await Chromium.ScreenshotAsync(page, "leakage-failed");
            Assert.Fail(await page.ContentAsync());
        }

        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);

        Assert.Equal(LeakageModel.Money(report.Totals.Total), (await page.InnerTextAsync("#total")).Trim());
        Assert.Equal(report.Entries.Count, await page.Locator("#entries tbody tr").CountAsync());
        Assert.Equal(LeakageModel.Money(report.Entries[0].Amount), (await page.Locator("#entries tbody tr .amount").First.InnerTextAsync()).Trim());
        var charts = page.Locator("img.chart");
        Assert.Equal(LeakageCharts.Dimensions.Length, await charts.CountAsync());
        for (var i = 0; i < LeakageCharts.Dimensions.Length; i++)
        {
            Assert.True(await charts.Nth(i).EvaluateAsync<int>("img => img.naturalWidth") > 0, $"chart {LeakageCharts.Dimensions[i]} did not load");
        }

        await Chromium.ScreenshotAsync(page, "leakage");
    }
}
