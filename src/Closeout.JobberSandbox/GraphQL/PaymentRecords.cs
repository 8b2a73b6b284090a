using System.Globalization;
using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.Webhooks;
using GraphQL;
using GraphQL.Utilities;

namespace Closeout.JobberSandbox.GraphQL;

internal sealed record PaymentRecordPayload(PaymentRecord? PaymentRecord, IReadOnlyList<UserError> UserErrors);

/// <summary>
/// Payments on invoices: invoiceCreatePaymentRecord (an offline payment recorded through the API, as Jobber's real
/// mutation takes it), paymentRecord(id), and the same write for a person recording a payment in Jobber (/sandbox).
/// Each lowers the invoice's balance, marks it paid at zero, and sends PAYMENT_CREATE and INVOICE_UPDATE.
/// </summary>
internal static class PaymentRecords
{
    public static void Bind(SchemaBuilder builder)
    {
        builder.Types.For("CashPaymentRecord").IsTypeOfFunc = o => o is PaymentRecord { PaymentType: "CASH" };
        builder.Types.For("CheckPaymentRecord").IsTypeOfFunc = o => o is PaymentRecord { PaymentType: "CHEQUE" };
        builder.Types.For("OtherPaymentRecord").IsTypeOfFunc = o => o is PaymentRecord { PaymentType: not ("CASH" or "CHEQUE") };
        builder.Types.For("Mutation").FieldFor("invoiceCreatePaymentRecord").Resolver = SandboxSchema.Resolve(ctx => Create(
            SandboxSchema.Context(ctx).Account, SandboxSchema.Context(ctx).Store, SandboxSchema.Context(ctx).Events, SandboxSchema.Context(ctx).Time,
            ctx.GetArgument<Dictionary<string, object?>>("input") ?? []));
    }

    public static PaymentRecordPayload Create(Account account, SandboxStore store, IWebhookEvents events, TimeProvider time, Dictionary<string, object?> input)
    {
        var errors = new List<UserError>();
        var invoice = account.FindInvoice(input.GetValueOrDefault("invoiceId") as string);
        if (invoice is null)
        {
            errors.Add(new UserError("Invoice not found", ["invoiceId"]));
        }

        var amount = input.GetValueOrDefault("amount") switch
        {
            double d => (decimal)d,
            int i => i,
            long l => l,
            decimal m => m,
            var other => other is null ? 0m : Convert.ToDecimal(other, CultureInfo.InvariantCulture),
        };
        if (amount <= 0)
        {
            errors.Add(new UserError("Amount must be greater than 0", ["amount"]));
        }

        if (errors.Count > 0)
        {
            return new PaymentRecordPayload(null, errors);
        }

        var details = input.GetValueOrDefault("paymentDetails") as Dictionary<string, object?> ?? [];
        var (type, detail) = details.GetValueOrDefault("cashPaymentDetails") is Dictionary<string, object?> cash ? ("CASH", cash)
            : details.GetValueOrDefault("checkPaymentDetails") is Dictionary<string, object?> check ? ("CHEQUE", check)
            : ("OTHER", details.GetValueOrDefault("otherPaymentDetails") as Dictionary<string, object?> ?? []);
        var record = new PaymentRecord(
            store.NewId("PaymentRecord"), input.GetValueOrDefault("adjustmentType")?.ToString() ?? "PAYMENT", Money.Round(amount),
            input.GetValueOrDefault("entryDate") as DateTimeOffset? ?? time.GetUtcNow(), null,
            detail.GetValueOrDefault("details") as string, type, input.GetValueOrDefault("paymentOrigin")?.ToString() ?? "API_ORIGIN",
            detail.GetValueOrDefault("checkNumber") as string)
        { Invoice = invoice };
        invoice!.PaymentRecords.Add(record);
        if (invoice.Amounts.InvoiceBalance <= 0)
        {
            invoice.InvoiceStatus = "paid";
        }

        invoice.RefreshStatus(time.GetUtcNow());
        invoice.UpdatedAt = time.GetUtcNow();
        events.Publish(account, WebhookTopic.PaymentCreate, record.Id);
        events.Publish(account, WebhookTopic.InvoiceUpdate, invoice.Id);
        return new PaymentRecordPayload(record, errors);
    }
}
