using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Tests;

public sealed class InvoiceTests
{
    /// <summary>One line at a time: Amount = Qty × UnitPrice to the cent (half away from zero), tax 10 % of the taxable subtotal.</summary>
    [Theory]
    [InlineData("1", "100", true, "100", "10")]
    [InlineData("3", "19.99", true, "59.97", "6")]
    [InlineData("2.5", "33.33", true, "83.33", "8.33")]
    [InlineData("1", "0.05", true, "0.05", "0.01")]
    [InlineData("4", "125", false, "500", "0")]
    [InlineData("0.25", "187.5", false, "46.88", "0")]
    public async Task Server_computes_line_amount_subtotal_tax_total_and_balance(string qty, string price, bool taxable, string amount, string tax)
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Labor", D(price), taxable);

        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), await qbo.TaxCodeIdAsync(), QboHost.Line(item.Str("Id"), D(qty), D(price))));

        var line = invoice["Line"]![0]!;
        Assert.Equal(D(amount), line.Dec("Amount"));
        Assert.Equal(taxable ? "TAX" : "NON", line.Str("SalesItemLineDetail.TaxCodeRef.value"));
        Assert.Equal("SubTotalLineDetail", invoice["Line"]![1].Str("DetailType"));
        Assert.Equal(D(amount), invoice["Line"]![1].Dec("Amount"));
        Assert.Equal(D(tax), invoice.Dec("TxnTaxDetail.TotalTax"));
        Assert.Equal(D(amount) + D(tax), invoice.Dec("TotalAmt"));
        Assert.Equal(invoice.Dec("TotalAmt"), invoice.Dec("Balance"));
        Assert.Equal("0", invoice.Str("SyncToken"));
        Assert.Equal("Ann Lee", invoice.Str("CustomerRef.name"));
        Assert.Equal("1001", invoice.Str("DocNumber"));
    }

    [Fact]
    public async Task Tax_is_rounded_once_on_the_taxable_subtotal_not_per_line()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Washer", 0.05m, taxable: true);

        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), await qbo.TaxCodeIdAsync(),
            QboHost.Line(item.Str("Id"), 1), QboHost.Line(item.Str("Id"), 1), QboHost.Line(item.Str("Id"), 1)));

        // Per line: 3 × round(0.005) = 0.03; QuickBooks: round(0.015) = 0.02.
        Assert.Equal(0.02m, invoice.Dec("TxnTaxDetail.TotalTax"));
        Assert.Equal(0.15m, invoice.Dec("TxnTaxDetail.TaxLine.0.TaxLineDetail.NetAmountTaxable"));
        Assert.Equal(10m, invoice.Dec("TxnTaxDetail.TaxLine.0.TaxLineDetail.TaxPercent"));
    }

    [Theory]
    [InlineData(null, true, "TAX")]
    [InlineData(null, false, "NON")]
    [InlineData("NON", true, "NON")]
    [InlineData("TAX", false, "TAX")]
    public async Task A_line_without_tax_code_follows_the_item_taxability(string? code, bool itemTaxable, string expected)
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, itemTaxable);

        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), await qbo.TaxCodeIdAsync(), QboHost.Line(item.Str("Id"), 1, taxCode: code)));

        Assert.Equal(expected, invoice["Line"]![0].Str("SalesItemLineDetail.TaxCodeRef.value"));
        Assert.Equal(expected == "TAX" ? 1m : 0m, invoice.Dec("TxnTaxDetail.TotalTax"));
    }

    [Fact]
    public async Task Amount_that_is_not_qty_times_unit_price_is_fault_6070()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);

        var response = await qbo.PostAsync("invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 9.39m, 24.5m, amount: 229.96m)));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("6070", response.FaultCode);
        Assert.Equal("ValidationFault", response["Fault"].Str("type"));
    }

    [Fact]
    public async Task Amount_mismatch_can_back_compute_the_unit_price_instead()
    {
        await using var qbo = await QboHost.StartAsync(new() { ["QuickBooksSandbox:AmountMismatch"] = "BackComputeUnitPrice" });
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);

        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 9.39m, 24.5m, amount: 229.96m)));

        Assert.Equal(229.96m, invoice["Line"]![0].Dec("Amount"));
        Assert.Equal(24.48988m, invoice["Line"]![0].Dec("SalesItemLineDetail.UnitPrice"));
    }

    [Theory]
    [InlineData("CustomerRef", "2020")]
    [InlineData("Line", "2020")]
    [InlineData("ItemRef", "2500")]
    [InlineData("TxnTaxCodeRef", "2500")]
    [InlineData("InactiveCustomer", "610")]
    [InlineData("DetailType", "2170")]
    public async Task Invalid_invoices_get_their_fault(string broken, string code)
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);
        var invoice = QboHost.Invoice(customer.Str("Id"), await qbo.TaxCodeIdAsync(), QboHost.Line(item.Str("Id"), 1));
        switch (broken)
        {
            case "CustomerRef":
                invoice.Remove("CustomerRef");
                break;
            case "Line":
                invoice["Line"] = new JsonArray();
                break;
            case "ItemRef":
                invoice["Line"]![0]!["SalesItemLineDetail"]!["ItemRef"]!["value"] = "9999";
                break;
            case "TxnTaxCodeRef":
                invoice["TxnTaxDetail"]!["TxnTaxCodeRef"]!["value"] = "9999";
                break;
            case "InactiveCustomer":
                await qbo.PostAsync("customer", new JsonObject { ["Id"] = customer.Str("Id"), ["SyncToken"] = "0", ["sparse"] = true, ["Active"] = false });
                break;
            case "DetailType":
                invoice["Line"]![0]!["DetailType"] = "Bogus";
                break;
        }

        var response = await qbo.PostAsync("invoice", invoice);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.FaultCode);
    }

    [Fact]
    public async Task Duplicate_doc_number_is_6140_unless_allowed()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);
        var invoice = QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1));
        invoice["DocNumber"] = "J-1001";
        await qbo.CreateAsync("Invoice", invoice);

        var duplicate = await qbo.PostAsync("invoice", invoice);
        var allowed = await qbo.PostAsync("invoice?include=allowduplicatedocnum", invoice);

        Assert.Equal("6140", duplicate.FaultCode);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
    }

    [Fact]
    public async Task Stale_sync_token_is_5010_and_the_current_one_updates()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1)));
        var update = QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 2));
        update["Id"] = invoice.Str("Id");

        update["SyncToken"] = "0";
        var first = await qbo.PostAsync("invoice", update);
        var stale = await qbo.PostAsync("invoice", update);

        Assert.Equal("1", first["Invoice"].Str("SyncToken"));
        Assert.Equal(20m, first["Invoice"].Dec("TotalAmt"));
        Assert.Equal(HttpStatusCode.BadRequest, stale.Status);
        Assert.Equal("5010", stale.FaultCode);
        Assert.Equal("ValidationFault", stale["Fault"].Str("type"));
        Assert.Equal("2020", (await qbo.PostAsync("invoice", new JsonObject { ["Id"] = invoice.Str("Id"), ["sparse"] = true, ["PrivateNote"] = "x" })).FaultCode);
    }

    [Fact]
    public async Task Sparse_update_changes_only_what_is_sent_and_a_full_update_clears_the_rest()
    {
        await using var qbo = await QboHost.StartAsync();
        var created = await qbo.CreateAsync("Customer", new JsonObject
        {
            ["DisplayName"] = "Ann Lee",
            ["PrimaryPhone"] = new JsonObject { ["FreeFormNumber"] = "555-0100" },
            ["Notes"] = "gate code 1234",
        });

        var sparse = await qbo.PostAsync("customer", new JsonObject { ["Id"] = created.Str("Id"), ["SyncToken"] = "0", ["sparse"] = true, ["CompanyName"] = "Lee Dental" });
        var full = await qbo.PostAsync("customer", new JsonObject { ["Id"] = created.Str("Id"), ["SyncToken"] = "1", ["DisplayName"] = "Ann Lee", ["CompanyName"] = "Lee Dental" });

        Assert.Equal("555-0100", sparse["Customer"].Str("PrimaryPhone.FreeFormNumber"));
        Assert.Equal("Lee Dental", sparse["Customer"].Str("CompanyName"));
        Assert.Null(full["Customer"]["PrimaryPhone"]);
        Assert.Null(full["Customer"]["Notes"]);
        Assert.Equal("2", full["Customer"].Str("SyncToken"));
    }

    [Fact]
    public async Task Sparse_update_with_lines_replaces_every_line()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1), QboHost.Line(item.Str("Id"), 2)));

        var updated = await qbo.PostAsync("invoice", new JsonObject
        {
            ["Id"] = invoice.Str("Id"),
            ["SyncToken"] = "0",
            ["sparse"] = true,
            ["Line"] = new JsonArray(QboHost.Line(item.Str("Id"), 5)),
        });

        Assert.Equal(2, updated["Invoice"]["Line"]!.AsArray().Count);
        Assert.Equal(50m, updated["Invoice"].Dec("TotalAmt"));
        Assert.Equal(invoice.Str("DocNumber"), updated["Invoice"].Str("DocNumber"));
    }

    [Fact]
    public async Task Same_requestid_replays_the_first_response_and_creates_once()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);
        var invoice = QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1));

        var first = await qbo.PostAsync("invoice?requestid=6f0b1c4e-0d5e-4a7d-9f33-2b8e2a6c1d01", invoice);
        await qbo.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        var second = await qbo.PostAsync("invoice?requestid=6f0b1c4e-0d5e-4a7d-9f33-2b8e2a6c1d01", invoice);
        var other = await qbo.PostAsync("invoice?requestid=6f0b1c4e-0d5e-4a7d-9f33-2b8e2a6c1d02", invoice);
        var tooLong = await qbo.PostAsync("invoice?requestid=" + new string('r', 51), invoice);

        Assert.Equal(first.Text, second.Text);
        Assert.NotEqual(first["Invoice"].Str("Id"), other["Invoice"].Str("Id"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        var count = await qbo.QueryAsync("SELECT COUNT(*) FROM Invoice");
        Assert.Equal(2, count["QueryResponse"]["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failed_write_is_not_recorded_so_the_same_requestid_can_succeed_after_a_fix()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);
        var bad = QboHost.Invoice(customer.Str("Id"), null, QboHost.Line("9999", 1));

        var failed = await qbo.PostAsync("invoice?requestid=r-1", bad);
        var fixedUp = await qbo.PostAsync("invoice?requestid=r-1", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1)));

        Assert.Equal(HttpStatusCode.BadRequest, failed.Status);
        Assert.Equal(HttpStatusCode.OK, fixedUp.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("75")]
    [InlineData("65")]
    [InlineData("999")]
    public async Task Minorversion_is_accepted_and_ignored(string? minorVersion)
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");

        var read = await qbo.GetAsync($"customer/{customer.Str("Id")}" + (minorVersion is null ? "" : $"?minorversion={minorVersion}"));

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("Ann Lee", read["Customer"].Str("DisplayName"));
        Assert.True(read.Headers.Contains("intuit_tid"));
        Assert.NotNull(read.Body!["time"]);
    }

    [Fact]
    public async Task Void_drops_amounts_to_zero_and_marks_the_note()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, true);
        var created = QboHost.Invoice(customer.Str("Id"), await qbo.TaxCodeIdAsync(), QboHost.Line(item.Str("Id"), 3));
        created["PrivateNote"] = "job 42";
        var invoice = await qbo.CreateAsync("Invoice", created);

        var voided = await qbo.PostAsync("invoice?operation=void", new JsonObject { ["Id"] = invoice.Str("Id"), ["SyncToken"] = "0" });

        Assert.Equal(HttpStatusCode.OK, voided.Status);
        Assert.Equal(0m, voided["Invoice"].Dec("TotalAmt"));
        Assert.Equal(0m, voided["Invoice"].Dec("Balance"));
        Assert.Equal(0m, voided["Invoice"].Dec("TxnTaxDetail.TotalTax"));
        Assert.Equal("Voided job 42", voided["Invoice"].Str("PrivateNote"));
        Assert.Equal("1", voided["Invoice"].Str("SyncToken"));
    }

    [Fact]
    public async Task Delete_leaves_nothing_to_read_and_needs_linked_payments_gone_first()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 10m, false);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 3)));
        var payment = await qbo.CreateAsync("Payment", QboHost.Payment(customer.Str("Id"), 10m, (invoice.Str("Id"), 10m)));

        var blocked = await qbo.PostAsync("invoice?operation=delete", new JsonObject { ["Id"] = invoice.Str("Id"), ["SyncToken"] = "1" });
        var paymentDeleted = await qbo.PostAsync("payment?operation=delete", new JsonObject { ["Id"] = payment.Str("Id"), ["SyncToken"] = "0" });
        var deleted = await qbo.PostAsync("invoice?operation=delete", new JsonObject { ["Id"] = invoice.Str("Id"), ["SyncToken"] = "2" });
        var read = await qbo.GetAsync($"invoice/{invoice.Str("Id")}");

        Assert.Equal("6000", blocked.FaultCode);
        Assert.Equal("Deleted", paymentDeleted["Payment"].Str("status"));
        Assert.Equal("Deleted", deleted["Invoice"].Str("status"));
        Assert.Equal("610", read.FaultCode);
        Assert.Equal("6000", (await qbo.PostAsync("customer?operation=delete", new JsonObject { ["Id"] = customer.Str("Id"), ["SyncToken"] = "0" })).FaultCode);
    }

    [Theory]
    [InlineData(false, "10")]
    [InlineData(true, "9.99")]
    public async Task An_explicit_total_tax_is_kept_only_under_automated_sales_tax(bool automated, string expected)
    {
        await using var qbo = await QboHost.StartAsync();
        const string realm = "9130000000000005";
        await qbo.PostJsonAsync("/sandbox/companies", new { realmId = realm, companyName = "AST", taxRatePercent = 10, automatedSalesTax = automated });
        async Task<JsonObject> AsUser(string entity, JsonObject body)
        {
            using var response = await qbo.Http.PostAsync($"/sandbox/companies/{realm}/{entity}", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return JsonNode.Parse(text)!.AsObject();
        }

        var customer = await AsUser("customer", new JsonObject { ["DisplayName"] = "Ann Lee" });
        var accounts = await qbo.Http.GetStringAsync($"/sandbox/companies/{realm}/account");
        var income = JsonNode.Parse(accounts)!.AsArray().First(a => a.Str("AccountType") == "Income")!;
        var item = await AsUser("item", new JsonObject { ["Name"] = "Part", ["Type"] = "Service", ["UnitPrice"] = 100, ["Taxable"] = true, ["IncomeAccountRef"] = new JsonObject { ["value"] = income.Str("Id") } });
        var taxCode = JsonNode.Parse(await qbo.Http.GetStringAsync($"/sandbox/companies/{realm}/taxcode"))!.AsArray()[0]!;
        var invoice = QboHost.Invoice(customer.Str("Customer.Id"), taxCode.Str("Id"), QboHost.Line(item.Str("Item.Id"), 1));
        invoice["TxnTaxDetail"]!["TotalTax"] = 9.99m;

        var created = await AsUser("invoice", invoice);

        Assert.Equal(D(expected), created.Dec("Invoice.TxnTaxDetail.TotalTax"));
        Assert.Equal(100m + D(expected), created.Dec("Invoice.TotalAmt"));
    }

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
