using System.Net;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Tests;

public sealed class PaymentAndNameTests
{
    [Fact]
    public async Task Payments_lower_the_invoice_balance_and_link_to_it()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 50m, true);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), await qbo.TaxCodeIdAsync(), QboHost.Line(item.Str("Id"), 2)));
        Assert.Equal(110m, invoice.Dec("TotalAmt"));

        var partial = await qbo.CreateAsync("Payment", QboHost.Payment(customer.Str("Id"), 60m, (invoice.Str("Id"), 40m)));
        var afterPartial = await qbo.ReadAsync("Invoice", invoice.Str("Id"));
        var rest = await qbo.CreateAsync("Payment", QboHost.Payment(customer.Str("Id"), 70m, (invoice.Str("Id"), 70m)));
        var paid = await qbo.ReadAsync("Invoice", invoice.Str("Id"));
        var owner = await qbo.ReadAsync("Customer", customer.Str("Id"));

        Assert.Equal(20m, partial.Dec("UnappliedAmt"));
        Assert.Equal(70m, afterPartial.Dec("Balance"));
        Assert.Equal("1", afterPartial.Str("SyncToken"));
        Assert.Equal(0m, rest.Dec("UnappliedAmt"));
        Assert.Equal(0m, paid.Dec("Balance"));
        Assert.Equal(new[] { partial.Str("Id"), rest.Str("Id") }, paid["LinkedTxn"]!.AsArray().Select(l => l.Str("TxnId")));
        Assert.All(paid["LinkedTxn"]!.AsArray(), l => Assert.Equal("Payment", l.Str("TxnType")));
        Assert.Equal(-20m, owner.Dec("Balance"));
    }

    [Theory]
    [InlineData(200, 150, "more than its open balance")]
    [InlineData(50, 60, "exceed the payment's TotalAmt")]
    [InlineData(10, -5, "positive")]
    public async Task Payments_cannot_overpay_or_over_apply(decimal total, decimal applied, string detail)
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 100m, false);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1)));

        var response = await qbo.PostAsync("payment", QboHost.Payment(customer.Str("Id"), total, (invoice.Str("Id"), applied)));

        Assert.Equal("6000", response.FaultCode);
        Assert.Contains(detail, response["Fault"]["Error"]![0].Str("Detail"), StringComparison.Ordinal);
        Assert.Equal(100m, (await qbo.ReadAsync("Invoice", invoice.Str("Id"))).Dec("Balance"));
    }

    [Theory]
    [InlineData("payment?operation=void")]
    [InlineData("payment?operation=update&include=void")]
    public async Task Voiding_a_payment_reopens_the_invoice(string path)
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 100m, false);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), 1)));
        var payment = await qbo.CreateAsync("Payment", QboHost.Payment(customer.Str("Id"), 100m, (invoice.Str("Id"), 100m)));

        var voided = await qbo.PostAsync(path, new JsonObject { ["Id"] = payment.Str("Id"), ["SyncToken"] = "0", ["sparse"] = true });
        var reopened = await qbo.ReadAsync("Invoice", invoice.Str("Id"));

        Assert.Equal(HttpStatusCode.OK, voided.Status);
        Assert.Equal(0m, voided["Payment"].Dec("TotalAmt"));
        Assert.StartsWith("Voided", voided["Payment"].Str("PrivateNote"), StringComparison.Ordinal);
        Assert.Equal(100m, reopened.Dec("Balance"));
        Assert.Empty(reopened["LinkedTxn"]!.AsArray());
    }

    [Fact]
    public async Task A_payment_for_another_customers_invoice_is_refused()
    {
        await using var qbo = await QboHost.StartAsync();
        var ann = await qbo.CustomerAsync("Ann Lee");
        var bob = await qbo.CustomerAsync("Bob Ray");
        var item = await qbo.ItemAsync("Part", 100m, false);
        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(ann.Str("Id"), null, QboHost.Line(item.Str("Id"), 1)));

        var response = await qbo.PostAsync("payment", QboHost.Payment(bob.Str("Id"), 100m, (invoice.Str("Id"), 100m)));

        Assert.Equal("6000", response.FaultCode);
    }

    [Theory]
    [InlineData("Customer", "Ann Lee", true)]
    [InlineData("Customer", "ANN LEE", true)]
    [InlineData("Vendor", "Ann Lee", true)]
    [InlineData("Employee", "Ann Lee", true)]
    [InlineData("Customer", "Ann  Lee", false)]
    [InlineData("Customer", "Ann Lee ", false)]
    public async Task Display_names_are_unique_across_customers_vendors_and_employees(string entity, string name, bool clashes)
    {
        await using var qbo = await QboHost.StartAsync();
        await qbo.CustomerAsync("Ann Lee");

        var response = await qbo.PostAsync(entity.ToLowerInvariant(), new JsonObject { ["DisplayName"] = name });

        if (clashes)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("6240", response.FaultCode);
            Assert.Contains("customer, vendor or employee", response["Fault"]["Error"]![0].Str("Detail"), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.Status);
        }
    }

    [Fact]
    public async Task An_inactive_customer_still_holds_its_name()
    {
        await using var qbo = await QboHost.StartAsync();
        var customer = await qbo.CustomerAsync("A&W Plumbing");
        await qbo.PostAsync("customer", new JsonObject { ["Id"] = customer.Str("Id"), ["SyncToken"] = "0", ["sparse"] = true, ["Active"] = false });

        var clash = await qbo.PostAsync("vendor", new JsonObject { ["DisplayName"] = "A&W Plumbing" });
        var spaced = await qbo.PostAsync("customer", new JsonObject { ["DisplayName"] = "A & W Plumbing" });

        Assert.Equal("6240", clash.FaultCode);
        Assert.Equal(HttpStatusCode.OK, spaced.Status);
    }

    [Theory]
    [InlineData("SELECT * FROM Customer WHERE DisplayName = 'Ann Lee'", 0)]
    [InlineData("SELECT * FROM Customer WHERE DisplayName = 'Ann Lee' AND Active IN (true, false)", 1)]
    [InlineData("SELECT * FROM Customer WHERE Active = false", 1)]
    [InlineData("SELECT COUNT(*) FROM Customer", 1)]
    public async Task Queries_leave_inactive_names_out_unless_they_ask_for_them(string statement, int expected)
    {
        await using var qbo = await QboHost.StartAsync();
        var ann = await qbo.CustomerAsync("Ann Lee");
        await qbo.CustomerAsync("Bob Ray");
        await qbo.PostAsync("customer", new JsonObject { ["Id"] = ann.Str("Id"), ["SyncToken"] = "0", ["sparse"] = true, ["Active"] = false });

        var response = await qbo.QueryAsync(statement);

        var result = response["QueryResponse"];
        Assert.Equal(expected, result["totalCount"]?.GetValue<int>() ?? 0);
    }

    [Theory]
    [InlineData("{\"GivenName\":\"Ann\",\"FamilyName\":\"Lee\"}", 200, "Ann Lee")]
    [InlineData("{\"CompanyName\":\"Lee Dental\"}", 400, "6080")]
    [InlineData("{\"DisplayName\":\"Lee: Dental\"}", 400, "6000")]
    public async Task Display_name_is_required_or_built_from_the_name_parts(string body, int status, string expected)
    {
        await using var qbo = await QboHost.StartAsync();

        var response = await qbo.PostAsync("customer", JsonNode.Parse(body)!);

        Assert.Equal(status, (int)response.Status);
        Assert.Equal(expected, status == 200 ? response["Customer"].Str("DisplayName") : response.FaultCode);
    }

    [Theory]
    [InlineData("{\"Name\":\"Pipe\",\"Type\":\"Service\"}", "2020")]
    [InlineData("{\"Name\":\"Pipe\",\"Type\":\"Gadget\",\"IncomeAccountRef\":{\"value\":\"1\"}}", "2170")]
    [InlineData("{\"Name\":\"Pipe\",\"Type\":\"Service\",\"IncomeAccountRef\":{\"value\":\"999\"}}", "2500")]
    [InlineData("{\"Name\":\"Labor\",\"Type\":\"NonInventory\"}", "6240")]
    public async Task Items_need_a_unique_name_a_known_type_and_an_income_account(string body, string code)
    {
        await using var qbo = await QboHost.StartAsync();
        await qbo.ItemAsync("Labor", 100m, false);

        var response = await qbo.PostAsync("item", JsonNode.Parse(body)!);

        Assert.Equal(code, response.FaultCode);
    }

    [Fact]
    public async Task Tax_codes_are_created_through_taxservice_and_used_by_invoices()
    {
        await using var qbo = await QboHost.StartAsync();
        var created = await qbo.PostAsync("taxservice/taxcode", JsonNode.Parse("""
            {"TaxCode":"City and State","TaxRateDetails":[
              {"TaxRateName":"State 6%","RateValue":6,"TaxAgencyId":"1","TaxApplicableOn":"Sales"},
              {"TaxRateName":"City 2.5%","RateValue":2.5,"TaxAgencyId":"2","TaxApplicableOn":"Sales"}]}
            """)!);
        var customer = await qbo.CustomerAsync("Ann Lee");
        var item = await qbo.ItemAsync("Part", 33.33m, true);

        var invoice = await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), created.Body.Str("TaxCodeId"), QboHost.Line(item.Str("Id"), 1)));

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(2, invoice["TxnTaxDetail"]!["TaxLine"]!.AsArray().Count);
        // Each rate is rounded on its own: 2.00 (1.9998) + 0.83 (0.83325).
        Assert.Equal(2.00m, invoice.Dec("TxnTaxDetail.TaxLine.0.Amount"));
        Assert.Equal(0.83m, invoice.Dec("TxnTaxDetail.TaxLine.1.Amount"));
        Assert.Equal(36.16m, invoice.Dec("TotalAmt"));
        Assert.Equal("6000", (await qbo.PostAsync("taxcode", new JsonObject { ["Name"] = "x" })).FaultCode);
    }
}
