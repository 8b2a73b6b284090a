using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.PriceBook;

/// <summary>The catalog synced from Jobber's products and services (integration range 500-599).</summary>
internal static class CatalogMigrations
{
    public static readonly Migration[] All =
    [
        new(500, _ => """
            CREATE TABLE catalog_items (
                account_id TEXT NOT NULL,
                item_id TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT NULL,
                category TEXT NOT NULL,
                unit_price TEXT NOT NULL,
                taxable BIGINT NOT NULL,
                visible BIGINT NOT NULL,
                PRIMARY KEY (account_id, item_id)
            );
            ALTER TABLE accounts ADD COLUMN catalog_synced_at BIGINT NULL;
            ALTER TABLE accounts ADD COLUMN catalog_items BIGINT NULL;
            """),
    ];
}
