using System.Net;
using System.Net.Http.Json;
using Closeout.Features.Collections;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using UglyToad.PdfPig;

namespace Closeout.Tests.Features.Collections;

/// <summary>Getting paid end to end: Jobber sandbox webhooks, the ledger, the cycle, a real SMTP server and a local Twilio.</summary>
public sealed class ReminderServiceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Reminders_go_by_email_and_sms_and_a_payment_in_the_sandbox_cancels_the_rest_within_one_cycle(Provider provider)
    {
        await using var world = await CollectionsWorld.StartAsync(provider);
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 7);
        var receivable = await world.WaitForReceivableAsync(invoiceId, r => r.Open);

        var first = await world.Cycle.RunAsync(CancellationToken.None);

        // The +7 step (email and text) goes; the steps before it are superseded, not sent as a backlog.
        Assert.Equal(2, first.Sent);
        var email = Assert.Single(world.Smtp.Messages);
        var text = Assert.Single(world.Twilio.Messages);
        var payLink = $"https://clienthub.example/pay/{Uri.EscapeDataString(invoiceId)}?src=reminder&v=1";
        var amount = Money.Format(receivable.Balance);
        Assert.Contains(amount, text.Body, StringComparison.Ordinal);
        Assert.Contains(payLink, text.Body, StringComparison.Ordinal);
        Assert.Contains("Reply STOP", text.Body, StringComparison.Ordinal);
        Assert.Contains(amount, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(payLink, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("12 Water St, Portland OR 97201", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("/collections/opt-out?account=", email.TextBody, StringComparison.Ordinal);
        var pdf = Assert.Single(email.Attachments.OfType<MimePart>());
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        using (var bytes = new MemoryStream())
        {
            await pdf.Content!.DecodeToAsync(bytes);
            using var document = PdfDocument.Open(bytes.ToArray());
            var pdfText = string.Join("\n", document.GetPages().Select(p => p.Text));
            Assert.Contains($"Amount due: {amount}", pdfText, StringComparison.Ordinal);
            Assert.Contains("Pay online:", pdfText, StringComparison.Ordinal);
            Assert.Contains($"Invoice {receivable.InvoiceNumber}", pdfText, StringComparison.Ordinal);
        }

        // Twilio's signed status callbacks are accepted and recorded on the delivery.
        await Until(() => world.Twilio.CallbackResults.Count >= 2);
        Assert.All(world.Twilio.CallbackResults, c => Assert.Equal((int)HttpStatusCode.NoContent, c.Status));
        var client = receivable.ClientId;
        var history = (await world.Closeout.Http.GetFromJsonAsync<List<MessageView>>($"/api/receivables/clients/{Uri.EscapeDataString(client)}/messages?account={Uri.EscapeDataString(world.AccountId)}"))!;
        Assert.Contains(history, m => m.Channel == ReminderChannel.Sms && m.State == DeliveryState.Sent && m.ProviderStatus == "delivered");
        Assert.Contains(history, m => m.Channel == ReminderChannel.Email && m.State == DeliveryState.Sent);

        // The final step is still ahead, with its reasons.
        var upcoming = await world.UpcomingAsync();
        Assert.True(upcoming.Exists(u => u.InvoiceId == invoiceId && u.Tone == Tone.Final && u.Why.Count > 0), System.Text.Json.JsonSerializer.Serialize(upcoming));

        await world.RecordPaymentAsync(invoiceId, receivable.Balance);
        await world.WaitForReceivableAsync(invoiceId, r => r.Status == ReceivableStatus.Paid);
        var afterPayment = await world.Cycle.RunAsync(CancellationToken.None);

        Assert.Equal(0, afterPayment.Sent);
        Assert.DoesNotContain(await world.UpcomingAsync(), u => u.InvoiceId == invoiceId);
        Assert.Single(world.Smtp.Messages);
        Assert.Single(world.Twilio.Messages);
    }

    [Fact]
    public async Task A_payment_the_webhooks_missed_still_stops_the_send_at_the_last_moment()
    {
        await using var world = await CollectionsWorld.StartAsync(Provider.Sqlite);
        await world.MissInvoiceWebhooksAsync();
        var invoiceId = await world.IssuedInvoiceAsync(1002, dueDaysAgo: 7);
        await world.Closeout.Services.GetRequiredService<ReminderWorker>().SweepAsync(CancellationToken.None);
        var receivable = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        Assert.Contains(await world.UpcomingAsync(), u => u.InvoiceId == invoiceId);

        // Paid in Jobber; no webhook reaches Closeout, whose ledger still says open.
        await world.RecordPaymentAsync(invoiceId, receivable.Balance);
        var report = await world.Cycle.RunAsync(CancellationToken.None);

        Assert.Equal(0, report.Sent);
        Assert.True(report.Stopped >= 1);
        Assert.Empty(world.Smtp.Messages);
        Assert.Empty(world.Twilio.Messages);
        await world.WaitForReceivableAsync(invoiceId, r => r.Status == ReceivableStatus.Paid);
    }

    [Fact]
    public async Task Stop_is_honoured_at_once_confirmed_once_and_forged_twilio_calls_are_refused()
    {
        await using var world = await CollectionsWorld.StartAsync(Provider.Sqlite);
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 7);
        var receivable = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        var clients = await world.Closeout.Services.GetRequiredService<CollectionsStore>().ClientsAsync(world.AccountId, CancellationToken.None);
        var phone = clients.Single(c => c.Contact.ClientId == receivable.ClientId).Contact.Phone!;
        var inbound = new Uri(world.Closeout.BaseAddress, "/webhooks/twilio/inbound");
        var stop = new Dictionary<string, string> { ["From"] = phone, ["To"] = TwilioFake.From, ["Body"] = "Stop", ["MessageSid"] = "SM1" };

        using (var forged = await world.Twilio.PostSignedAsync(inbound, stop, forgedSignature: "bm90IGEgc2lnbmF0dXJl"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        using (var tampered = await world.Twilio.PostSignedAsync(new Uri(world.Closeout.BaseAddress, "/webhooks/twilio/status"),
            new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered" }, TwilioFake.Sign(TwilioFake.AuthToken, inbound.ToString(), stop)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        }

        using (var first = await world.Twilio.PostSignedAsync(inbound, stop))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Contains("<Message>", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var second = await world.Twilio.PostSignedAsync(inbound, new Dictionary<string, string>(stop) { ["Body"] = "UNSUBSCRIBE" }))
        {
            Assert.Equal("<Response/>", await second.Content.ReadAsStringAsync());
        }

        var report = await world.Cycle.RunAsync(CancellationToken.None);

        Assert.Equal(1, report.Sent);
        Assert.Single(world.Smtp.Messages);
        Assert.Empty(world.Twilio.Messages);
        var upcoming = await world.UpcomingAsync();
        Assert.DoesNotContain(upcoming, u => u.InvoiceId == invoiceId && u.Channel is ReminderChannel.Sms or ReminderChannel.Both);
    }

    [Fact]
    public async Task A_text_the_carrier_could_not_deliver_goes_by_email_on_the_next_cycle()
    {
        await using var world = await CollectionsWorld.StartAsync(Provider.Sqlite, new Dictionary<string, string?>
        {
            ["Collections:Cadence:0:DayOffset"] = "0",
            ["Collections:Cadence:0:Channel"] = "Sms",
            ["Collections:Cadence:0:Tone"] = "Friendly",
            ["Collections:Cadence:0:Template"] = "due-today",
        });
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 0);
        var receivable = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        var clients = await world.Closeout.Services.GetRequiredService<CollectionsStore>().ClientsAsync(world.AccountId, CancellationToken.None);
        world.Twilio.Undeliverable[clients.Single(c => c.Contact.ClientId == receivable.ClientId).Contact.Phone!] = true;

        var first = await world.Cycle.RunAsync(CancellationToken.None);
        var rows = await world.Closeout.Services.GetRequiredService<CollectionsStore>().DeliveriesAsync(world.AccountId, invoiceId, null, CancellationToken.None);
        Assert.True(first.Sent == 1, $"{first} {System.Text.Json.JsonSerializer.Serialize(rows)} {System.Text.Json.JsonSerializer.Serialize(await world.UpcomingAsync())}");
        Assert.Single(world.Twilio.Messages);
        Assert.Empty(world.Smtp.Messages);
        await Until(() => world.Twilio.CallbackResults.Count >= 2);

        var second = await world.Cycle.RunAsync(CancellationToken.None);

        var after = await world.Closeout.Services.GetRequiredService<CollectionsStore>().DeliveriesAsync(world.AccountId, invoiceId, null, CancellationToken.None);
        Assert.True(second.Sent == 1, $"{second} {System.Text.Json.JsonSerializer.Serialize(after)} {string.Join(",", world.Twilio.CallbackResults)}");
        var email = Assert.Single(world.Smtp.Messages);
        Assert.Contains(Money.Format(receivable.Balance), email.TextBody, StringComparison.Ordinal);
        var history = (await world.Closeout.Http.GetFromJsonAsync<List<MessageView>>($"/api/receivables/clients/{Uri.EscapeDataString(receivable.ClientId)}/messages?account={Uri.EscapeDataString(world.AccountId)}"))!;
        Assert.Contains(history, m => m.Channel == ReminderChannel.Sms && m.State == DeliveryState.Failed && m.ProviderStatus == "undelivered");
        Assert.Contains(history, m => m.Channel == ReminderChannel.Email && m.State == DeliveryState.Sent && m.Why.Contains("Sms failed", StringComparison.Ordinal));
        Assert.Equal(0, (await world.Cycle.RunAsync(CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task Under_an_accepted_plan_reminders_chase_the_current_instalment_and_payments_move_it_on()
    {
        await using var world = await CollectionsWorld.StartAsync(Provider.Sqlite);
        var invoiceId = await world.IssuedInvoiceAsync(1001, dueDaysAgo: 10);
        var receivable = await world.WaitForReceivableAsync(invoiceId, r => r.Open);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var first = Money.Cents(receivable.Balance / 2);
        var plan = new AcceptPlanRequest([new PlanInstalment(today.AddDays(-3), first), new PlanInstalment(today.AddDays(27), receivable.Balance - first)]);
        var query = $"?account={Uri.EscapeDataString(world.AccountId)}";

        using (var wrong = await world.Closeout.Http.PostAsJsonAsync($"/api/receivables/invoices/{Uri.EscapeDataString(invoiceId)}/plan{query}", new AcceptPlanRequest([new PlanInstalment(today, 1m)])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using (var accepted = await world.Closeout.Http.PostAsJsonAsync($"/api/receivables/invoices/{Uri.EscapeDataString(invoiceId)}/plan{query}", plan))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var report = await world.Cycle.RunAsync(CancellationToken.None);

        Assert.True(report.Sent >= 1);
        var email = Assert.Single(world.Smtp.Messages);
        Assert.Contains(Money.Format(first), email.TextBody, StringComparison.Ordinal);
        Assert.Contains("instalment 1", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Money.Format(receivable.Balance), email.TextBody, StringComparison.Ordinal);

        await world.RecordPaymentAsync(invoiceId, first);
        await world.WaitForReceivableAsync(invoiceId, r => r.Balance == receivable.Balance - first);
        var afterPayment = await world.Cycle.RunAsync(CancellationToken.None);

        Assert.Equal(0, afterPayment.Sent);
        var upcoming = (await world.UpcomingAsync()).Where(u => u.InvoiceId == invoiceId).ToList();
        Assert.NotEmpty(upcoming);
        Assert.All(upcoming, u => Assert.Contains("/i2/", u.ReminderId, StringComparison.Ordinal));
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Bound;
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "timed out");
            await Task.Delay(25);
        }
    }
}
