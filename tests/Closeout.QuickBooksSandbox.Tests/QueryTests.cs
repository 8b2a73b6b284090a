using System.Net;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Tests;

public sealed class QueryTests
{
    /// <summary>Three customers (Ann, Bob, Cy, created 20 minutes apart) with invoices of 100, 250 and 40.</summary>
    private static async Task<QboHost> BooksAsync()
    {
        var qbo = await QboHost.StartAsync();
        var item = await qbo.ItemAsync("Part", 1m, false);
        foreach (var (name, amount) in new[] { ("Ann Lee", 100m), ("Bob Ray", 250m), ("Cy Oak", 40m) })
        {
            var customer = await qbo.CreateAsync("Customer", new JsonObject
            {
                ["DisplayName"] = name,
                ["PrimaryEmailAddr"] = new JsonObject { ["Address"] = name.Replace(' ', '.').ToLowerInvariant() + "@example.com" },
            });
            await qbo.CreateAsync("Invoice", QboHost.Invoice(customer.Str("Id"), null, QboHost.Line(item.Str("Id"), amount)));
            await qbo.AdvanceClockAsync(TimeSpan.FromMinutes(20));
        }

        await qbo.ConnectAsync();
        return qbo;
    }

    [Theory]
    [InlineData("SELECT * FROM Customer", "Ann Lee,Bob Ray,Cy Oak")]
    [InlineData("select * from customer where DisplayName = 'Bob Ray'", "Bob Ray")]
    [InlineData("SELECT * FROM Customer WHERE DisplayName LIKE '%Ra%'", "Bob Ray")]
    [InlineData("SELECT * FROM Customer WHERE DisplayName LIKE 'c%'", "Cy Oak")]
    [InlineData("SELECT * FROM Customer WHERE DisplayName IN ('Ann Lee', 'Cy Oak')", "Ann Lee,Cy Oak")]
    [InlineData("SELECT * FROM Customer ORDERBY DisplayName DESC", "Cy Oak,Bob Ray,Ann Lee")]
    [InlineData("SELECT * FROM Customer ORDERBY DisplayName STARTPOSITION 2 MAXRESULTS 1", "Bob Ray")]
    [InlineData("SELECT * FROM Customer WHERE Active = true AND DisplayName > 'B'", "Bob Ray,Cy Oak")]
    [InlineData("SELECT * FROM Customer WHERE MetaData.CreateTime > '2026-11-02T09:10:00-08:00'", "Bob Ray,Cy Oak")]
    [InlineData("SELECT * FROM Customer WHERE MetaData.LastUpdatedTime <= '2026-11-02T17:00:00Z'", "Ann Lee")]
    [InlineData("SELECT * FROM Customer WHERE DisplayName = 'Nobody'", "")]
    [InlineData("SELECT * FROM Customer WHERE PrimaryEmailAddr = 'bob.ray@example.com'", "Bob Ray")]
    public async Task Customer_queries_select_filter_order_and_page(string statement, string expected)
    {
        await using var qbo = await BooksAsync();

        var response = await qbo.QueryAsync(statement);

        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        var found = response["QueryResponse"]["Customer"]?.AsArray().Select(c => c.Str("DisplayName")) ?? [];
        Assert.Equal(expected, string.Join(',', found));
    }

