using System.Net;
using System.Text.Json;
using Closeout.Infrastructure.QuickBooks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Closeout.Tests.Features.QuickBooks;

/// <summary>The REST client against a scripted QuickBooks on loopback, with the JSON shapes of the fact sheet.</summary>
public sealed class QuickBooksClientTests
{
    private const string Account = "acct-1";

    // quickbooks-api.md §2-3: envelope, string Id/SyncToken, references as {value,name}, the appended SubTotalLine.
    private const string InvoiceEnvelope = """
        {"Invoice":{"Id":"130","SyncToken":"2","domain":"QBO","sparse":false,"DocNumber":"1037","TxnDate":"2026-11-10",
          "CustomerRef":{"value":"58","name":"A & W Plumbing"},
          "Line":[
            {"Id":"1","LineNum":1,"Description":"Drain snake","Amount":10.15,"DetailType":"SalesItemLineDetail",
             "SalesItemLineDetail":{"ItemRef":{"value":"7","name":"Drain snake"},"Qty":1,"UnitPrice":10.15,"TaxCodeRef":{"value":"TAX"}}},
            {"Amount":10.15,"DetailType":"SubTotalLineDetail","SubTotalLineDetail":{}}],
          "TxnTaxDetail":{"TxnTaxCodeRef":{"value":"3"},"TotalTax":0.84,"TaxLine":[{"Amount":0.84,"DetailType":"TaxLineDetail",
            "TaxLineDetail":{"TaxRateRef":{"value":"2"},"PercentBased":true,"TaxPercent":8.25,"NetAmountTaxable":10.15}}]},
          "TotalAmt":10.99,"Balance":10.99,"MetaData":{"CreateTime":"2026-11-10T10:33:39-08:00","LastUpdatedTime":"2026-11-10T10:33:39.11-08:00"}},
         "time":"2026-11-10T10:33:39.11-08:00"}
        """;

    [Fact]
    public async Task A_read_names_the_minor_version_and_returns_the_typed_entity()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(200, InvoiceEnvelope);

        var invoice = await qbo.Client().ReadAsync<QboInvoice>(Account, "130", CancellationToken.None);

