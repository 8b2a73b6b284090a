using System.Globalization;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.PriceBook;

/// <summary>An account's price book as last synced from Jobber, and when.</summary>
public sealed record SyncedCatalog(string AccountId, DateTimeOffset SyncedAt, IReadOnlyList<JobberProduct> Products);

/// <summary>The synced catalog: replaced whole on each sync (one transaction), read whole by the engine.</summary>
internal sealed class CatalogStore(Database database, TimeProvider time)
{
    public async Task ReplaceAsync(string accountId, IReadOnlyList<JobberProduct> products, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM catalog_items WHERE account_id = @account", transaction, cancellationToken, ("account", accountId)).ConfigureAwait(false);
        foreach (var p in products.DistinctBy(p => p.Id, StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO catalog_items (account_id, item_id, name, description, category, unit_price, taxable, visible)
                VALUES (@account, @id, @name, @description, @category, @price, @taxable, @visible)
                """,
                transaction, cancellationToken,
                ("account", accountId), ("id", p.Id), ("name", p.Name), ("description", p.Description), ("category", p.Category),
                ("price", p.UnitPrice.ToString(CultureInfo.InvariantCulture)), ("taxable", p.Taxable ? 1L : 0L), ("visible", p.Visible ? 1L : 0L)).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(
            "UPDATE accounts SET catalog_synced_at = @now, catalog_items = @count WHERE id = @account", transaction, cancellationToken,
            ("now", time.GetUtcNow().Ms()), ("count", (long)products.Count), ("account", accountId)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The account's synced catalog, or null when it was never synced.</summary>
    public async Task<SyncedCatalog?> FindAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var synced = await connection.QueryAsync(
            "SELECT catalog_synced_at FROM accounts WHERE id = @account", null, r => r.NullableTime("catalog_synced_at"), cancellationToken, ("account", accountId)).ConfigureAwait(false);
        if (synced.Count == 0 || synced[0] is not { } at)
        {
            return null;
        }

        var products = await connection.QueryAsync(
            "SELECT * FROM catalog_items WHERE account_id = @account ORDER BY item_id", null,
            r => new JobberProduct(
                r.String("item_id")!, r.String("name")!, r.String("description"), r.String("category")!,
                decimal.Parse(r.String("unit_price")!, NumberStyles.Number, CultureInfo.InvariantCulture), r.Long("taxable") != 0, r.Long("visible") != 0),
            cancellationToken, ("account", accountId)).ConfigureAwait(false);
        return new SyncedCatalog(accountId, at, products);
    }
}
