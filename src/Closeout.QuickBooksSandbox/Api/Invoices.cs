using System.Text.Json.Nodes;
using static Closeout.QuickBooksSandbox.Api.EntityNames;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>
/// What QuickBooks computes on an invoice: line amounts (Qty × UnitPrice to the cent, 6070 or back-computed
/// UnitPrice on a mismatch), the appended SubTotal line, tax (US model: TAX/NON per line, the transaction's tax
/// group applied to the taxable subtotal, each rate rounded once), TotalAmt and Balance.
/// </summary>
internal static class Invoices
{
    private const int MaxTaxableLines = 750;
    private const int MaxDocNumberLength = 21;

    public static Fault? Prepare(WriteContext context, JsonObject invoice, JsonObject? existing, QuickBooksSandboxOptions options)
    {
        var (customer, customerFault) = Lists.CustomerOf(context, invoice);
        if (customer is null)
        {
            return customerFault;
        }

        var lines = new JsonArray();
        decimal subtotal = 0, taxable = 0;
        foreach (var node in invoice["Line"] as JsonArray ?? [])
        {
            if (node is not JsonObject line)
            {
                return Fault.Business("Each Line must be an object", "Line");
            }

            var detailType = Qbo.Text(line["DetailType"]);
            switch (detailType)
            {
                case "SubTotalLineDetail":
                    continue;
                case "DescriptionOnly":
                    var description = (JsonObject)line.DeepClone();
                    Number(description, lines.Count + 1);
                    lines.Add(description);
                    continue;
                case "SalesItemLineDetail":
                    var (fault, sales, taxed) = SalesLine(context, line, lines.Count + 1, options.AmountMismatch);
                    if (fault is not null)
                    {
                        return fault;
                    }

                    lines.Add(sales);
                    var amount = Qbo.Decimal(sales!["Amount"])!.Value;
                    subtotal += amount;
                    taxable += taxed ? amount : 0;
                    continue;
                case "DiscountLineDetail" or "GroupLineDetail":
                    return Fault.Business($"{detailType} lines are not emulated by the sandbox", "Line.DetailType");
                case null:
                    return Fault.RequiredMissing("Line.DetailType");
                default:
                    return Fault.InvalidEnumeration("Line.DetailType", detailType);
            }
        }

        if (lines.Count == 0)
        {
            return Fault.RequiredMissing("Line");
        }

        if (taxable > 0 && lines.Count > MaxTaxableLines)
        {
            return Fault.Business($"A taxable invoice may have at most {MaxTaxableLines} lines", "Line");
        }

        var taxDetail = invoice["TxnTaxDetail"] as JsonObject;
        var taxCodeId = Qbo.RefValue(taxDetail, "TxnTaxCodeRef") ?? Qbo.RefValue(customer, "DefaultTaxCodeRef");
        var explicitTax = context.Realm.AutomatedSalesTax ? Qbo.Decimal(taxDetail?["TotalTax"]) : null;
        var (taxFault, txnTaxDetail, totalTax) = Tax(context, taxCodeId, taxable, explicitTax);
        if (taxFault is not null)
        {
            return taxFault;
        }

        lines.Add(new JsonObject { ["Amount"] = Qbo.Number(subtotal), ["DetailType"] = "SubTotalLineDetail", ["SubTotalLineDetail"] = new JsonObject() });
        invoice["Line"] = lines;
        invoice["TxnTaxDetail"] = txnTaxDetail;
        var total = subtotal + totalTax;
        invoice["TotalAmt"] = Qbo.Number(total);

        var id = existing is null ? null : Qbo.Id(existing);
        var applied = id is null ? 0 : Payments.AppliedTo(context.Realm, id, exceptPayment: null);
        if (applied > total)
        {
            return Fault.Business($"The invoice total {total} is less than the {applied} of payments applied to it", "TotalAmt");
        }

        invoice["Balance"] = Qbo.Number(total - applied);
        invoice["LinkedTxn"] = id is null ? new JsonArray() : Payments.LinksTo(context.Realm, id);
        invoice["Deposit"] = 0;

        var docFault = DocNumber(context, invoice, id, options);
        if (docFault is not null)
        {
            return docFault;
        }

        var today = context.Realm.Today(context.Now);
        invoice["TxnDate"] ??= today;
        invoice["DueDate"] ??= Qbo.Text(invoice["TxnDate"]);
        invoice["CurrencyRef"] ??= Qbo.Ref("USD", "United States Dollar");
        invoice["BillAddr"] ??= customer["BillAddr"]?.DeepClone();
        invoice["ShipAddr"] ??= customer["ShipAddr"]?.DeepClone();
        invoice["BillEmail"] ??= customer["PrimaryEmailAddr"]?.DeepClone();
        invoice["EmailStatus"] ??= "NotSet";
        invoice["PrintStatus"] ??= "NotSet";
        return null;
    }

