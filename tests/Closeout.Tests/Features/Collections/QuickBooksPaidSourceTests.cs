using Closeout.Features.Collections;
using Closeout.Features.QuickBooks;
using Closeout.Infrastructure;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// QuickBooks as the second paid source, over the real invoice_paid table: a payment entered in the books stops a
/// reminder even while Jobber still says the invoice is open.
/// </summary>
public abstract class QuickBooksPaidSourceTests
{
    private const string Account = "acct-1";
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    protected abstract Provider Provider { get; }

    /// <summary>Jobber as it is before QuickBooks' payment reaches it: the invoice is open.</summary>
    private sealed class JobberStillOpen : IPaidSource
    {
        public string Name => "Jobber";

        public Task<Result<PaidAnswer>> CheckAsync(string accountId, string invoiceId, CancellationToken cancellationToken) =>
            Task.FromResult<Result<PaidAnswer>>(new PaidAnswer(false, Name, "awaiting_payment"));
    }

    private async Task<(TestDatabase Database, ServiceHost Host)> StartAsync()
    {
        var database = await TestDatabase.CreateAsync(Provider);
        var host = await ServiceHost.StartAsync(database, null, s =>
        {
            s.RemoveAll<IPaidSource>();
            s.AddSingleton<IPaidSource, JobberStillOpen>();
            s.AddSingleton<IPaidSource, QuickBooksPaidSource>();
        });
        return (database, host);
    }

    [Fact]
    public async Task A_payment_in_full_in_QuickBooks_makes_the_send_check_say_paid_and_a_partial_one_does_not()
    {
        var (database, host) = await StartAsync();
        await using var _ = database;
        await using var __ = host;
        var feed = host.Get<InvoicePaidFeed>();
        var check = host.Get<PaidCheck>();

        var before = await check.CheckAsync(Account, "inv-1", CancellationToken.None);
        await feed.RecordAsync(Account, "inv-1", "qbo:P1", InvoicePaidFeed.FromQuickBooks, 40m, 60m, Day, CancellationToken.None);
        var partial = await check.CheckAsync(Account, "inv-1", CancellationToken.None);
        await feed.RecordAsync(Account, "inv-1", "qbo:P2", InvoicePaidFeed.FromQuickBooks, 60m, 0m, Day.AddDays(1), CancellationToken.None);
        var full = await check.CheckAsync(Account, "inv-1", CancellationToken.None);
        var otherInvoice = await check.CheckAsync(Account, "inv-2", CancellationToken.None);
        var otherAccount = await check.CheckAsync("acct-2", "inv-1", CancellationToken.None);

        Assert.False(before.Value!.Paid);
        Assert.False(partial.Value!.Paid);
        Assert.True(full.Value!.Paid);
        Assert.Equal("QuickBooks", full.Value.Source);
        Assert.Contains("$0.00", full.Value.Detail, StringComparison.Ordinal);
        Assert.False(otherInvoice.Value!.Paid);
        Assert.False(otherAccount.Value!.Paid);
    }

    [Fact]
    public async Task The_service_asks_both_Jobber_and_QuickBooks()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var host = await ServiceHost.StartAsync(database);

        var names = host.Services.GetServices<IPaidSource>().Select(s => s.Name).ToList();

        Assert.Equal(["Jobber", "QuickBooks"], names);
    }
}

public sealed class SqliteQuickBooksPaidSourceTests : QuickBooksPaidSourceTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresQuickBooksPaidSourceTests : QuickBooksPaidSourceTests
{
    protected override Provider Provider => Provider.Postgres;
}
