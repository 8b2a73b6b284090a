using System.Data.Common;
using Closeout.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace Closeout.Features.Accounts;

/// <summary>Accounts with their tokens encrypted by ASP.NET Data Protection.</summary>
internal sealed class AccountStore(Database database, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Closeout.Accounts.Tokens.v1");

    public async Task<Account> ConnectAsync(string id, string name, JobberTokens tokens, string? business, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO accounts (id, name, access_token, refresh_token, access_expires_at, business, connected_at, disconnected_at)
            VALUES (@id, @name, @access, @refresh, @expires, @business, @now, NULL)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                access_expires_at = excluded.access_expires_at, business = COALESCE(excluded.business, accounts.business), disconnected_at = NULL
            """,
            null, cancellationToken,
            ("id", id), ("name", name), ("access", _protector.Protect(tokens.AccessToken)), ("refresh", _protector.Protect(tokens.RefreshToken)),
            ("expires", tokens.AccessExpiresAt.Ms()), ("business", business), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
        return (await FindAsync(id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<Account?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, id, lockRow: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT * FROM accounts ORDER BY name", null, Map, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the account inside <paramref name="transaction"/>; with <paramref name="lockRow"/> PostgreSQL holds the row until it ends.</summary>
    public async Task<Account?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, bool lockRow, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync("SELECT * FROM accounts WHERE id = @id" + (lockRow ? database.ForUpdate : ""), transaction, Map, cancellationToken, ("id", id)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task SaveTokensAsync(DbConnection connection, DbTransaction? transaction, string id, JobberTokens tokens, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(
            "UPDATE accounts SET access_token = @access, refresh_token = @refresh, access_expires_at = @expires WHERE id = @id",
            transaction, cancellationToken,
            ("id", id), ("access", _protector.Protect(tokens.AccessToken)), ("refresh", _protector.Protect(tokens.RefreshToken)), ("expires", tokens.AccessExpiresAt.Ms())).ConfigureAwait(false);

    public async Task DisconnectAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE accounts SET access_token = NULL, refresh_token = NULL, disconnected_at = @now WHERE id = @id", null, cancellationToken,
            ("id", id), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
    }

    private Account Map(DbDataReader reader)
    {
        var access = reader.String("access_token");
        var refresh = reader.String("refresh_token");
        var tokens = access is null || refresh is null
            ? null
            : new JobberTokens(_protector.Unprotect(access), _protector.Unprotect(refresh), reader.NullableTime("access_expires_at") ?? DateTimeOffset.MinValue);
        return new Account(reader.String("id")!, reader.String("name")!, tokens, reader.String("business"), reader.Time("connected_at"), reader.NullableTime("disconnected_at"));
    }
}
