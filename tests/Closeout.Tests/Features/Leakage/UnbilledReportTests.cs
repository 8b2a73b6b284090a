using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;
using Closeout.Features.Leakage;
using Closeout.Features.Processing;
using Closeout.Infrastructure.Jobber;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Closeout.Tests.Features.Leakage;

/// <summary>
/// A seeded sandbox month with planted leaks: an invoice the office sent with a line zeroed, an invoice the office wrote
/// itself without the draft's priciest item, a draft approved and never sent, one sent in full, and every other job of the
/// month completed and never invoiced. The report must find each one with its dollars, in JSON, CSV and PDF.
/// </summary>
public abstract class UnbilledReportTests
{
    protected abstract Provider Provider { get; }

    [Fact]
    public async Task The_month_report_finds_every_planted_unbilled_job_and_under_billed_invoice_with_its_dollars()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "cascade");
        var sandboxJobs = await pipeline.Sandbox.JobsAsync();
        var accountId = sandboxJobs[0].AccountId;
        var folder = new BusinessFolder(pipeline.Folders[accountId]);
        var business = LoadedBusiness.Load(folder);
        var zone = business.Policy.TimeZone;

        // The busiest month of the business's jobs/ that no history job completed in (those were invoiced long ago).
        var historyMonths = business.History.Select(c => CompletedAt(c, zone)).OfType<DateTimeOffset>().Select(Month).ToHashSet();
        var cases = DatasetReader.ReadCases(folder.JobsPath).Where(c => CompletedAt(c, zone) is not null).ToList();
        var month = cases.GroupBy(c => Month(CompletedAt(c, zone)!.Value)).Where(g => !historyMonths.Contains(g.Key)).OrderByDescending(g => g.Count()).First().Key;
        var inMonth = cases.Where(c => Month(CompletedAt(c, zone)!.Value) == month)
            .Select(c => (Case: c, Job: sandboxJobs.Single(j => j.JobNumber == c.Job.JobNumber), Draft: pipeline.EngineDraft(accountId, c.Job.JobNumber!.Value)))
            .ToList();
        var plantable = inMonth.Where(x => x.Draft.Lines.GroupBy(l => l.ItemId).Count(g => g.Count() == 1) >= 2).ToList();
        Assert.True(plantable.Count >= 4, "the month needs four jobs with two single-line items to plant leaks in");
        var (zeroed, full, approved, ownInvoice) = (plantable[0], plantable[1], plantable[2], plantable[3]);

        // Closeout drafts three jobs and writes their invoices; the office zeroes one line and sends, sends one as drafted,
        // and one draft is approved in Closeout but never sent.
        foreach (var planted in new[] { zeroed, full, approved })
        {
            await pipeline.Sandbox.CompleteJobAsync(planted.Job.Id);
            await pipeline.Closeout.WaitForInvoicedDraftAsync(planted.Job.Id);
        }

        var zeroedInvoice = (await pipeline.Sandbox.InvoicesAsync(zeroed.Job.Id)).Single();
        var zeroedItem = Priciest(zeroed.Draft);
        var zeroedLine = zeroedInvoice.Lines.Single(l => l.CatalogItemId == zeroedItem.ItemId);
        await pipeline.Sandbox.GraphQLAsync(accountId,
            "mutation($id: EncodedId!, $input: InvoiceEditLineItemsInput!) { invoiceEditLineItems(invoiceId: $id, input: $input) { userErrors { message } } }",
            new { id = zeroedInvoice.Id, input = new { lineItems = new[] { new { lineItemId = zeroedLine.Id, quantity = 0.0 } } } });
        await pipeline.Sandbox.SendInvoiceAsync(accountId, zeroedInvoice.Id);
        await pipeline.Sandbox.SendInvoiceAsync(accountId, (await pipeline.Sandbox.InvoicesAsync(full.Job.Id)).Single().Id);
        await pipeline.Closeout.Services.GetRequiredService<IAuditTrail>().AppendAsync(
            new AuditEntry(accountId, DraftAudit.Subject(approved.Job.Id), "draft.approved", "manager@example.test"), CancellationToken.None);

        // The office invoices a job Closeout never drafted, itself, leaving out the draft's priciest item, and sends it.
        var leftOut = Priciest(ownInvoice.Draft);
        var officeDraft = ownInvoice.Draft with { Lines = ownInvoice.Draft.Lines.Where(l => l.ItemId != leftOut.ItemId).ToList() };
        var created = await pipeline.Sandbox.GraphQLAsync(accountId, GraphQLDocuments.CreateInvoice,
            new { input = InvoiceInput.From(ownInvoice.Job.ClientId, ownInvoice.Job.Id, officeDraft, business.Catalog) });
        await pipeline.Sandbox.SendInvoiceAsync(accountId, created["invoiceCreate"]!["invoice"]!["id"]!.GetValue<string>());

        var report = (await pipeline.Closeout.Http.GetFromJsonAsync<UnbilledReport>(
            $"/api/leakage/{Uri.EscapeDataString(accountId)}/report?month={month}", DraftDocument.JsonOptions))!;

        Assert.Equal(inMonth.Count, report.JobsCompleted);
        var byJob = report.Entries.ToDictionary(e => e.JobId);
        Assert.Equal(report.Entries.Count, byJob.Count);

        var zeroedEntry = byJob[zeroed.Job.Id];
        Assert.Equal(UnbilledKind.UnderBilled, zeroedEntry.Kind);
        Assert.Equal(zeroedItem.Total, zeroedEntry.Amount);
        Assert.Equal([(zeroedItem.ItemId, zeroedItem.Quantity, 0m)], zeroedEntry.Lines.Select(l => (l.ItemId, l.DraftQuantity, l.InvoicedQuantity)));

        var ownEntry = byJob[ownInvoice.Job.Id];
        Assert.Equal(UnbilledKind.UnderBilled, ownEntry.Kind);
        Assert.Equal(leftOut.Total, ownEntry.Amount);
        Assert.False(ownEntry.Drafted);

        Assert.Equal((UnbilledKind.ApprovedNotSent, approved.Draft.Subtotal), (byJob[approved.Job.Id].Kind, byJob[approved.Job.Id].Amount));
        Assert.DoesNotContain(full.Job.Id, byJob.Keys);

        var neverInvoiced = inMonth.Where(x => x.Job.Id != zeroed.Job.Id && x.Job.Id != full.Job.Id && x.Job.Id != approved.Job.Id && x.Job.Id != ownInvoice.Job.Id && x.Draft.Subtotal > 0).ToList();
        Assert.Equal(
            neverInvoiced.Select(x => (x.Job.Id, UnbilledKind.NotInvoiced, x.Draft.Subtotal)).OrderBy(x => x.Id, StringComparer.Ordinal),
            report.Entries.Where(e => e.Kind == UnbilledKind.NotInvoiced).Select(e => (e.JobId, e.Kind, e.Amount)).OrderBy(x => x.JobId, StringComparer.Ordinal));
        Assert.All(report.Entries.Where(e => e.Kind == UnbilledKind.NotInvoiced), e => Assert.Equal((int)Math.Floor((report.AsOf - e.CompletedAt).TotalDays), e.AgeDays));

        var total = zeroedItem.Total + leftOut.Total + approved.Draft.Subtotal + neverInvoiced.Sum(x => x.Draft.Subtotal);
        Assert.Equal(total, report.Totals.Total);
        Assert.Equal(zeroedItem.Total + leftOut.Total, report.Totals.UnderBilled);
        foreach (var dimension in new[] { report.ByWeek, report.ByTechnician, report.ByServiceLine, report.ByClient })
        {
            Assert.Equal(total, dimension.Sum(b => b.Total));
        }

        // The three sent invoices read for the report were learned by the account's history miner.
        var advisors = pipeline.Closeout.Services.GetRequiredService<LeakageAdvisors>();
        var account = (await pipeline.Closeout.Services.GetRequiredService<Closeout.Features.Accounts.AccountStore>().FindAsync(accountId, CancellationToken.None))!;
        Assert.Equal(business.History.Count + 3, advisors.For(account)!.Miner.Invoices);

        // CSV: a row per job with its amount.
        var csv = await pipeline.Closeout.Http.GetStringAsync($"/api/leakage/{Uri.EscapeDataString(accountId)}/report.csv?month={month}");
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(report.Entries.Count + 1, rows.Length);
        Assert.Contains(rows, r => r.StartsWith($"under_billed,{zeroed.Job.Id},", StringComparison.Ordinal) && r.Contains($",{UnbilledCsv.Money(zeroedItem.Total)},", StringComparison.Ordinal));

        // PDF: rendered, and its text carries the totals and each under-billed job with its amount.
        using var pdfResponse = await pipeline.Closeout.Http.GetAsync($"/api/leakage/{Uri.EscapeDataString(accountId)}/report.pdf?month={month}");
        Assert.Equal(HttpStatusCode.OK, pdfResponse.StatusCode);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        var text = PdfText(await pdfResponse.Content.ReadAsByteArrayAsync());
        Assert.Contains(Squash($"Slipping in all: {UnbilledPdf.Money(total)}"), text, StringComparison.Ordinal);
        Assert.Contains(Squash($"Invoiced for less than the draft: {UnbilledPdf.Money(zeroedItem.Total + leftOut.Total)} (2 invoices)"), text, StringComparison.Ordinal);
        Assert.Contains(Squash($"#{zeroed.Case.Job.JobNumber}"), text, StringComparison.Ordinal);
        Assert.Contains(Squash($"short {UnbilledPdf.Money(leftOut.Total)}"), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_charts_are_svg_with_a_bar_label_per_week()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "evergreen");
        var accountId = (await pipeline.Sandbox.AccountsAsync())[0].Id;
        var folder = new BusinessFolder(pipeline.Folders[accountId]);
        var zone = LoadedBusiness.Load(folder).Policy.TimeZone;
        var month = DatasetReader.ReadCases(folder.JobsPath).Select(c => CompletedAt(c, zone)).OfType<DateTimeOffset>().GroupBy(Month).OrderByDescending(g => g.Count()).First().Key;
        var report = (await pipeline.Closeout.Http.GetFromJsonAsync<UnbilledReport>($"/api/leakage/{Uri.EscapeDataString(accountId)}/report?month={month}", DraftDocument.JsonOptions))!;

        using var chart = await pipeline.Closeout.Http.GetAsync($"/api/leakage/{Uri.EscapeDataString(accountId)}/charts/week.svg?month={month}");
        using var unknown = await pipeline.Closeout.Http.GetAsync($"/api/leakage/{Uri.EscapeDataString(accountId)}/charts/planet.svg?month={month}");

        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
        var svg = System.Xml.Linq.XDocument.Parse(await chart.Content.ReadAsStringAsync());
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.NotEmpty(report.ByWeek);
        Assert.All(report.ByWeek, b => Assert.Contains(b.Key, svg.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_bad_month_or_an_unknown_account_is_a_problem_not_a_crash()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "evergreen");
        var accountId = (await pipeline.Sandbox.AccountsAsync())[0].Id;

        using var badMonth = await pipeline.Closeout.Http.GetAsync($"/api/leakage/{Uri.EscapeDataString(accountId)}/report?month=2026-13");
        using var unknown = await pipeline.Closeout.Http.GetAsync("/api/leakage/nope/report.csv");

        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    private static DraftLine Priciest(DraftInvoice draft) =>
        draft.Lines.GroupBy(l => l.ItemId).Where(g => g.Count() == 1).Select(g => g.Single()).OrderByDescending(l => l.Total).ThenBy(l => l.ItemId, StringComparer.Ordinal).First();

    private static DateTimeOffset? CompletedAt(DatasetCase @case, TimeZoneInfo zone)
    {
        var visits = @case.Job.Visits?.Items ?? [];
        return visits.Count > 0 && visits.All(v => v.CompletedAt is not null) ? TimeZoneInfo.ConvertTime(visits.Max(v => v.CompletedAt!.Value), zone) : null;
    }

    private static string Month(DateTimeOffset local) => local.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Squash(string.Concat(document.GetPages().Select(p => p.Text)));
    }

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}

public sealed class SqliteUnbilledReportTests : UnbilledReportTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresUnbilledReportTests : UnbilledReportTests
{
    protected override Provider Provider => Provider.Postgres;
}
