using Closeout.Features.Collections;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Closeout.Tests.Features.Collections;

/// <summary>
/// Per-account getting-paid settings (Collections:Accounts:N) bound by the real host: each account's zone, send time and
/// thresholds shape its own schedule and plan suggestions, anything unset falls back to the global value, and a bad
/// setting stops the start with an error that names it.
/// </summary>
public sealed class AccountSettingsTests
{
    private static readonly Dictionary<string, string?> TwoAccounts = new()
    {
        ["Collections:Enabled"] = "false",
        ["Collections:Smtp:Host"] = "127.0.0.1",
        ["Collections:BusinessName"] = "Global Plumbing",
        ["Collections:BusinessTimeZone"] = "America/New_York",
        ["Collections:SendAt"] = "09:00",
        ["Collections:LargeBalance"] = "2000",
        ["Collections:Accounts:0:AccountId"] = "west",
        ["Collections:Accounts:0:BusinessName"] = "West Coast Drains",
        ["Collections:Accounts:0:BusinessTimeZone"] = "America/Los_Angeles",
        ["Collections:Accounts:0:SendAt"] = "14:30",
        ["Collections:Accounts:0:LargeBalance"] = "500",
        ["Collections:Accounts:0:Plans:SuggestFrom"] = "400",
        ["Collections:Accounts:0:Plans:MaximumInstalments"] = "3",
    };

    [Fact]
    public async Task Two_accounts_get_their_own_send_time_zone_call_threshold_and_plan_threshold()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var host = await ServiceHost.StartAsync(database, TwoAccounts);
        var store = host.Get<CollectionsStore>();
        var due = TimeProvider.System.GetUtcNow().AddDays(10);
        foreach (var account in new[] { "east", "west" })
        {
            var receivable = new Receivable(account, $"{account}-inv", "100", $"{account}-client", ReceivableStatus.AwaitingPayment, 800m, 800m, due.AddDays(-14), due, null, null, []);
            await store.UpsertAsync(receivable, new ClientContact($"{account}-client", "Pat Doe", "Pat", "pat@example.com", null, false, null, null), CancellationToken.None);
        }

        var queries = host.Get<ReceivablesQueries>();
        var east = await queries.UpcomingAsync("east", 30, CancellationToken.None);
        var west = await queries.UpcomingAsync("west", 30, CancellationToken.None);
        var options = host.Get<IOptions<CollectionsOptions>>().Value;

        Assert.NotEmpty(east);
        Assert.NotEmpty(west);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        Assert.All(east, r => Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.At, newYork).DateTime)));
        Assert.All(west, r => Assert.Equal(new TimeOnly(14, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.At, losAngeles).DateTime)));
        Assert.DoesNotContain(east, r => r.Channel == ReminderChannel.Call);
        var call = Assert.Single(west, r => r.Channel == ReminderChannel.Call);
        Assert.Contains(call.Why, w => w.Contains("is at least $500.00", StringComparison.Ordinal));

        var eastPlan = await queries.SuggestPlanAsync("east", (await store.ReceivableAsync("east", "east-inv", CancellationToken.None))!, CancellationToken.None);
        var westPlan = await queries.SuggestPlanAsync("west", (await store.ReceivableAsync("west", "west-inv", CancellationToken.None))!, CancellationToken.None);
        Assert.Null(eastPlan);
        Assert.NotNull(westPlan);
        Assert.InRange(westPlan.Instalments.Count, 2, 3);
        Assert.Equal(800m, westPlan.Instalments.Sum(i => i.Amount));

        Assert.Equal("West Coast Drains", options.SettingsFor("west").BusinessName);
        Assert.Equal("Global Plumbing", options.SettingsFor("east").BusinessName);
        Assert.Equal(options.SettingsFor("east").Plans.SuggestFrom, options.SettingsFor("elsewhere").Plans.SuggestFrom);
    }

    [Fact]
    public async Task A_bad_account_setting_stops_the_start_with_an_error_naming_it()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        var settings = new Dictionary<string, string?>(TwoAccounts)
        {
            ["Collections:Accounts:0:BusinessTimeZone"] = "Mars/Olympus_Mons",
            ["Collections:Accounts:0:Plans:PartialShare"] = "1.5",
            ["Collections:Accounts:1:AccountId"] = "west",
        };
        await using var host = await ServiceHost.StartAsync(database, settings);

        var all = Assert.Throws<AggregateException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        var error = Assert.Single(all.InnerExceptions.OfType<OptionsValidationException>(), e => e.OptionsType == typeof(CollectionsOptions));

        Assert.Contains("Collections:Accounts:0 (west):BusinessTimeZone 'Mars/Olympus_Mons' is not a time zone", error.Message, StringComparison.Ordinal);
        Assert.Contains("Collections:Accounts:0 (west):Plans:PartialShare 1.5 must be a share between 0 and 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Collections:Accounts:1: account west is configured twice", error.Message, StringComparison.Ordinal);
    }
}