    /// <summary>Voiding keeps the lines but drops every amount to 0 and prepends "Voided" to PrivateNote.</summary>
    public static void Void(JsonObject invoice)
    {
        foreach (var line in (invoice["Line"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (line.ContainsKey("Amount"))
            {
                line["Amount"] = 0;
            }

            if (line["SalesItemLineDetail"] is JsonObject detail && detail.ContainsKey("Qty"))
            {
                detail["Qty"] = 0;
            }
        }

        if (invoice["TxnTaxDetail"] is JsonObject tax)
        {
            tax["TotalTax"] = 0;
            foreach (var taxLine in (tax["TaxLine"] as JsonArray ?? []).OfType<JsonObject>())
            {
                taxLine["Amount"] = 0;
            }
        }

        invoice["TotalAmt"] = 0;
        invoice["Balance"] = 0;
        var note = Qbo.Text(invoice["PrivateNote"]);
        invoice["PrivateNote"] = string.IsNullOrEmpty(note) ? "Voided" : $"Voided {note}";
    }

    private static (Fault? Fault, JsonObject? Line, bool Taxable) SalesLine(WriteContext context, JsonObject line, int number, AmountMismatch mismatch)
    {
        if (line["SalesItemLineDetail"] is not JsonObject detail)
        {
            return (Fault.RequiredMissing("Line.SalesItemLineDetail"), null, false);
        }

        var itemId = Qbo.RefValue(detail, "ItemRef");
        if (itemId is null)
        {
            return (Fault.RequiredMissing("Line.SalesItemLineDetail.ItemRef"), null, false);
        }

        var item = context.Lookup(Item, itemId);
        if (item is null)
        {
            return (Fault.InvalidReference("Line.SalesItemLineDetail.ItemRef", itemId), null, false);
        }

        if (Qbo.Bool(item["Active"]) == false)
        {
            return (Lists.Inactive("Line.SalesItemLineDetail.ItemRef"), null, false);
        }

        var amount = Qbo.Decimal(line["Amount"]);
        var price = Qbo.Decimal(detail["UnitPrice"]);
        var qty = Qbo.Decimal(detail["Qty"]);
        if (price is null && amount is null)
        {
            price = Qbo.Decimal(item["UnitPrice"]) ?? 0;
        }

        qty ??= amount is not null && price is not null && price != 0 ? Qbo.Round5(amount.Value / price.Value) : 1;
        price ??= qty != 0 ? Qbo.Round5(amount!.Value / qty.Value) : 0;
        var expected = Qbo.Round2(qty.Value * price.Value);
        if (amount is null)
        {
            amount = expected;
        }
        else if (amount.Value != expected)
        {
            if (mismatch == AmountMismatch.Reject)
            {
                return (Fault.Validation("6070", "Amount is not equal to UnitPrice * Qty", $"Amount is not equal to UnitPrice * Qty. Supplied value:{amount.Value}, expected {expected}", "Line.Amount"), null, false);
            }

            price = qty != 0 ? Qbo.Round5(amount.Value / qty.Value) : price;
        }

        if (Qbo.Round2(amount.Value) != amount.Value)
        {
            return (Fault.Business($"Line amount {amount.Value} has more than 2 decimal places", "Line.Amount"), null, false);
        }

        var code = Qbo.RefValue(detail, "TaxCodeRef")?.ToUpperInvariant()
            ?? (Qbo.Bool(item["Taxable"]) == true ? "TAX" : "NON");
        if (code is not ("TAX" or "NON"))
        {
            return (Fault.InvalidReference("Line.SalesItemLineDetail.TaxCodeRef", code), null, false);
        }

        var result = (JsonObject)line.DeepClone();
        Number(result, number);
        result["Amount"] = Qbo.Number(amount.Value);
        var resultDetail = (JsonObject)detail.DeepClone();
        resultDetail["ItemRef"] = Qbo.Ref(itemId, Qbo.Text(item["Name"]));
        resultDetail["Qty"] = Qbo.Number(qty.Value);
        resultDetail["UnitPrice"] = Qbo.Number(price.Value);
        resultDetail["TaxCodeRef"] = Qbo.Ref(code);
        if (Qbo.RefValue(item, "IncomeAccountRef") is { } income)
        {
            resultDetail["ItemAccountRef"] = Qbo.Ref(income, Qbo.Text(item["IncomeAccountRef"]?["name"]));
        }

        result["SalesItemLineDetail"] = resultDetail;
        return (null, result, code == "TAX");
    }

    private static void Number(JsonObject line, int number)
    {
        line["Id"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        line["LineNum"] = number;
    }

    /// <summary>
    /// The tax group's rates applied to the taxable subtotal, each rate rounded once (QuickBooks rounds at subtotal
    /// level, not per line). Under automated sales tax an explicit TotalTax is kept and prorated across the rates.
    /// </summary>
    private static (Fault? Fault, JsonObject Detail, decimal Total) Tax(WriteContext context, string? taxCodeId, decimal taxable, decimal? explicitTax)
    {
        if (taxCodeId is null)
        {
            return (null, new JsonObject { ["TotalTax"] = 0 }, 0);
        }

        var code = context.Lookup(TaxCode, taxCodeId);
        if (code is null)
        {
            return (Fault.InvalidReference("TxnTaxDetail.TxnTaxCodeRef", taxCodeId), new JsonObject(), 0);
        }

        var rates = new List<(string Id, decimal Percent)>();
        foreach (var detail in (code["SalesTaxRateList"]?["TaxRateDetail"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var rateId = Qbo.RefValue(detail, "TaxRateRef");
            var rate = context.Lookup(TaxRate, rateId);
            if (rateId is not null && rate is not null)
            {
                rates.Add((rateId, Qbo.Decimal(rate["RateValue"]) ?? 0));
            }
        }

        var amounts = rates.ConvertAll(r => Qbo.Round2(taxable * r.Percent / 100m));
        if (explicitTax is { } kept && rates.Count > 0)
        {
            var percentSum = rates.Sum(r => r.Percent);
            decimal given = 0;
            for (var i = 0; i < rates.Count; i++)
            {
                amounts[i] = i == rates.Count - 1 ? kept - given : Qbo.Round2(percentSum == 0 ? 0 : kept * rates[i].Percent / percentSum);
                given += amounts[i];
            }
        }

        var taxLines = new JsonArray();
        for (var i = 0; i < rates.Count; i++)
        {
            taxLines.Add(new JsonObject
            {
                ["Amount"] = Qbo.Number(amounts[i]),
                ["DetailType"] = "TaxLineDetail",
                ["TaxLineDetail"] = new JsonObject
                {
                    ["TaxRateRef"] = Qbo.Ref(rates[i].Id),
                    ["PercentBased"] = true,
                    ["TaxPercent"] = Qbo.Number(rates[i].Percent),
                    ["NetAmountTaxable"] = Qbo.Number(taxable),
                },
            });
        }

        var total = amounts.Sum();
        return (null, new JsonObject
        {
            ["TxnTaxCodeRef"] = Qbo.Ref(taxCodeId),
            ["TotalTax"] = Qbo.Number(total),
            ["TaxLine"] = taxLines,
        }, total);
    }

    private static Fault? DocNumber(WriteContext context, JsonObject invoice, string? id, QuickBooksSandboxOptions options)
    {
        var realm = context.Realm;
        var others = realm.All(Invoice).Where(i => Qbo.Id(i) != id).Select(i => Qbo.Text(i["DocNumber"])).ToHashSet(StringComparer.Ordinal);
        var docNumber = Qbo.Text(invoice["DocNumber"]);
        if (string.IsNullOrEmpty(docNumber))
        {
            do
            {
                docNumber = (realm.NextDocNumber++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            while (others.Contains(docNumber));

            invoice["DocNumber"] = docNumber;
            return null;
        }

        if (docNumber.Length > MaxDocNumberLength)
        {
            return Fault.Business($"DocNumber is longer than {MaxDocNumberLength} characters", "DocNumber");
        }

        return options.WarnDuplicateDocNumber && !context.Include.Contains("allowduplicatedocnum") && others.Contains(docNumber)
            ? Fault.Validation("6140", "Duplicate Document Number Error", $"Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber={docNumber} is assigned to another transaction", "DocNumber")
            : null;
    }
}
