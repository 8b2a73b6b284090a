using System.Data.Common;
using Closeout.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace Closeout.Features.QuickBooks;

/// <summary>QuickBooks tokens in clear (encrypted only at rest). The refresh token rotates: always keep the latest.</summary>
public sealed record QboTokens(string AccessToken, string RefreshToken, DateTimeOffset AccessExpiresAt, DateTimeOffset? RefreshExpiresAt)
{
    public override string ToString() => $"QboTokens(expires {AccessExpiresAt:O})";
}

/// <summary>The QuickBooks company (realm) a Closeout account is connected to.</summary>
public sealed record QboConnection(string AccountId, string RealmId, QboTokens? Tokens, DateTimeOffset ConnectedAt, DateTimeOffset? DisconnectedAt, DateTimeOffset? CdcSince);

/// <summary>Connections with their tokens encrypted by ASP.NET Core Data Protection.</summary>
internal sealed class QuickBooksConnections(Database database, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Closeout.QuickBooks.Tokens.v1");

    public async Task<QboConnection> ConnectAsync(string accountId, string realmId, QboTokens tokens, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // A realm belongs to one account: connecting it elsewhere moves it (the old account loses it).
        await connection.ExecuteAsync("DELETE FROM qbo_connections WHERE realm_id = @realm AND account_id <> @account", null, cancellationToken,
            ("realm", realmId), ("account", accountId)).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO qbo_connections (account_id, realm_id, access_token, refresh_token, access_expires_at, refresh_expires_at, connected_at, disconnected_at, cdc_since)
            VALUES (@account, @realm, @access, @refresh, @expires, @refreshExpires, @now, NULL, @now)
            ON CONFLICT (account_id) DO UPDATE SET realm_id = excluded.realm_id, access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                access_expires_at = excluded.access_expires_at, refresh_expires_at = excluded.refresh_expires_at, disconnected_at = NULL,
                cdc_since = CASE WHEN qbo_connections.realm_id = excluded.realm_id THEN qbo_connections.cdc_since ELSE excluded.cdc_since END
            """,
            null, cancellationToken,
            ("account", accountId), ("realm", realmId), ("access", _protector.Protect(tokens.AccessToken)), ("refresh", _protector.Protect(tokens.RefreshToken)),
            ("expires", tokens.AccessExpiresAt.Ms()), ("refreshExpires", tokens.RefreshExpiresAt?.Ms()), ("now", now.Ms())).ConfigureAwait(false);
        return (await FindAsync(accountId, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<QboConnection?> FindAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, accountId, lockRow: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QboConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT * FROM qbo_connections WHERE realm_id = @realm", null, Map, cancellationToken, ("realm", realmId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<QboConnection>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT * FROM qbo_connections ORDER BY account_id", null, Map, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QboConnection?> FindAsync(DbConnection connection, DbTransaction? transaction, string accountId, bool lockRow, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync("SELECT * FROM qbo_connections WHERE account_id = @account" + (lockRow ? database.ForUpdate : ""), transaction, Map, cancellationToken,
            ("account", accountId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task SaveTokensAsync(DbConnection connection, DbTransaction? transaction, string accountId, QboTokens tokens, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "UPDATE qbo_connections SET access_token = @access, refresh_token = @refresh, access_expires_at = @expires, refresh_expires_at = COALESCE(@refreshExpires, refresh_expires_at) WHERE account_id = @account",
            transaction, cancellationToken,
            ("account", accountId), ("access", _protector.Protect(tokens.AccessToken)), ("refresh", _protector.Protect(tokens.RefreshToken)),
            ("expires", tokens.AccessExpiresAt.Ms()), ("refreshExpires", tokens.RefreshExpiresAt?.Ms()));

    public async Task DisconnectAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE qbo_connections SET access_token = NULL, refresh_token = NULL, disconnected_at = @now WHERE account_id = @account",
            null, cancellationToken, ("account", accountId), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
    }

    /// <summary>Moves the CDC cursor forward (never back).</summary>
    public async Task AdvanceCdcAsync(string accountId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE qbo_connections SET cdc_since = @since WHERE account_id = @account AND (cdc_since IS NULL OR cdc_since < @since)",
            null, cancellationToken, ("account", accountId), ("since", since.Ms())).ConfigureAwait(false);
    }

    /// <summary>What is stored for a token (for the test that proves tokens are not kept in clear).</summary>
    internal async Task<string?> RawRefreshTokenAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT refresh_token FROM qbo_connections WHERE account_id = @account", null, r => r.String("refresh_token"), cancellationToken,
            ("account", accountId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private QboConnection Map(DbDataReader reader)
    {
        var access = reader.String("access_token");
        var refresh = reader.String("refresh_token");
        var tokens = access is null || refresh is null
            ? null
            : new QboTokens(_protector.Unprotect(access), _protector.Unprotect(refresh), reader.NullableTime("access_expires_at") ?? DateTimeOffset.MinValue, reader.NullableTime("refresh_expires_at"));
        return new QboConnection(reader.String("account_id")!, reader.String("realm_id")!, tokens, reader.Time("connected_at"), reader.NullableTime("disconnected_at"), reader.NullableTime("cdc_since"));
    }
}
