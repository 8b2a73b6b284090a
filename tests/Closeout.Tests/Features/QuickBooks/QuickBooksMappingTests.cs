using Closeout.Features.QuickBooks;
using Closeout.Infrastructure.Jobber;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.QuickBooks;

/// <summary>The customer mapping against a scripted QuickBooks: the 6240 path that a list query cannot show beforehand.</summary>
public sealed class QuickBooksMappingTests
{
    private const string NoCustomers = """{"QueryResponse":{},"time":"2026-11-20T10:00:00-08:00"}""";
    private const string DuplicateName = """{"Fault":{"Error":[{"Message":"Duplicate Name Exists Error","Detail":"The name supplied already exists. : Another customer, vendor or employee is already using this name.","code":"6240"}],"type":"ValidationFault"},"time":"2026-11-20T10:00:00-08:00"}""";
    private const string Holder = """{"QueryResponse":{"Customer":[{"Id":"58","SyncToken":"3","DisplayName":"A & W Plumbing","Active":true}],"startPosition":1,"maxResults":1},"time":"2026-11-20T10:00:00-08:00"}""";

    [Fact]
    public async Task A_6240_on_create_links_the_customer_that_holds_the_name_instead_of_failing_or_duplicating()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([]);
        await using var qbo = await QboStub.StartAsync();
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string>(), new()
        {
            ["QuickBooks:ApiBaseUrl"] = qbo.BaseAddress.ToString(),
            ["QuickBooks:SweepEnabled"] = "false",
        });
        await closeout.Services.GetRequiredService<QuickBooksConnections>().ConnectAsync(
            "acct-1", QboStub.Realm, new QboTokens("access", "refresh", TimeProvider.System.GetUtcNow().AddHours(1), null), CancellationToken.None);
        qbo.Then(200, NoCustomers).Then(400, DuplicateName).Then(200, Holder);

        var mapped = await closeout.Services.GetRequiredService<QuickBooksMapping>().CustomerAsync(
            "acct-1", new JobberClientInfo("client-1", "A & W Plumbing", null, null, "A & W Plumbing", "office@aw.example"), CancellationToken.None);
        var again = await closeout.Services.GetRequiredService<QuickBooksMapping>().CustomerAsync(
            "acct-1", new JobberClientInfo("client-1", "A & W Plumbing", null, null, "A & W Plumbing", "office@aw.example"), CancellationToken.None);

        Assert.Equal("58", mapped.Value);
        Assert.Equal("58", again.Value);
        Assert.Single(qbo.Seen, s => s.Method == "POST");
        Assert.Equal(3, qbo.Seen.Count);
        Assert.Contains("DisplayName = 'A & W Plumbing'", qbo.Seen.Last().Query["query"].ToString(), StringComparison.Ordinal);
        var link = await closeout.Services.GetRequiredService<QuickBooksLinks>().FindAsync("acct-1", LinkKinds.Customer, "client-1", CancellationToken.None);
        Assert.Equal(("58", LinkOrigins.Matched), (link!.QboId, link.Origin));
    }

    [Theory]
    [InlineData("O'Brien Plumbing", "O\\'Brien Plumbing")]
    [InlineData("Back\\slash", "Back\\\\slash")]
    public void Quotes_in_query_strings_are_escaped(string name, string quoted) =>
        Assert.Equal(quoted, QuickBooksMapping.Quote(name));

    [Fact]
    public void Request_ids_are_stable_and_within_Intuits_50_characters()
    {
        var id = QuickBooksMapping.RequestId("invu", "account-with-a-long-id", "invoice-" + new string('9', 60), "fingerprint", "12");

        Assert.Equal(id, QuickBooksMapping.RequestId("invu", "account-with-a-long-id", "invoice-" + new string('9', 60), "fingerprint", "12"));
        Assert.NotEqual(id, QuickBooksMapping.RequestId("invu", "account-with-a-long-id", "invoice-" + new string('9', 60), "fingerprint", "13"));
        Assert.True(id.Length <= 50);
    }
}
