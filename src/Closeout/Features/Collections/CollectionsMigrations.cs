using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Collections;

/// <summary>Getting paid's schema (versions 200-299). Money is TEXT in invariant culture: exact on both providers.</summary>
internal static class CollectionsMigrations
{
    public static Migration[] All { get; } =
    [
        new(200, db => $"""
            CREATE TABLE receivables (
                account_id TEXT NOT NULL,
                invoice_id TEXT NOT NULL,
                invoice_number TEXT NOT NULL,
                client_id TEXT NOT NULL,
                status TEXT NOT NULL,
                total TEXT NOT NULL,
                balance TEXT NOT NULL,
                issued_at BIGINT NULL,
                due_at BIGINT NULL,
                viewed_at BIGINT NULL,
                paid_at BIGINT NULL,
                payments TEXT NOT NULL,
                disputed BIGINT NOT NULL DEFAULT 0,
                paused BIGINT NOT NULL DEFAULT 0,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, invoice_id)
            );
            CREATE INDEX receivables_client ON receivables (account_id, client_id);
            CREATE TABLE collection_clients (
                account_id TEXT NOT NULL,
                client_id TEXT NOT NULL,
                name TEXT NOT NULL,
                first_name TEXT NOT NULL,
                email TEXT NULL,
                phone TEXT NULL,
                sms_allowed BIGINT NOT NULL DEFAULT 0,
                province TEXT NULL,
                country TEXT NULL,
                sms_opted_out_at BIGINT NULL,
                email_opted_out_at BIGINT NULL,
                opt_out_confirmed BIGINT NOT NULL DEFAULT 0,
                paused BIGINT NOT NULL DEFAULT 0,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, client_id)
            );
            CREATE INDEX collection_clients_phone ON collection_clients (phone);
            CREATE TABLE reminder_deliveries (
                id {db.Identity},
                delivery_key TEXT NOT NULL,
                account_id TEXT NOT NULL,
                invoice_id TEXT NOT NULL,
                client_id TEXT NOT NULL,
                reminder_id TEXT NOT NULL,
                channel TEXT NOT NULL,
                tone TEXT NOT NULL,
                template TEXT NOT NULL,
                why TEXT NOT NULL,
                planned_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                not_before BIGINT NULL,
                provider_ref TEXT NULL,
                provider_status TEXT NULL,
                reason TEXT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                sent_at BIGINT NULL,
                UNIQUE (account_id, delivery_key)
            );
            CREATE INDEX reminder_deliveries_invoice ON reminder_deliveries (account_id, invoice_id);
            CREATE INDEX reminder_deliveries_provider ON reminder_deliveries (provider_ref);
            """),
        new(201, _ => """
            CREATE TABLE payment_plans (
                account_id TEXT NOT NULL,
                invoice_id TEXT NOT NULL,
                instalments TEXT NOT NULL,
                paid_before TEXT NOT NULL,
                accepted_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, invoice_id)
            );
            """),
    ];
}
