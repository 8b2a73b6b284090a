using System.Text.RegularExpressions;
using Closeout.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace Closeout.Features.Secrets;

/// <summary>A stored secret's name and when it was last set; the value never leaves <see cref="SecretStore.FindAsync"/>.</summary>
public sealed record SecretName(string Name, DateTimeOffset UpdatedAt);

/// <summary>
/// Named secrets (model providers' API keys) in the database, encrypted with ASP.NET Data Protection as the Jobber
/// tokens are, so a database dump or backup holds no usable key. Values are read only by the code that uses them.
/// </summary>
internal sealed partial class SecretStore(Database database, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Closeout.Secrets.v1");

    public static readonly Migration[] Migrations =
    [
        new(530, _ => """
            CREATE TABLE secrets (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            """),
    ];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Letters, digits, '.', '_' and '-', at most 100, starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException("A secret's name is letters, digits, '.', '_' and '-'.", nameof(name));
        }

        ArgumentException.ThrowIfNullOrEmpty(value);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO secrets (name, value, updated_at) VALUES (@name, @value, @now)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            null, cancellationToken, ("name", name), ("value", _protector.Protect(value)), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
    }

    /// <summary>The secret's value; null when there is none by that name.</summary>
    public async Task<string?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT value FROM secrets WHERE name = @name", null, r => r.String("value")!, cancellationToken, ("name", name)).ConfigureAwait(false);
        return rows.Count == 0 ? null : _protector.Unprotect(rows[0]);
    }

    public async Task<IReadOnlyList<SecretName>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT name, updated_at FROM secrets ORDER BY name", null, r => new SecretName(r.String("name")!, r.Time("updated_at")), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>False when there was no secret by that name.</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM secrets WHERE name = @name", null, cancellationToken, ("name", name)).ConfigureAwait(false) > 0;
    }
}

internal static class SecretStoreExtensions
{
    public static IServiceCollection AddSecretStore(this IServiceCollection services) => services.AddSingleton<SecretStore>();
}
