using System.Net;
using System.Text.Json.Nodes;
using Closeout.Features.Users;
using Closeout.Tests.Features.Review;
using Closeout.Tests.Service;

namespace Closeout.Tests.Features.QuickBooks;

/// <summary>Approving in the review UI (real Chromium) puts the invoice in Jobber and in QuickBooks; the QuickBooks page shows the mapping.</summary>
[Collection(BrowserTests.Name)]
public sealed class QuickBooksBrowserTests
{
    [Fact]
    public async Task A_draft_approved_in_the_UI_is_sent_in_Jobber_and_in_QuickBooks_equal_to_the_cent_and_the_page_shows_its_mapping()
    {
        await using var qbo = await QboSandbox.StartAsync(Path.Combine(Repo.Dataset, "cascade"));
        await using var site = await ReviewSite.StartAsync(qbo.CloseoutSettings());
        await qbo.SubscribeAsync(new Uri(site.Closeout.BaseAddress, "/webhooks/quickbooks"));
        using (var connect = await site.Closeout.Http.GetAsync($"/quickbooks/connect?account={Uri.EscapeDataString(site.AccountId)}"))
        {
            Assert.True(connect.StatusCode == HttpStatusCode.OK, await connect.Content.ReadAsStringAsync());
        }

        await using var chromium = await Chromium.LaunchAsync();
        await site.AddUserAsync(Roles.Office, "office@closeout.test");
        var page = await chromium.NewPageAsync();
        await ReviewSite.SignInAsync(page, site.Closeout.BaseAddress, "office@closeout.test", ReviewSite.Password);
        await page.GotoAsync(new Uri(site.Closeout.BaseAddress, $"/drafts/{Uri.EscapeDataString(site.JobId)}").ToString());
        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#review-state:has-text('sent')");

        var invoice = Assert.Single(await site.Sandbox.InvoicesAsync(site.JobId));
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        JsonObject? copy;
        while ((copy = (await qbo.ListAsync("Invoice")).FirstOrDefault(i => i["DocNumber"]?.GetValue<string>() == invoice.InvoiceNumber)) is null)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the approved invoice never reached QuickBooks");
            await Task.Delay(100);
        }

        Assert.Equal("awaiting_payment", invoice.InvoiceStatus);
        Assert.Equal(invoice.Total, copy["TotalAmt"]!.GetValue<decimal>());
        Assert.Equal(invoice.TaxAmount, copy["TxnTaxDetail"]!["TotalTax"]!.GetValue<decimal>());
        Assert.Equal(invoice.Lines.Count, copy["Line"]!.AsArray().Count(l => l!["DetailType"]!.GetValue<string>() == "SalesItemLineDetail"));

        // A manager's QuickBooks page: the company, the invoice's mapping; the office cannot open it.
        await site.AddUserAsync(Roles.Manager, "manager@closeout.test");
        var manager = await chromium.NewPageAsync();
        await ReviewSite.SignInAsync(manager, site.Closeout.BaseAddress, "manager@closeout.test", ReviewSite.Password);
        await manager.ClickAsync("nav a[href='/quickbooks']");
        await manager.WaitForSelectorAsync("table.mapped tr[data-kind='invoice']");
        await Chromium.ScreenshotAsync(manager, "quickbooks-mappings");
        Assert.Contains(copy["Id"]!.GetValue<string>(), await manager.InnerTextAsync("table.mapped tr[data-kind='invoice']"), StringComparison.Ordinal);
        Assert.Contains(QboSandbox.Realm, await manager.InnerTextAsync("section.card"), StringComparison.Ordinal);
        await page.GotoAsync(new Uri(site.Closeout.BaseAddress, "/quickbooks").ToString());
        Assert.Contains("/denied", page.Url, StringComparison.Ordinal);
    }
}
