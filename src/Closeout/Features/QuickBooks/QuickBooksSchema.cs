using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// The QuickBooks sync's tables (versions 300-399). Money is stored in cents (BIGINT) so both providers read it exactly.
/// <list type="bullet">
/// <item>qbo_connections: one QuickBooks company (realm) per Closeout account, tokens encrypted, the CDC cursor.</item>
/// <item>qbo_links: what each Jobber thing is in QuickBooks (customer, item, taxcode, invoice, payment), with the
/// SyncToken and fingerprint Closeout last wrote (so its own writes are recognised and not echoed back) and the origin.</item>
/// <item>invoice_paid: one row per payment seen on a Jobber invoice, from either side: the "invoice paid" feed the
/// reminders read (ADR 0008).</item>
/// </list>
/// </summary>
internal static class QuickBooksSchema
{
    public static Migration[] Migrations { get; } =
    [
        new(300, db => $"""
            CREATE TABLE qbo_connections (
                account_id TEXT PRIMARY KEY,
                realm_id TEXT NOT NULL,
                access_token TEXT NULL,
                refresh_token TEXT NULL,
                access_expires_at BIGINT NULL,
                refresh_expires_at BIGINT NULL,
                connected_at BIGINT NOT NULL,
                disconnected_at BIGINT NULL,
                cdc_since BIGINT NULL
            );
            CREATE UNIQUE INDEX qbo_connections_realm ON qbo_connections (realm_id);
            CREATE TABLE qbo_links (
                account_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                local_id TEXT NOT NULL,
                qbo_id TEXT NOT NULL,
                sync_token TEXT NULL,
                fingerprint TEXT NULL,
                origin TEXT NOT NULL,
                label TEXT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, kind, local_id)
            );
            CREATE INDEX qbo_links_qbo ON qbo_links (account_id, kind, qbo_id);
            CREATE TABLE invoice_paid (
                id {db.Identity},
                account_id TEXT NOT NULL,
                invoice_id TEXT NOT NULL,
                payment_key TEXT NOT NULL,
                source TEXT NOT NULL,
                amount_cents BIGINT NOT NULL,
                balance_cents BIGINT NULL,
                paid_in_full BIGINT NOT NULL,
                occurred_at BIGINT NOT NULL,
                recorded_at BIGINT NOT NULL,
                UNIQUE (account_id, payment_key)
            );
            CREATE INDEX invoice_paid_invoice ON invoice_paid (account_id, invoice_id);
            """),
    ];
}