        Assert.True(invoice.IsSuccess, invoice.Error?.ToString());
        Assert.Equal("2", invoice.Value!.SyncToken);
        Assert.Equal("58", invoice.Value.CustomerRef!.Value);
        Assert.Equal(10.99m, invoice.Value.TotalAmt);
        Assert.Equal(0.84m, invoice.Value.TxnTaxDetail!.TotalTax);
        Assert.Equal(8.25m, invoice.Value.TxnTaxDetail.TaxLine![0].TaxLineDetail!.TaxPercent);
        Assert.Equal("TAX", invoice.Value.Line![0].SalesItemLineDetail!.TaxCodeRef!.Value);
        var seen = Assert.Single(qbo.Seen);
        Assert.Equal($"/v3/company/{QboStub.Realm}/invoice/130", seen.Path);
        Assert.Equal("75", seen.Query["minorversion"]);
        Assert.Equal("Bearer first-token", seen.Authorization);
    }

    [Fact]
    public async Task A_write_carries_its_requestid_and_the_real_json_names()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(200, InvoiceEnvelope);
        var invoice = new QboInvoice
        {
            CustomerRef = new QboRef("58"),
            DocNumber = "1037",
            Line = [new QboLine { Amount = 10.15m, DetailType = "SalesItemLineDetail", SalesItemLineDetail = new() { ItemRef = new("7"), Qty = 1, UnitPrice = 10.15m, TaxCodeRef = new("TAX") } }],
            TxnTaxDetail = new QboTxnTaxDetail { TotalTax = 0.84m },
        };

        var written = await qbo.Client().WriteAsync(Account, invoice, "inv-abc", CancellationToken.None);

        Assert.True(written.IsSuccess);
        var seen = Assert.Single(qbo.Seen);
        Assert.Equal("POST", seen.Method);
        Assert.Equal($"/v3/company/{QboStub.Realm}/invoice", seen.Path);
        Assert.Equal("inv-abc", seen.Query["requestid"]);
        Assert.Equal("75", seen.Query["minorversion"]);
        using var body = JsonDocument.Parse(seen.Body);
        Assert.Equal("58", body.RootElement.GetProperty("CustomerRef").GetProperty("value").GetString());
        var line = body.RootElement.GetProperty("Line")[0];
        Assert.Equal("SalesItemLineDetail", line.GetProperty("DetailType").GetString());
        Assert.Equal("TAX", line.GetProperty("SalesItemLineDetail").GetProperty("TaxCodeRef").GetProperty("value").GetString());
        Assert.False(body.RootElement.TryGetProperty("Id", out _), "null fields are left out of a create");
    }

    [Fact]
    public async Task A_fault_inside_a_200_is_an_error()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(200, """{"Fault":{"Error":[{"Message":"Duplicate Name Exists Error","Detail":"The name supplied already exists. : Another customer, vendor or employee is already using this name.","code":"6240","element":""}],"type":"ValidationFault"},"time":"2026-11-10T10:33:39.11-08:00"}""");

        var created = await qbo.Client().WriteAsync(Account, new QboCustomer { DisplayName = "A & W Plumbing" }, "cust-1", CancellationToken.None);

        Assert.False(created.IsSuccess);
        Assert.Equal(QboErrorKind.Validation, created.Error!.Kind);
        Assert.True(created.Error.Is(QboError.DuplicateName));
    }

    public static TheoryData<int, string, QboErrorKind, string> Faults => new()
    {
        { 400, """{"Fault":{"Error":[{"Message":"Stale Object Error","Detail":"You and seven were working on this at the same time.","code":"5010"}],"type":"ValidationFault"}}""", QboErrorKind.Stale, "5010" },
        { 400, """{"Fault":{"Error":[{"Message":"Duplicate Name Exists Error","code":"6240"}],"type":"ValidationFault"}}""", QboErrorKind.Validation, "6240" },
        { 400, """{"Fault":{"Error":[{"Message":"Object Not Found","code":"610"}],"type":"ValidationFault"}}""", QboErrorKind.Permanent, "610" },
        { 401, """{"Fault":{"Error":[{"Message":"message=AuthenticationFailed; errorCode=003200; statusCode=401","code":"3200"}],"type":"AUTHENTICATION"}}""", QboErrorKind.Auth, "3200" },
        { 403, """{"Fault":{"Error":[{"Message":"Authorization Failure","code":"120"}],"type":"AuthorizationFault"}}""", QboErrorKind.Auth, "120" },
        { 429, """<?xml version="1.0"?><IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>""", QboErrorKind.Throttled, "3001" },
        { 403, """<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=403</Message></Error></Fault></IntuitResponse>""", QboErrorKind.Throttled, "3001" },
        { 500, "", QboErrorKind.Transient, "500" },
        { 503, "<html>unavailable</html>", QboErrorKind.Transient, "503" },
        { 200, """{"Fault":{"Error":[{"Message":"An application error has occurred","code":"10000"}],"type":"SERVICE"}}""", QboErrorKind.Transient, "10000" },
        { 404, "", QboErrorKind.Permanent, "404" },
        { 400, """{"Fault":{"Error":[{"Message":"Amount is not equal to UnitPrice * Qty","code":"6070"}],"type":"ValidationFault"}}""", QboErrorKind.Validation, "6070" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Faults_are_classified(int status, string body, QboErrorKind kind, string code)
    {
        var error = QboFaults.Classify((HttpStatusCode)status, body, TimeSpan.FromSeconds(60));

        Assert.NotNull(error);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void A_plain_answer_is_no_fault() =>
        Assert.Null(QboFaults.Classify(HttpStatusCode.OK, InvoiceEnvelope, TimeSpan.FromSeconds(60)));

    [Fact]
    public async Task A_429_pauses_the_realm_for_the_wait_and_the_request_goes_again_with_its_requestid()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(429, """<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message></Error></Fault></IntuitResponse>""", "application/xml")
            .Then(200, InvoiceEnvelope);

        var written = await qbo.Client(o => o.ThrottleWaitMilliseconds = 300).WriteAsync(Account, new QboInvoice { CustomerRef = new("58") }, "inv-429", CancellationToken.None);

        Assert.True(written.IsSuccess, written.Error?.ToString());
        var seen = qbo.Seen.ToList();
        Assert.Equal(2, seen.Count);
        Assert.All(seen, s => Assert.Equal("inv-429", s.Query["requestid"]));
        Assert.True(seen[1].At - seen[0].At >= TimeSpan.FromMilliseconds(290), $"waited only {(seen[1].At - seen[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_waits_fails_as_throttled()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(429, "", "text/plain");

        var read = await qbo.Client(o => { o.ThrottleWaitMilliseconds = 20; o.ThrottleWaits = 2; }).ReadAsync<QboInvoice>(Account, "1", CancellationToken.None);

        Assert.Equal(QboErrorKind.Throttled, read.Error!.Kind);
        Assert.Equal(3, qbo.Seen.Count);
        Assert.Equal(Closeout.Infrastructure.FailureKind.Throttled, read.Error.ToFailure().Kind);
    }

    [Fact]
    public async Task A_401_refreshes_the_token_once_and_goes_again()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(401, """{"Fault":{"Error":[{"Message":"message=AuthenticationFailed; errorCode=003200; statusCode=401","code":"3200"}],"type":"AUTHENTICATION"}}""")
            .Then(200, InvoiceEnvelope);
        var tokens = new FixedTokens();

        var read = await qbo.Client(tokens: tokens).ReadAsync<QboInvoice>(Account, "130", CancellationToken.None);

        Assert.True(read.IsSuccess);
        Assert.Equal(1, tokens.Refreshes);
        Assert.Equal("Bearer fresh-token", qbo.Seen.Last().Authorization);
    }

    [Fact]
    public async Task A_5xx_on_a_write_is_sent_again_with_the_same_requestid()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(503, "").Then(200, InvoiceEnvelope);

        var written = await qbo.Client().WriteAsync(Account, new QboInvoice { CustomerRef = new("58") }, "inv-503", CancellationToken.None);

        Assert.True(written.IsSuccess);
        Assert.Equal(["inv-503", "inv-503"], qbo.Seen.Select(s => s.Query["requestid"].ToString()).ToArray());
    }

    [Fact]
    public async Task A_query_reads_the_query_response_and_an_empty_one()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(200, """{"QueryResponse":{"Customer":[{"Id":"58","SyncToken":"0","DisplayName":"A & W Plumbing","PrimaryEmailAddr":{"Address":"aw@example.com"},"Active":true}],"startPosition":1,"maxResults":1,"totalCount":1},"time":"2026-11-10T10:33:39.11-08:00"}""")
            .Then(200, """{"QueryResponse":{},"time":"2026-11-10T10:33:39.11-08:00"}""");
        var client = qbo.Client();

        var found = await client.QueryAsync<QboCustomer>(Account, "SELECT * FROM Customer WHERE DisplayName = 'A & W Plumbing'", CancellationToken.None);
        var none = await client.QueryAsync<QboCustomer>(Account, "SELECT * FROM Customer WHERE DisplayName = 'Nobody'", CancellationToken.None);

        Assert.Equal("aw@example.com", Assert.Single(found.Value!.Items).PrimaryEmailAddr!.Address);
        Assert.Equal(1, found.Value.TotalCount);
        Assert.Empty(none.Value!.Items);
        Assert.Equal("SELECT * FROM Customer WHERE DisplayName = 'A & W Plumbing'", qbo.Seen.First().Query["query"]);
    }

    [Fact]
    public async Task Cdc_reads_records_grouped_by_type_with_tombstones()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(200, """
            {"CDCResponse":[{"QueryResponse":[
              {"Payment":[{"Id":"201","SyncToken":"0","TotalAmt":10.99,"CustomerRef":{"value":"58"},"Line":[{"Amount":10.99,"LinkedTxn":[{"TxnId":"130","TxnType":"Invoice"}]}],"MetaData":{"LastUpdatedTime":"2026-11-10T11:00:00-08:00"}},
                          {"status":"Deleted","domain":"QBO","Id":"199","MetaData":{"LastUpdatedTime":"2026-11-10T11:05:00-08:00"}}],"startPosition":1,"maxResults":2},
              {"Invoice":[{"Id":"130","SyncToken":"3","TotalAmt":10.99,"Balance":0}],"startPosition":1,"maxResults":1}]}],
             "time":"2026-11-10T11:06:00-08:00"}
            """);
        var since = new DateTimeOffset(2026, 11, 10, 18, 0, 0, TimeSpan.Zero);

        var changes = await qbo.Client().ChangesAsync(Account, ["Payment", "Invoice"], since, CancellationToken.None);

        Assert.True(changes.IsSuccess);
        Assert.Equal(2, changes.Value!.Payments.Count);
        Assert.Equal("Deleted", changes.Value.Payments[1].Status);
        Assert.Equal("130", changes.Value.Payments[0].Line![0].LinkedTxn![0].TxnId);
        Assert.Equal(0m, Assert.Single(changes.Value.Invoices).Balance);
        Assert.Equal("Payment,Invoice", qbo.Seen.Single().Query["entities"]);
        Assert.Equal("2026-11-10T18:00:00+00:00", qbo.Seen.Single().Query["changedSince"]);
    }

    [Fact]
    public async Task No_more_requests_than_the_concurrency_limit_are_in_flight_for_a_realm()
    {
        await using var qbo = await QboStub.StartAsync();
        qbo.Then(200, InvoiceEnvelope, hold: TimeSpan.FromMilliseconds(100));
        var client = qbo.Client(o => o.MaxConcurrentRequests = 2);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.ReadAsync<QboInvoice>(Account, "130", CancellationToken.None)));

        Assert.Equal(6, qbo.Seen.Count);
        Assert.Equal(2, qbo.MaxInFlight);
    }

    [Fact]
    public async Task The_limiter_holds_requests_over_the_per_second_budget_until_the_window_moves()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var limiter = new QboRateLimiter(Options.Create(new QuickBooksOptions { RequestsPerSecond = 2, RequestsPerMinute = 500 }), time);

        (await limiter.AcquireAsync("r", CancellationToken.None)).Dispose();
        (await limiter.AcquireAsync("r", CancellationToken.None)).Dispose();
        var third = limiter.AcquireAsync("r", CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();

        var other = limiter.AcquireAsync("another-realm", CancellationToken.None);
        Assert.True(other.IsCompleted, "realms have their own budgets");
    }

    [Fact]
    public async Task A_paused_realm_waits_out_the_pause()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var limiter = new QboRateLimiter(Options.Create(new QuickBooksOptions()), time);
        limiter.Pause("r", TimeSpan.FromSeconds(60));

        var next = limiter.AcquireAsync("r", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
