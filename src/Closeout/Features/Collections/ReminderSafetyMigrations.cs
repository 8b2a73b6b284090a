using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Collections;

/// <summary>Reminder safety's schema (versions 240-259, ADR 0013), kept apart from the ledger's 200-239.</summary>
internal static class ReminderSafetyMigrations
{
    public static Migration[] All { get; } =
    [
        // An invoice paid in another system of record (QuickBooks) is closed for reminders at once, whatever Jobber says yet;
        // the cursor keeps the last paid-feed row applied, per feed.
        new(240, _ => """
            ALTER TABLE receivables ADD COLUMN settled_elsewhere TEXT NULL;
            CREATE TABLE collection_cursors (
                name TEXT PRIMARY KEY,
                position BIGINT NOT NULL
            );
            """),

        // When a send attempt passed its point of no return (SMTP recipients accepted, Twilio create sent); null: not yet.
        new(241, _ => "ALTER TABLE reminder_deliveries ADD COLUMN handed_over_at BIGINT NULL;"),

        // An instance's lease on an invoice for one reminder pass: several Closeout instances on one PostgreSQL database
        // claim invoices with FOR UPDATE SKIP LOCKED, so one invoice's deliveries are decided and sent by one at a time.
        new(242, _ => """
            ALTER TABLE receivables ADD COLUMN claimed_until BIGINT NULL;
            ALTER TABLE receivables ADD COLUMN claimed_by TEXT NULL;
            """),
    ];
}
