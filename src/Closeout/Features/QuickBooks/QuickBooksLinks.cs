using System.Data.Common;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.QuickBooks;

/// <summary>The kinds of thing Closeout maps between Jobber and QuickBooks.</summary>
public static class LinkKinds
{
    public const string Customer = "customer";
    public const string Item = "item";
    public const string TaxCode = "taxcode";
    public const string IncomeAccount = "income_account";
    public const string Invoice = "invoice";
    public const string Payment = "payment";
}

/// <summary>Who first entered the linked thing: Closeout wrote it, it was found and matched, or it came from QuickBooks.</summary>
public static class LinkOrigins
{
    public const string Closeout = "closeout";
    public const string Matched = "matched";
    public const string QuickBooks = "quickbooks";
    public const string Jobber = "jobber";
}

/// <summary>
/// A Jobber thing (by its id; "default" for account-wide ones) and what it is in QuickBooks, with the SyncToken and
/// fingerprint of Closeout's last write (a change that matches them is Closeout's own, and is not echoed).
/// </summary>
public sealed record QboLink(
    string AccountId, string Kind, string LocalId, string QboId, string? SyncToken, string? Fingerprint, string Origin, string? Label, DateTimeOffset UpdatedAt);

/// <summary>The stored mapping (qbo_links).</summary>
internal sealed class QuickBooksLinks(Database database, TimeProvider time)
{
    public async Task<QboLink?> FindAsync(string accountId, string kind, string localId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("WHERE account_id = @account AND kind = @kind AND local_id = @local", cancellationToken,
            ("account", accountId), ("kind", kind), ("local", localId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<QboLink>> FindByQboAsync(string accountId, string kind, string qboId, CancellationToken cancellationToken) =>
        await QueryAsync("WHERE account_id = @account AND kind = @kind AND qbo_id = @qbo", cancellationToken,
            ("account", accountId), ("kind", kind), ("qbo", qboId)).ConfigureAwait(false);

    public async Task<IReadOnlyList<QboLink>> ListAsync(string accountId, CancellationToken cancellationToken) =>
        await QueryAsync("WHERE account_id = @account", cancellationToken, ("account", accountId)).ConfigureAwait(false);

    public async Task SaveAsync(QboLink link, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO qbo_links (account_id, kind, local_id, qbo_id, sync_token, fingerprint, origin, label, updated_at)
            VALUES (@account, @kind, @local, @qbo, @token, @fingerprint, @origin, @label, @now)
            ON CONFLICT (account_id, kind, local_id) DO UPDATE SET qbo_id = excluded.qbo_id, sync_token = excluded.sync_token,
                fingerprint = excluded.fingerprint, label = COALESCE(excluded.label, qbo_links.label), updated_at = excluded.updated_at
            """,
            null, cancellationToken,
            ("account", link.AccountId), ("kind", link.Kind), ("local", link.LocalId), ("qbo", link.QboId), ("token", link.SyncToken),
            ("fingerprint", link.Fingerprint), ("origin", link.Origin), ("label", link.Label), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
    }

    public QboLink New(string accountId, string kind, string localId, string qboId, string origin, string? label = null, string? syncToken = null, string? fingerprint = null) =>
        new(accountId, kind, localId, qboId, syncToken, fingerprint, origin, label, time.GetUtcNow());

    private async Task<List<QboLink>> QueryAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT * FROM qbo_links " + where + " ORDER BY kind, local_id", null, Map, cancellationToken, parameters).ConfigureAwait(false);
    }

    private static QboLink Map(DbDataReader r) => new(
        r.String("account_id")!, r.String("kind")!, r.String("local_id")!, r.String("qbo_id")!, r.String("sync_token"), r.String("fingerprint"),
        r.String("origin")!, r.String("label"), r.Time("updated_at"));
}
