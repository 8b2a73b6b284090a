using System.Data.Common;

namespace Closeout.Infrastructure.Persistence;

/// <summary>One schema change: applied once, in its own transaction, in version order.</summary>
internal sealed record Migration(long Version, Func<Database, string> Script);

/// <summary>
/// Brings the schema up to date at start-up. Each feature owns its schema changes in its own folder and lists them here;
/// versions are numbered in ranges per feature (core 1-99, governance 100-199, getting paid 200-299, QuickBooks 300-399,
/// leakage 400-499, integration 500-599) so features can grow their schema independently. A version missing from a database
/// is applied even when higher ones already were.
/// </summary>
internal sealed partial class Migrations(Database database, TimeProvider time, ILogger<Migrations> logger)
{
    private static readonly Migration[] Core =
    [
        new(1, db => $"""
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                access_token TEXT NULL,
                refresh_token TEXT NULL,
                access_expires_at BIGINT NULL,
                business TEXT NULL,
                connected_at BIGINT NOT NULL,
                disconnected_at BIGINT NULL
            );
            CREATE TABLE inbox (
                id {db.Identity},
                delivery_key TEXT NOT NULL UNIQUE,
                topic TEXT NOT NULL,
                account_id TEXT NULL,
                item_id TEXT NULL,
                occurred_at TEXT NULL,
                received_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                locked_until BIGINT NULL,
                error_kind TEXT NULL,
                last_error TEXT NULL,
                completed_at BIGINT NULL
            );
            CREATE INDEX inbox_due ON inbox (state, next_attempt_at);
            CREATE TABLE drafts (
                id {db.Identity},
                account_id TEXT NOT NULL,
                job_id TEXT NOT NULL,
                job_number BIGINT NULL,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (account_id, job_id)
            );
            CREATE TABLE outbox (
                id {db.Identity},
                outbox_key TEXT NOT NULL UNIQUE,
                account_id TEXT NOT NULL,
                job_id TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                locked_until BIGINT NULL,
                invoice_id TEXT NULL,
                last_error TEXT NULL,
                created_at BIGINT NOT NULL,
                sent_at BIGINT NULL
            );
            """),
    ];

    /// <summary>Every feature's schema changes, in version order. Add a feature's array here.</summary>
    private static IEnumerable<Migration> All => Core
        .Concat(Features.Audit.AuditMigrations.All)
        .Concat(Features.Approvals.ApprovalStore.Migrations)
        .Concat(Features.Notifications.NotificationOutbox.Migrations)
        .Concat(Features.Pilot.PilotStore.Migrations)
        .Concat(Features.PriceBook.CatalogMigrations.All)
        .Concat(Features.Inbox.InboxMigrations.All)
        .Concat(Features.SecondOpinion.SecondOpinionMigrations.All)
        .Concat(Features.Secrets.SecretStore.Migrations)
        .Concat(Features.Users.UsersMigrations.All)
        .Concat(Features.Review.ReviewMigrations.All)
        .Concat(Features.Leakage.LeakageMigrations.All)
        .Concat(Features.Collections.CollectionsMigrations.All)
        .Concat(Features.Collections.ReminderSafetyMigrations.All)
        .Concat(Features.Collections.LateFeeStore.Migrations)
        .Concat(Features.QuickBooks.QuickBooksSchema.Migrations)
        .OrderBy(m => m.Version);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (database.Provider == StorageProvider.Sqlite)
        {
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;", null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Instances starting together take turns; the lock ends with the session.
            await connection.ExecuteAsync("SELECT pg_advisory_lock(727274)", null, cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)", null, cancellationToken).ConfigureAwait(false);
        var applied = (await connection.QueryAsync("SELECT version FROM schema_migrations", null, r => r.Long("version"), cancellationToken).ConfigureAwait(false)).ToHashSet();
        foreach (var migration in All)
        {
            var version = migration.Version;
            if (applied.Contains(version))
            {
                continue;
            }

            await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(migration.Script(database), transaction, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)", transaction, cancellationToken,
                ("v", version), ("t", time.GetUtcNow().Ms())).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogApplied(logger, version, database.Provider);
        }

        if (database.Provider == StorageProvider.Postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(727274)", null, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} on {Provider}")]
    private static partial void LogApplied(ILogger logger, long version, StorageProvider provider);
}
