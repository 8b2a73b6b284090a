using Closeout.Features.Collections;
using Closeout.Tests.Features.Review;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Collections;

/// <summary>The receivables and reminders pages in real headless Chromium against Closeout, the sandbox, SMTP and Twilio on loopback.</summary>
[Collection(BrowserTests.Name)]
public sealed class ReceivablesBrowserTests
{
    [Fact]
    public async Task The_office_sees_receivables_by_age_with_profiles_the_next_reminders_with_why_pauses_a_client_and_reads_their_history()
    {
        await using var world = await CollectionsWorld.StartAsync(Provider.Sqlite);
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 7);
        var receivable = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        await world.Closeout.Services.GetRequiredService<ReminderWorker>().SweepAsync(CancellationToken.None);
        await world.Cycle.RunAsync(CancellationToken.None);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await ReviewSite.SignInAsync(page, world.Closeout.BaseAddress, CloseoutServer.OwnerEmail, CloseoutServer.OwnerPassword);
        await page.GotoAsync(new Uri(world.Closeout.BaseAddress, "/receivables").ToString());
        await page.WaitForSelectorAsync($"#ageing tr[data-invoice='{invoiceId}']");
        await Chromium.ScreenshotAsync(page, "receivables");

        // The invoice sits in its age bucket; the client's profile is in words; the final step is ahead with its reasons.
        Assert.Contains(Money.Format(receivable.Balance), await page.InnerTextAsync($"#ageing tr[data-invoice='{invoiceId}']"), StringComparison.Ordinal);
        var client = page.Locator($"#clients tr[data-client='{receivable.ClientId}']");
        Assert.False(string.IsNullOrWhiteSpace(await client.Locator(".profile").InnerTextAsync()));
        var next = page.Locator($"#upcoming tr[data-client='{receivable.ClientId}']");
        Assert.True(await next.CountAsync() > 0);
        Assert.Contains("account cadence", await next.First.Locator(".why").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#days-to-paid g.bar").CountAsync() > 0, "the sweep brought paid history, so the chart has bars");

        // Pausing the client takes its reminders off the next 14 days.
        await client.Locator("button.pause").ClickAsync();
        await page.WaitForSelectorAsync(".notice");
        Assert.Contains("paused", await page.InnerTextAsync($"#clients tr[data-client='{receivable.ClientId}']"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"#upcoming tr[data-client='{receivable.ClientId}']").CountAsync());

        // The client's page lists what was sent, with why.
        await page.ClickAsync($"#clients tr[data-client='{receivable.ClientId}'] a");
        await page.WaitForSelectorAsync("#messages");
        await Chromium.ScreenshotAsync(page, "client-messages");
        Assert.Equal(2, await page.Locator("#messages tr[data-state='sent']").CountAsync());
        Assert.Contains("account cadence", await page.InnerTextAsync("#messages"), StringComparison.Ordinal);
    }
}
