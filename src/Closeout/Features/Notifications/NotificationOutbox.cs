using System.Data.Common;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Notifications;

/// <summary>A message to send once: by mail to an address, or to the chat webhook. The key makes queuing it twice harmless.</summary>
public sealed record Notification(string Key, string Channel, string? Target, string Subject, string Body)
{
    public const string Email = "email";
    public const string Slack = "slack";
}

internal sealed record QueuedNotification(long Id, Notification Message, long Attempts);

/// <summary>
/// The notifications waiting to go out, queued in the same transaction as the change that causes them, so a crash neither
/// loses one nor queues it twice; a sender claims a row with a lease before sending it.
/// </summary>
internal sealed class NotificationOutbox(Database database, TimeProvider time)
{
    public static readonly Migration[] Migrations =
    [
        new(170, db => $"""
            CREATE TABLE notifications (
                id {db.Identity},
                notification_key TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                target TEXT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                locked_until BIGINT NULL,
                last_error TEXT NULL,
                created_at BIGINT NOT NULL,
                sent_at BIGINT NULL
            );
            CREATE INDEX notifications_due ON notifications (state, next_attempt_at);
            """),
    ];

    public async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, IEnumerable<Notification> notifications, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().Ms();
        foreach (var n in notifications)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO notifications (notification_key, channel, target, subject, body, state, attempts, next_attempt_at, created_at)
                VALUES (@key, @channel, @target, @subject, @body, 'pending', 0, @now, @now)
                ON CONFLICT (notification_key) DO NOTHING
                """,
                transaction, cancellationToken, ("key", n.Key), ("channel", n.Channel), ("target", n.Target), ("subject", n.Subject), ("body", n.Body), ("now", now)).ConfigureAwait(false);
        }
    }

    /// <summary>Claims the next due row; null when none is due.</summary>
    public async Task<QueuedNotification?> ClaimAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var rows = await connection.QueryAsync(
            $"""
            UPDATE notifications SET state = 'sending', attempts = attempts + 1, locked_until = @lease
            WHERE id = (
                SELECT id FROM notifications
                WHERE (state = 'pending' AND next_attempt_at <= @now) OR (state = 'sending' AND locked_until < @now)
                ORDER BY id LIMIT 1{database.SkipLocked})
            RETURNING id, notification_key, channel, target, subject, body, attempts
            """,
            null, r => new QueuedNotification(r.Long("id"), new Notification(r.String("notification_key")!, r.String("channel")!, r.String("target"), r.String("subject")!, r.String("body")!), r.Long("attempts")),
            cancellationToken, ("now", now.Ms()), ("lease", (now + lease).Ms())).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task CompleteAsync(QueuedNotification item, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE notifications SET state = 'sent', locked_until = NULL, last_error = NULL, sent_at = @now WHERE id = @id",
            null, cancellationToken, ("now", time.GetUtcNow().Ms()), ("id", item.Id)).ConfigureAwait(false);
    }

    /// <summary>Back to pending after <paramref name="retryIn"/>, or failed for good after the last attempt.</summary>
    public async Task ReleaseAsync(QueuedNotification item, string error, TimeSpan retryIn, bool final, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE notifications SET state = @state, locked_until = NULL, last_error = @error, next_attempt_at = @next WHERE id = @id",
            null, cancellationToken, ("state", final ? "failed" : "pending"), ("error", error), ("next", (time.GetUtcNow() + retryIn).Ms()), ("id", item.Id)).ConfigureAwait(false);
    }

    public async Task<List<(Notification Message, string State, long Attempts)>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT notification_key, channel, target, subject, body, state, attempts FROM notifications ORDER BY id", null,
            r => (new Notification(r.String("notification_key")!, r.String("channel")!, r.String("target"), r.String("subject")!, r.String("body")!), r.String("state")!, r.Long("attempts")),
            cancellationToken).ConfigureAwait(false);
    }
}
