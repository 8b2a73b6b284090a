using System.Text;
using Closeout.Features.QuickBooks;

namespace Closeout.Tests.Features.QuickBooks;

/// <summary>Both of Intuit's payload formats are read, with their lenient timestamps.</summary>
public sealed class QuickBooksWebhookTests
{
    [Fact]
    public void The_legacy_payload_names_each_realm_entity_and_operation()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"eventNotifications":[
              {"realmId":"1185883450","dataChangeEvent":{"entities":[
                {"name":"Payment","id":"201","operation":"Create","lastUpdated":"2015-10-05T14:42:19-0700"},
                {"name":"Invoice","id":"130","operation":"Update","lastUpdated":"2015-10-05T14:42:19.000Z"}]}},
              {"realmId":"99","dataChangeEvent":{"entities":[{"name":"Payment","id":"7","operation":"Void","lastUpdated":1444081339000}]}}]}
            """);

        var events = QuickBooksWebhook.Parse(body)!;

        Assert.Equal(
            [("1185883450", "Payment", "201", "Create"), ("1185883450", "Invoice", "130", "Update"), ("99", "Payment", "7", "Void")],
            events.Select(e => (e.RealmId, e.Entity, e.Id, e.Operation)).ToArray());
        Assert.Equal("1444081339000", events[0].Version);
        Assert.Equal("1444081339000", events[2].Version);
    }

    [Fact]
    public void The_CloudEvents_payload_is_an_array_that_may_mix_realms()
    {
        var body = Encoding.UTF8.GetBytes("""
            [{"specversion":"1.0","id":"8c1e…","source":"intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=","type":"qbo.payment.created.v1","datacontenttype":"application/json","time":"2026-11-20T18:00:00Z","intuitentityid":"201","intuitaccountid":"1185883450","data":{}},
             {"specversion":"1.0","id":"9d2f…","source":"intuit.x","type":"qbo.invoice.updated.v1","time":"2026-11-20T18:00:01Z","intuitentityid":"130","intuitaccountid":"42","data":{}}]
            """);

        var events = QuickBooksWebhook.Parse(body)!;

        Assert.Equal([("1185883450", "payment", "201", "created"), ("42", "invoice", "130", "updated")], events.Select(e => (e.RealmId, e.Entity, e.Id, e.Operation)).ToArray());
        Assert.Equal(QuickBooksWebhook.Version("2026-11-20T10:00:00-0800"), events[0].Version);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"something\":1}")]
    [InlineData("42")]
    public void Anything_else_is_malformed(string body) =>
        Assert.Null(QuickBooksWebhook.Parse(Encoding.UTF8.GetBytes(body)));
}
