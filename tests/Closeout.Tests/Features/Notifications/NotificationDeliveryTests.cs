using System.Text.Json.Nodes;
using Closeout.Features.Notifications;
using Closeout.Tests.Features.Approvals;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Closeout.Tests.Features.Notifications;

/// <summary>An approval request reaches its approvers: mail through a real SMTP server on loopback, the chat post through a local listener.</summary>
public abstract class NotificationDeliveryTests
{
    protected abstract Provider Provider { get; }

    [Fact]
    public async Task The_approver_gets_a_mail_and_the_channel_a_post_each_once()
    {
        await using var smtp = LocalSmtpServer.Start();
        await using var slack = await LocalWebhook.StartAsync();
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var host = await ServiceHost.StartAsync(database, Settings(smtp, slack));
        var draft = Governed.Draft("job-n", 2500m, jobNumber: 4711);

        var plan = await Governed.StoreAsync(host, draft);
        await Drain(host);
        await Drain(host);

        var mail = await smtp.WaitForAsync(_ => true);
        Assert.Equal("manager@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Contains("#4711", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("2500.00", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("above the manager threshold", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://closeout.example/review/job-n", mail.TextBody, StringComparison.Ordinal);
        var post = JsonNode.Parse(Assert.Single(slack.Bodies))!;
        Assert.Contains("#4711", (string)post["text"]!, StringComparison.Ordinal);
        Assert.Single(smtp.Messages);
        Assert.Equal(2, plan.Notifications.Count);
        Assert.All(await host.Get<NotificationOutbox>().ListAsync(CancellationToken.None), n => Assert.Equal("sent", n.State));
    }

    [Fact]
    public async Task The_users_who_hold_the_routed_role_get_the_mail_beside_the_configured_addresses()
    {
        await using var smtp = LocalSmtpServer.Start();
        await using var slack = await LocalWebhook.StartAsync();
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var host = await ServiceHost.StartAsync(database, Settings(smtp, slack));
        using (var scope = host.Services.CreateScope())
        {
            var create = scope.ServiceProvider.GetRequiredService<Closeout.Features.Users.CreateUser>();
            foreach (var (email, role) in new[] { ("dana@shop.test", "manager"), ("olga@shop.test", "office"), ("Manager@Example.com", "manager") })
            {
                var made = await create.RunAsync(new(email, email, role, "a long enough password", []), onlyIfNoUsers: false, CancellationToken.None);
                Assert.True(made.IsSuccess);
            }
        }

        await Governed.StoreAsync(host, Governed.Draft("job-users", 2500m, jobNumber: 4712));
        while (await host.Get<NotificationSender>().SendNextAsync(CancellationToken.None))
        {
        }

        // One mail per address: the manager who signed up, and the configured address once though a user also holds it.
        await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "dana@shop.test"));
        Assert.Equal(
            ["dana@shop.test", "manager@example.com"],
            smtp.Messages.SelectMany(m => m.To.Mailboxes).Select(a => a.Address.ToLowerInvariant()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Queuing_the_same_request_twice_sends_once()
    {
        await using var smtp = LocalSmtpServer.Start();
        await using var slack = await LocalWebhook.StartAsync();
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var host = await ServiceHost.StartAsync(database, Settings(smtp, slack));
        var plan = await Governed.StoreAsync(host, Governed.Draft("job-twice", 2500m));
        var outbox = host.Get<NotificationOutbox>();

        await using (var connection = await host.Get<Closeout.Infrastructure.Persistence.Database>().OpenAsync(CancellationToken.None))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await outbox.EnqueueAsync(connection, transaction, plan.Notifications, CancellationToken.None);
            await transaction.CommitAsync();
        }

        while (await host.Get<NotificationSender>().SendNextAsync(CancellationToken.None))
        {
        }

        Assert.Equal(2, (await outbox.ListAsync(CancellationToken.None)).Count);
        Assert.Single(smtp.Messages);
        Assert.Single(slack.Bodies);
    }

    [Fact]
    public async Task A_failed_post_is_retried_after_its_backoff_and_then_sent()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero));
        await using var smtp = LocalSmtpServer.Start();
        await using var slack = await LocalWebhook.StartAsync();
        slack.FailuresLeft = 1;
        var settings = Settings(smtp, slack);
        settings["Notifications:Smtp:Host"] = null;
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var host = await ServiceHost.StartAsync(database, settings, s => s.AddSingleton<TimeProvider>(clock));
        await Governed.StoreAsync(host, Governed.Draft("job-retry", 2500m));
        var sender = host.Get<NotificationSender>();

        Assert.True(await sender.SendNextAsync(CancellationToken.None));
        var failed = Assert.Single(await host.Get<NotificationOutbox>().ListAsync(CancellationToken.None));
        Assert.False(await sender.SendNextAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(await sender.SendNextAsync(CancellationToken.None));

        Assert.Equal(("pending", 1L), (failed.State, failed.Attempts));
        Assert.Single(slack.Bodies);
        Assert.Equal("sent", Assert.Single(await host.Get<NotificationOutbox>().ListAsync(CancellationToken.None)).State);
    }

    private static async Task Drain(ServiceHost host) => await host.Get<NotificationSender>().SendNextAsync(CancellationToken.None);

    private static Dictionary<string, string?> Settings(LocalSmtpServer smtp, LocalWebhook slack) => new()
    {
        ["Accounts:DefaultApproval:ManagerAbove"] = "2000",
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
        ["Notifications:Smtp:From"] = "closeout@example.com",
        ["Notifications:SlackWebhookUrl"] = slack.Url.ToString(),
        ["Notifications:DraftLink"] = "https://closeout.example/review/{jobId}",
        ["Notifications:Roles:manager:0"] = "manager@example.com",
    };
}

public sealed class SqliteNotificationDeliveryTests : NotificationDeliveryTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresNotificationDeliveryTests : NotificationDeliveryTests
{
    protected override Provider Provider => Provider.Postgres;
}
