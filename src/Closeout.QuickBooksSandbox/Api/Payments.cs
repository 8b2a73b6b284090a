using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Company;
using Closeout.QuickBooksSandbox.Webhooks;
using static Closeout.QuickBooksSandbox.Api.EntityNames;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>
/// Payments and what they do to invoices: each line applies an Amount to one invoice (LinkedTxn), which lowers
/// that invoice's Balance and lists the payment in its LinkedTxn; UnappliedAmt = TotalAmt − the applied amounts.
/// </summary>
internal static class Payments
{
    public static IEnumerable<(string InvoiceId, decimal Amount)> Applications(JsonObject payment)
    {
        foreach (var line in (payment["Line"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var amount = Qbo.Decimal(line["Amount"]) ?? 0;
            foreach (var link in (line["LinkedTxn"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (string.Equals(Qbo.Text(link["TxnType"]), Invoice, StringComparison.OrdinalIgnoreCase) && Qbo.Text(link["TxnId"]) is { } id)
                {
                    yield return (id, amount);
                }
            }
        }
    }

    public static decimal AppliedTo(Realm realm, string invoiceId, string? exceptPayment) =>
        realm.All(Payment).Where(p => Qbo.Id(p) != exceptPayment)
            .SelectMany(Applications).Where(a => a.InvoiceId == invoiceId).Sum(a => a.Amount);

    public static JsonArray LinksTo(Realm realm, string invoiceId) =>
        new([.. realm.All(Payment)
            .Where(p => Applications(p).Any(a => a.InvoiceId == invoiceId && a.Amount != 0))
            .OrderBy(p => long.Parse(Qbo.Id(p)!, System.Globalization.CultureInfo.InvariantCulture))
            .Select(p => (JsonNode)new JsonObject { ["TxnId"] = Qbo.Id(p), ["TxnType"] = Payment })]);

    public static Fault? Prepare(WriteContext context, JsonObject payment, JsonObject? existing)
    {
        var (customer, customerFault) = Lists.CustomerOf(context, payment);
        if (customer is null)
        {
            return customerFault;
        }

        var customerId = Qbo.Id(customer);
        if (Qbo.Decimal(payment["TotalAmt"]) is not { } total)
        {
            return Fault.RequiredMissing("TotalAmt");
        }

        if (total < 0 || Qbo.Round2(total) != total)
        {
            return Fault.Business($"TotalAmt {total} must be a non-negative amount in cents", "TotalAmt");
        }

        var lines = new JsonArray();
        var taken = new Dictionary<string, decimal>(StringComparer.Ordinal);
        decimal applied = 0;
        foreach (var node in payment["Line"] as JsonArray ?? [])
        {
            if (node is not JsonObject line || Qbo.Decimal(line["Amount"]) is not { } amount)
            {
                return Fault.RequiredMissing("Line.Amount");
            }

            if (amount <= 0 || Qbo.Round2(amount) != amount)
            {
                return Fault.Business($"Line amount {amount} must be positive and in cents", "Line.Amount");
            }

            if (line["LinkedTxn"] is not JsonArray { Count: 1 } links || links[0] is not JsonObject link || Qbo.Text(link["TxnId"]) is not { } invoiceId)
            {
                return Fault.RequiredMissing("Line.LinkedTxn");
            }

            if (!string.Equals(Qbo.Text(link["TxnType"]), Invoice, StringComparison.OrdinalIgnoreCase))
            {
                return Fault.Business($"The sandbox applies payments to invoices only, not {Qbo.Text(link["TxnType"])}", "Line.LinkedTxn.TxnType");
            }

            var invoice = context.Lookup(Invoice, invoiceId);
            if (invoice is null)
            {
                return Fault.InvalidReference("Line.LinkedTxn.TxnId", invoiceId);
            }

            if (Qbo.RefValue(invoice, "CustomerRef") != customerId)
            {
                return Fault.Business($"Invoice {invoiceId} belongs to another customer", "Line.LinkedTxn.TxnId");
            }

            var open = (Qbo.Decimal(invoice["TotalAmt"]) ?? 0) - AppliedTo(context.Realm, invoiceId, Qbo.Id(existing)) - taken.GetValueOrDefault(invoiceId);
            if (amount > open)
            {
                return Fault.Business($"The amount {amount} applied to invoice {invoiceId} is more than its open balance {open}", "Line.Amount");
            }

            taken[invoiceId] = taken.GetValueOrDefault(invoiceId) + amount;
            applied += amount;
            lines.Add(new JsonObject
            {
                ["Amount"] = Qbo.Number(amount),
                ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = invoiceId, ["TxnType"] = Invoice }),
            });
        }

        if (applied > total)
        {
            return Fault.Business($"The applied amounts ({applied}) exceed the payment's TotalAmt ({total})", "TotalAmt");
        }

        payment["Line"] = lines;
        payment["TotalAmt"] = Qbo.Number(total);
        payment["UnappliedAmt"] = Qbo.Number(total - applied);
        payment["TxnDate"] ??= context.Realm.Today(context.Now);
        payment["CurrencyRef"] ??= Qbo.Ref("USD", "United States Dollar");
        payment["ProcessPayment"] ??= false;
        if (payment["DepositToAccountRef"] is null
            && context.Realm.All(Account).FirstOrDefault(a => Qbo.Text(a["AccountSubType"]) == "UndepositedFunds") is { } undeposited)
        {
            payment["DepositToAccountRef"] = Qbo.Ref(Qbo.Id(undeposited)!, Qbo.Text(undeposited["Name"]));
        }

        return null;
    }

    /// <summary>A voided payment keeps its record with every amount at 0, applied to nothing.</summary>
    public static void Void(JsonObject payment)
    {
        payment["TotalAmt"] = 0;
        payment["UnappliedAmt"] = 0;
        payment["Line"] = new JsonArray();
        var note = Qbo.Text(payment["PrivateNote"]);
        payment["PrivateNote"] = string.IsNullOrEmpty(note) ? "Voided" : $"Voided {note}";
    }

    /// <summary>Brings the named invoices' Balance and LinkedTxn in line with the payments; a changed invoice gets a new SyncToken.</summary>
    public static void Reconcile(WriteContext context, IEnumerable<string> invoiceIds)
    {
        foreach (var id in invoiceIds.Distinct(StringComparer.Ordinal))
        {
            if (context.Realm.Find(Invoice, id) is not { } invoice)
            {
                continue;
            }

            var balance = Qbo.Number((Qbo.Decimal(invoice["TotalAmt"]) ?? 0) - AppliedTo(context.Realm, id, exceptPayment: null));
            var links = LinksTo(context.Realm, id);
            if (JsonNode.DeepEquals(balance, invoice["Balance"]) && JsonNode.DeepEquals(links, invoice["LinkedTxn"]))
            {
                continue;
            }

            invoice["Balance"] = balance;
            invoice["LinkedTxn"] = links;
            context.Touch(invoice, Invoice, Operations.Update);
        }
    }
}
