using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closeout.Features.Audit;
using Closeout.Features.Collections;
using Closeout.Infrastructure.Jobber;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// Late fees written to the real Jobber sandbox over loopback: once per invoice, even when Jobber's answer is lost (the write
/// happened) or the request never got there (it did not), and never where the rule says no.
/// </summary>
public sealed class LateFeeServiceTests
{
    internal static Dictionary<string, string?> FeesOn(LateFeeMode mode) => new()
    {
        ["Collections:LateFees:Enabled"] = "true",
        ["Collections:LateFees:Fixed"] = "25",
        ["Collections:LateFees:Percent"] = "1.5",
        ["Collections:LateFees:GraceDays"] = "7",
        ["Collections:LateFees:Mode"] = mode.ToString(),
    };

    [Theory]
    [InlineData(Provider.Sqlite, true)]
    [InlineData(Provider.Sqlite, false)]
    [InlineData(Provider.Postgres, true)]
    [InlineData(Provider.Postgres, false)]
    public async Task A_late_fee_line_reaches_Jobber_once_when_the_write_is_retried_and_the_pass_repeats(Provider provider, bool writeArrived)
    {
        var loss = new LostJobberAnswer();
        await using var world = await CollectionsWorld.StartAsync(provider, FeesOn(LateFeeMode.SeparateLine), null, loss.Install);
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 10);
        var before = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        var fee = Money.Cents(25m + (before.Balance * 1.5m / 100m));

        // First pass: the mutation is sent but the connection drops. The fee stays "writing", whether or not Jobber took it.
        loss.Lose("CloseoutLateFeeLine", delivered: writeArrived);
        var first = await Charger(world).RunAsync(CancellationToken.None);
        Assert.Equal(1, loss.Lost);
        Assert.Equal(0, first.Charged);
        Assert.Equal(LateFeeState.Writing, Assert.Single(await FeesAsync(world)).State);
        Assert.Equal(writeArrived ? 1 : 0, (await FeeLinesAsync(world, invoiceId)).Count);

        // The next passes find the line by its reference (or write it, if it never arrived), then leave it alone.
        var second = await Charger(world).RunAsync(CancellationToken.None);
        var third = await Charger(world).RunAsync(CancellationToken.None);
        Assert.Equal(writeArrived ? 1 : 0, second.Recovered);
        Assert.Equal(writeArrived ? 0 : 1, second.Charged);
        Assert.Equal(new FeeReport(0, 0, 0, 0, 0), third);

