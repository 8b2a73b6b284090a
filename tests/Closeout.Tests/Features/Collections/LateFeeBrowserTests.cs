using System.Net;
using Closeout.Features.Collections;
using Closeout.Features.Users;
using Closeout.Tests.Features.Review;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// The late-fee sections of the receivables and client pages in real headless Chromium, against Closeout, the Jobber sandbox
/// (on its defaults: it takes the fee line as Jobber does), SMTP and Twilio on loopback. The page offers no fee button: a fee
/// is decided by the rule; what the office can do there is offer a plan, which keeps an invoice kept to its plan free of fees.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class LateFeeBrowserTests
{
    [Fact]
    public async Task Office_staff_see_the_fee_decided_and_charged_a_plan_offered_on_the_page_keeps_its_invoice_free_of_fees_and_a_technician_is_refused()
    {
        await using var world = await CollectionsWorld.StartAsync(Provider.Sqlite, LateFeeServiceTests.FeesOn(LateFeeMode.SeparateLine));
        var planned = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 10);
        var charged = await world.IssuedInvoiceAsync(1003, dueDaysAgo: 10);
        var onPlan = await world.WaitForReceivableAsync(planned, r => r.Open);
        var owing = await world.WaitForReceivableAsync(charged, r => r.Open);
        var fee = Money.Cents(25m + (owing.Balance * 1.5m / 100m));
        using var office = await world.Closeout.ClientAsAsync(Roles.Office, "office@closeout.test");
        using var technician = await world.Closeout.ClientAsAsync(Roles.Technician, "technician@closeout.test");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var receivables = new Uri(world.Closeout.BaseAddress, $"/receivables?account={Uri.EscapeDataString(world.AccountId)}").ToString();

        // Before any pass: no fee yet. The office offers the suggested plan on the large invoice.
        await ReviewSite.SignInAsync(page, world.Closeout.BaseAddress, "office@closeout.test", CloseoutServer.OwnerPassword);
        Assert.Equal(Roles.Office, await page.GetAttributeAsync(".who", "data-role"));
        await page.GotoAsync(receivables);
        await page.WaitForSelectorAsync("#late-fees");
        Assert.Equal(0, await page.Locator("#late-fees tr[data-fee]").CountAsync());
        await page.Locator($"#ageing tr[data-invoice='{planned}'] form button").ClickAsync();
        await page.WaitForSelectorAsync(".notice");
        Assert.Contains($"Plan accepted for invoice {onPlan.InvoiceNumber}", await page.InnerTextAsync(".notice"), StringComparison.Ordinal);
        // Once accepted, the row says so and offers no second plan.
        var planCell = page.Locator($"#ageing tr[data-invoice='{planned}'] [data-plan='accepted']");
        Assert.StartsWith("On a plan: 0 of ", await planCell.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"#ageing tr[data-invoice='{planned}'] form button").CountAsync());

        // The fee pass: the invoice on a plan in good standing is skipped, the other is charged a line in Jobber.
        var report = await world.Closeout.Services.GetRequiredService<LateFeeCharger>().RunAsync(CancellationToken.None);
        Assert.Equal(1, report.Charged);

        await page.GotoAsync(receivables);
        var row = page.Locator($"#late-fees tr[data-fee='{charged}']");
        await row.WaitForAsync();
        await Chromium.ScreenshotAsync(page, "receivables-late-fees");
        Assert.Equal(LateFeeState.Charged, await row.GetAttributeAsync("data-state"));
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal($"#{owing.InvoiceNumber}", cells[0]);
        Assert.Equal(Money.Format(fee), cells[1]);
        Assert.Equal(Money.Format(owing.Balance), cells[2]);
        Assert.Equal($"line on invoice #{owing.InvoiceNumber}", cells[3]);
        Assert.Equal(LateFeeState.Charged, cells[4]);
        Assert.False(string.IsNullOrWhiteSpace(cells[5]), "the fee says why");
        Assert.Equal(0, await page.Locator($"#late-fees tr[data-fee='{planned}']").CountAsync());

        // The fee is owed in Jobber too: the ledger and the ageing table show the invoice's balance with it.
        await world.WaitForReceivableAsync(charged, r => r.Balance == owing.Balance + fee);
        await page.GotoAsync(receivables);
        Assert.Contains(Money.Format(owing.Balance + fee), await page.InnerTextAsync($"#ageing tr[data-invoice='{charged}']"), StringComparison.Ordinal);

        // The client's page lists the fee with the same figures.
        await page.GotoAsync(new Uri(world.Closeout.BaseAddress, $"/receivables/clients/{Uri.EscapeDataString(owing.ClientId)}?account={Uri.EscapeDataString(world.AccountId)}").ToString());
        var clientRow = page.Locator($"#late-fees tr[data-fee='{charged}']");
        await clientRow.WaitForAsync();
        await Chromium.ScreenshotAsync(page, "client-late-fees");
        Assert.Equal(Money.Format(fee), (await clientRow.Locator("td").AllInnerTextsAsync())[1]);

        // A technician is refused the pages and the API that list fees.
        await page.ClickAsync("#signout button");
        await page.WaitForURLAsync("**/signin**");
        await ReviewSite.SignInAsync(page, world.Closeout.BaseAddress, "technician@closeout.test", CloseoutServer.OwnerPassword);
        Assert.Equal(Roles.Technician, await page.GetAttributeAsync(".who", "data-role"));
        await page.GotoAsync(receivables);
        Assert.Contains("/denied", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#late-fees").CountAsync());
        await page.GotoAsync(new Uri(world.Closeout.BaseAddress, $"/receivables/clients/{Uri.EscapeDataString(owing.ClientId)}?account={Uri.EscapeDataString(world.AccountId)}").ToString());
        Assert.Contains("/denied", page.Url, StringComparison.Ordinal);
        using var api = await technician.GetAsync($"/api/receivables/late-fees?account={Uri.EscapeDataString(world.AccountId)}");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
    }
}