    [Theory]
    [InlineData("SELECT * FROM Invoice WHERE TotalAmt > '99.99'", 2)]
    [InlineData("SELECT * FROM Invoice WHERE TotalAmt >= 250", 1)]
    [InlineData("SELECT * FROM Invoice WHERE Balance < '100'", 1)]
    [InlineData("SELECT COUNT(*) FROM Invoice WHERE TotalAmt > '0'", 3)]
    public async Task Invoice_queries_compare_numbers_as_numbers(string statement, int expected)
    {
        await using var qbo = await BooksAsync();

        var response = await qbo.QueryAsync(statement);

        var result = response["QueryResponse"];
        Assert.Equal(expected, result["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Queries_filter_on_references_by_id()
    {
        await using var qbo = await BooksAsync();
        var bob = await qbo.FirstAsync("SELECT * FROM Customer WHERE DisplayName = 'Bob Ray'");

        var response = await qbo.QueryAsync($"SELECT * FROM Invoice WHERE CustomerRef = '{bob.Str("Id")}'");

        Assert.Equal(250m, response["QueryResponse"]["Invoice"]![0].Dec("TotalAmt"));
        Assert.Equal(1, response["QueryResponse"]["startPosition"]!.GetValue<int>());
        Assert.Equal(1, response["QueryResponse"]["maxResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_query_can_be_posted_as_application_text()
    {
        await using var qbo = await BooksAsync();

        var response = await qbo.SendAsync(HttpMethod.Post, QboHost.Path("query?minorversion=75"), "SELECT COUNT(*) FROM Customer", "application/text");

        Assert.Equal(3, response["QueryResponse"]["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_empty_result_is_an_empty_query_response()
    {
        await using var qbo = await QboHost.StartAsync();

        var response = await qbo.QueryAsync("SELECT * FROM Payment");

        Assert.Empty(response["QueryResponse"].AsObject());
    }

    [Theory]
    [InlineData("")]
    [InlineData("SELECT DisplayName FROM Customer")]
    [InlineData("SELECT * FROM Customer WHERE DisplayName = 'a' OR DisplayName = 'b'")]
    [InlineData("SELECT * FROM Customer, Invoice")]
    [InlineData("SELECT * FROM Customer GROUP BY DisplayName")]
    [InlineData("SELECT * FROM Widget")]
    [InlineData("SELECT * FROM Customer WHERE DisplayName = 'unterminated")]
    [InlineData("SELECT * FROM Customer WHERE DisplayName ! 'x'")]
    [InlineData("SELECT * FROM Customer MAXRESULTS many")]
    public async Task Statements_outside_the_subset_are_fault_4000(string statement)
    {
        await using var qbo = await QboHost.StartAsync();

        var response = await qbo.QueryAsync(statement);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("4000", response.FaultCode);
        Assert.Equal("Error parsing query", response["Fault"]["Error"]![0].Str("Message"));
        Assert.StartsWith("QueryParserError: ", response["Fault"]["Error"]![0].Str("Detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maxresults_defaults_to_100_and_tops_out_at_1000()
    {
        await using var qbo = await QboHost.StartAsync();
        var batch = new JsonArray();
        for (var i = 0; i < 30; i++)
        {
            batch.Add(new JsonObject { ["bId"] = $"c{i}", ["operation"] = "create", ["Customer"] = new JsonObject { ["DisplayName"] = $"Client {i:000}" } });
        }

        for (var round = 0; round < 4; round++)
        {
            foreach (var item in batch.OfType<JsonObject>())
            {
                item["Customer"]!["DisplayName"] = $"Client {round}-{item.Str("bId")}";
            }

            Assert.Equal(HttpStatusCode.OK, (await qbo.PostAsync("batch", new JsonObject { ["BatchItemRequest"] = batch.DeepClone() })).Status);
        }

        var byDefault = await qbo.QueryAsync("SELECT * FROM Customer");
        var capped = await qbo.QueryAsync("SELECT * FROM Customer MAXRESULTS 5000");
        var tail = await qbo.QueryAsync("SELECT * FROM Customer STARTPOSITION 101 MAXRESULTS 1000");

        Assert.Equal(100, byDefault["QueryResponse"]["maxResults"]!.GetValue<int>());
        Assert.Equal(120, capped["QueryResponse"]["maxResults"]!.GetValue<int>());
        Assert.Equal(20, tail["QueryResponse"]["Customer"]!.AsArray().Count);
        Assert.Equal(101, tail["QueryResponse"]["startPosition"]!.GetValue<int>());
    }
}