        var line = Assert.Single(await FeeLinesAsync(world, invoiceId));
        Assert.Equal(fee, line["unitPrice"]!.GetValue<decimal>());
        Assert.Equal(1m, line["quantity"]!.GetValue<decimal>());
        Assert.Contains($"invoice #{before.InvoiceNumber}", line["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var recorded = Assert.Single(await FeesAsync(world));
        Assert.Equal(LateFeeState.Charged, recorded.State);
        Assert.Equal(line["id"]!.GetValue<string>(), recorded.LineId);
        Assert.Equal(before.Balance, recorded.Basis);

        // Jobber's invoice now owes the fee too, and the ledger learns it from the webhook.
        await world.WaitForReceivableAsync(invoiceId, r => r.Balance == before.Balance + fee);

        // Audited, and shown to the office.
        var history = await world.Closeout.Services.GetRequiredService<IAuditTrail>().HistoryAsync(world.AccountId, LateFeeStore.Subject(invoiceId), CancellationToken.None);
        Assert.Equal(["late_fee.decided", "late_fee.charged"], history.Select(h => h.Entry.Action));
        var listed = Assert.Single((await world.Closeout.Http.GetFromJsonAsync<List<LateFeeView>>($"/api/receivables/late-fees?account={Uri.EscapeDataString(world.AccountId)}"))!);
        Assert.Equal(fee, listed.Amount);
        var page = await world.Closeout.Http.GetStringAsync($"/receivables?account={Uri.EscapeDataString(world.AccountId)}");
        Assert.Contains($"data-fee=\"{invoiceId}\" data-state=\"charged\"", page, StringComparison.Ordinal);
        Assert.Contains(Money.Format(fee), page, StringComparison.Ordinal);
        var clientPage = await world.Closeout.Http.GetStringAsync($"/receivables/clients/{Uri.EscapeDataString(before.ClientId)}?account={Uri.EscapeDataString(world.AccountId)}");
        Assert.Contains($"data-fee=\"{invoiceId}\"", clientPage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_late_fee_document_is_one_sent_invoice_for_the_client_naming_the_original_even_when_the_answer_is_lost(Provider provider)
    {
        var loss = new LostJobberAnswer();
        await using var world = await CollectionsWorld.StartAsync(provider, FeesOn(LateFeeMode.SeparateDocument), null, loss.Install);
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 10);
        var original = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        var fee = Money.Cents(25m + (original.Balance * 1.5m / 100m));

        loss.Lose("CloseoutLateFeeInvoice", delivered: true);
        var first = await Charger(world).RunAsync(CancellationToken.None);
        Assert.Equal(0, first.Charged);
        var second = await Charger(world).RunAsync(CancellationToken.None);
        var third = await Charger(world).RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), (second.Recovered, second.Charged));
        Assert.Equal(new FeeReport(0, 0, 0, 0, 0), third);

        var recorded = Assert.Single(await FeesAsync(world));
        Assert.Equal(LateFeeState.Charged, recorded.State);
        var documents = await ClientFeeInvoicesAsync(world, original.ClientId, recorded.Reference);
        var document = Assert.Single(documents);
        Assert.Equal(recorded.FeeInvoiceId, document["id"]!.GetValue<string>());
        Assert.Contains($"invoice #{original.InvoiceNumber}", document["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual("draft", document["invoiceStatus"]!.GetValue<string>());
        Assert.Equal(fee, document["total"]!.GetValue<decimal>());

        // The original is untouched, and the fee invoice, once the ledger has it, never draws a fee of its own.
        Assert.Empty(await FeeLinesAsync(world, invoiceId));
        await world.WaitForReceivableAsync(recorded.FeeInvoiceId!, r => r.Open);
        using (var aged = await world.Sandbox.Http.PostAsJsonAsync($"/sandbox/invoices/{Uri.EscapeDataString(recorded.FeeInvoiceId!)}/age", new { days = 30 }))
        {
            Assert.True(aged.IsSuccessStatusCode, await aged.Content.ReadAsStringAsync());
        }

        await world.Closeout.Services.GetRequiredService<ReceivableSync>().SyncInvoiceAsync(world.AccountId, recorded.FeeInvoiceId!, CancellationToken.None);
        await world.WaitForReceivableAsync(recorded.FeeInvoiceId!, r => r.Open && r.DueAt < TimeProvider.System.GetUtcNow().AddDays(-20));
        Assert.Equal(new FeeReport(0, 0, 0, 0, 0), await Charger(world).RunAsync(CancellationToken.None));
        var history = await world.Closeout.Services.GetRequiredService<IAuditTrail>().HistoryAsync(world.AccountId, LateFeeStore.Subject(invoiceId), CancellationToken.None);
        Assert.Equal(["late_fee.decided", "late_fee.invoice_created", "late_fee.charged"], history.Select(h => h.Entry.Action));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task No_fee_when_off_before_grace_on_a_disputed_invoice_or_on_a_plan_in_good_standing(Provider provider)
    {
        await using var world = await CollectionsWorld.StartAsync(provider);
        var late = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 10);
        var inGrace = await world.IssuedInvoiceAsync(1002, dueDaysAgo: 3);
        var disputed = await world.IssuedInvoiceAsync(1003, dueDaysAgo: 10);
        var onPlan = await world.IssuedInvoiceAsync(1004, dueDaysAgo: 10);
        foreach (var id in new[] { late, inGrace, disputed, onPlan })
        {
            await world.WaitForReceivableAsync(id, r => r.Open);
        }

        // Off by default: nothing, even on the invoice past its grace.
        Assert.Equal(new FeeReport(0, 0, 0, 0, 0), await Charger(world).RunAsync(CancellationToken.None));
        Assert.Empty(await FeesAsync(world));

        using (var dispute = await world.Closeout.Http.PostAsync($"/api/receivables/invoices/{Uri.EscapeDataString(disputed)}/dispute?account={Uri.EscapeDataString(world.AccountId)}", null))
        {
            dispute.EnsureSuccessStatusCode();
        }

        var planned = await world.WaitForReceivableAsync(onPlan, r => r.Open);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        using (var accept = await world.Closeout.Http.PostAsJsonAsync($"/api/receivables/invoices/{Uri.EscapeDataString(onPlan)}/plan?account={Uri.EscapeDataString(world.AccountId)}",
            new AcceptPlanRequest([new PlanInstalment(today.AddDays(5), Money.Cents(planned.Balance / 2)), new PlanInstalment(today.AddDays(35), planned.Balance - Money.Cents(planned.Balance / 2))])))
        {
            Assert.True(accept.IsSuccessStatusCode, await accept.Content.ReadAsStringAsync());
        }

        // On: only the invoice past its grace, neither disputed nor on a plan, is charged.
        world.Closeout.Services.GetRequiredService<IOptions<CollectionsOptions>>().Value.LateFees = new LateFeeSettings { Enabled = true, Fixed = 25m, Percent = 1.5m, GraceDays = 7 };
        var report = await Charger(world).RunAsync(CancellationToken.None);

        Assert.Equal(1, report.Charged);
        Assert.Equal(late, Assert.Single(await FeesAsync(world)).InvoiceId);
        Assert.Single(await FeeLinesAsync(world, late));
        foreach (var id in new[] { inGrace, disputed, onPlan })
        {
            Assert.Empty(await FeeLinesAsync(world, id));
        }
    }

    private static LateFeeCharger Charger(CollectionsWorld world) => world.Closeout.Services.GetRequiredService<LateFeeCharger>();

    private static Task<List<LateFeeRow>> FeesAsync(CollectionsWorld world) =>
        world.Closeout.Services.GetRequiredService<LateFeeStore>().FeesAsync(world.AccountId, null, CancellationToken.None);

    /// <summary>The invoice's lines in the sandbox that carry a late fee reference.</summary>
    private static async Task<List<JsonNode>> FeeLinesAsync(CollectionsWorld world, string invoiceId)
    {
        var data = await world.Sandbox.GraphQLAsync(world.AccountId,
            "query($id: EncodedId!) { invoice(id: $id) { lineItems(first: 100) { nodes { id name description quantity unitPrice } } } }", new { id = invoiceId });
        return [.. data["invoice"]!["lineItems"]!["nodes"]!.AsArray().Select(n => n!).Where(n => n["description"]!.GetValue<string>().Contains("Ref LF-", StringComparison.Ordinal))];
    }

    private static async Task<List<JsonNode>> ClientFeeInvoicesAsync(CollectionsWorld world, string clientId, string reference)
    {
        var data = await world.Sandbox.GraphQLAsync(world.AccountId,
            "query($id: EncodedId!) { client(id: $id) { invoices(first: 100) { nodes { id subject message invoiceStatus total } } } }", new { id = clientId });
        return [.. data["client"]!["invoices"]!["nodes"]!.AsArray().Select(n => n!).Where(n => n["message"]?.GetValue<string>()?.Contains(reference, StringComparison.Ordinal) == true)];
    }
}

/// <summary>
/// Drops the connection on one named Jobber operation, once: after the request reached the sandbox (the write happened, the
/// answer is lost) or before (nothing happened). Either way Closeout sees what a network failure looks like.
/// </summary>
internal sealed class LostJobberAnswer
{
    private string? _operation;
    private bool _delivered;

    public int Lost { get; private set; }

    public void Lose(string operation, bool delivered)
    {
        _operation = operation;
        _delivered = delivered;
    }

    public void Install(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.AddHttpClient(JobberExtensions.HttpClientName).AddHttpMessageHandler(() => new Handler(this));

    private sealed class Handler(LostJobberAnswer owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (owner._operation is { } operation && request.Content is not null
                && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains($"\"operationName\":\"{operation}\"", StringComparison.Ordinal))
            {
                owner._operation = null;
                owner.Lost++;
                if (owner._delivered)
                {
                    using var answer = await base.SendAsync(request, cancellationToken);
                    await answer.Content.ReadAsStringAsync(cancellationToken);
                }

                throw new HttpRequestException("The connection was reset (test: Jobber's answer is lost)");
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
