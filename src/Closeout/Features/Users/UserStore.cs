using System.Data.Common;
using Closeout.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace Closeout.Features.Users;

/// <summary>ASP.NET Core Identity's user store over the users and user_roles tables (hand-written ADO.NET, no EF Core).</summary>
internal sealed class UserStore(Database database, TimeProvider time) :
    IUserPasswordStore<CloseoutUser>,
    IUserEmailStore<CloseoutUser>,
    IUserRoleStore<CloseoutUser>,
    IUserLockoutStore<CloseoutUser>,
    IUserSecurityStampStore<CloseoutUser>
{
    private const string Columns = "id, user_name, normalized_user_name, email, normalized_email, display_name, password_hash, security_stamp, lockout_end, lockout_enabled, access_failed_count, jobber_user_ids, created_at";

    public async Task<IdentityResult> CreateAsync(CloseoutUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.CreatedAt == default)
        {
            user.CreatedAt = time.GetUtcNow();
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var taken = await connection.QueryAsync("SELECT id FROM users WHERE normalized_user_name = @name OR normalized_email = @email", null, r => r.String("id"), cancellationToken,
            ("name", user.NormalizedUserName), ("email", user.NormalizedEmail)).ConfigureAwait(false);
        if (taken.Count > 0)
        {
            return IdentityResult.Failed(new IdentityError { Code = "DuplicateUserName", Description = $"A user named {user.UserName} already exists." });
        }

        await connection.ExecuteAsync(
            $"INSERT INTO users ({Columns}) VALUES (@id, @user_name, @normalized_user_name, @email, @normalized_email, @display_name, @password_hash, @security_stamp, @lockout_end, @lockout_enabled, @access_failed_count, @jobber_user_ids, @created_at)",
            null, cancellationToken, Parameters(user)).ConfigureAwait(false);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(CloseoutUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            UPDATE users SET user_name = @user_name, normalized_user_name = @normalized_user_name, email = @email, normalized_email = @normalized_email,
                display_name = @display_name, password_hash = @password_hash, security_stamp = @security_stamp, lockout_end = @lockout_end,
                lockout_enabled = @lockout_enabled, access_failed_count = @access_failed_count, jobber_user_ids = @jobber_user_ids
            WHERE id = @id
            """,
            null, cancellationToken, Parameters(user)).ConfigureAwait(false);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(CloseoutUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in new[] { "api_tokens", "user_roles" })
        {
            await connection.ExecuteAsync($"DELETE FROM {table} WHERE user_id = @id", transaction, cancellationToken, ("id", user.Id)).ConfigureAwait(false);
        }

        await connection.ExecuteAsync("DELETE FROM users WHERE id = @id", transaction, cancellationToken, ("id", user.Id)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return IdentityResult.Success;
    }

    public Task<CloseoutUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => FindAsync("id = @v", userId, cancellationToken);

    public Task<CloseoutUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) => FindAsync("normalized_user_name = @v", normalizedUserName, cancellationToken);

    public Task<CloseoutUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => FindAsync("normalized_email = @v", normalizedEmail, cancellationToken);

    /// <summary>Every user with their role, for the owner's user list.</summary>
    public async Task<List<(CloseoutUser User, string? Role)>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "u." + c))}, r.name AS role FROM users u LEFT JOIN user_roles ur ON ur.user_id = u.id LEFT JOIN roles r ON r.id = ur.role_id ORDER BY u.created_at, u.id",
            null, r => (Map(r), r.String("role")), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync("SELECT COUNT(*) AS n FROM users", null, r => r.Long("n"), cancellationToken).ConfigureAwait(false))[0] > 0;
    }

    private async Task<CloseoutUser?> FindAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync($"SELECT {Columns} FROM users WHERE {where}", null, Map, cancellationToken, ("v", value)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static (string, object?)[] Parameters(CloseoutUser user) =>
    [
        ("id", user.Id), ("user_name", user.UserName), ("normalized_user_name", user.NormalizedUserName ?? user.UserName.ToUpperInvariant()),
        ("email", user.Email), ("normalized_email", user.NormalizedEmail ?? user.Email.ToUpperInvariant()), ("display_name", user.DisplayName),
        ("password_hash", user.PasswordHash), ("security_stamp", user.SecurityStamp), ("lockout_end", user.LockoutEnd?.Ms()),
        ("lockout_enabled", user.LockoutEnabled ? 1L : 0L), ("access_failed_count", (long)user.AccessFailedCount),
        ("jobber_user_ids", string.Join(' ', user.JobberUserIds)), ("created_at", user.CreatedAt.Ms()),
    ];

    private static CloseoutUser Map(DbDataReader r) => new()
    {
        Id = r.String("id")!,
        UserName = r.String("user_name")!,
        NormalizedUserName = r.String("normalized_user_name"),
        Email = r.String("email")!,
        NormalizedEmail = r.String("normalized_email"),
        DisplayName = r.String("display_name")!,
        PasswordHash = r.String("password_hash"),
        SecurityStamp = r.String("security_stamp"),
        LockoutEnd = r.NullableTime("lockout_end"),
        LockoutEnabled = r.Long("lockout_enabled") != 0,
        AccessFailedCount = (int)r.Long("access_failed_count"),
        JobberUserIds = r.String("jobber_user_ids")!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        CreatedAt = r.Time("created_at"),
    };

    public Task<string> GetUserIdAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    public Task<string?> GetUserNameAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);

    public Task SetUserNameAsync(CloseoutUser user, string? userName, CancellationToken cancellationToken)
    {
        user.UserName = userName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(CloseoutUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedUserName = normalizedName;
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(CloseoutUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(CloseoutUser user, string? email, CancellationToken cancellationToken)
    {
        user.Email = email ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetEmailAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    // The owner enters every address by hand, and OpenID Connect providers vouch for theirs: no confirmation mail.
    public Task<bool> GetEmailConfirmedAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetEmailConfirmedAsync(CloseoutUser user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> GetNormalizedEmailAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(CloseoutUser user, string? normalizedEmail, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedEmail;
        return Task.CompletedTask;
    }

    public async Task AddToRoleAsync(CloseoutUser user, string roleName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO user_roles (user_id, role_id) SELECT @user, id FROM roles WHERE normalized_name = @role ON CONFLICT DO NOTHING",
            null, cancellationToken, ("user", user.Id), ("role", roleName)).ConfigureAwait(false);
    }

    public async Task RemoveFromRoleAsync(CloseoutUser user, string roleName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "DELETE FROM user_roles WHERE user_id = @user AND role_id IN (SELECT id FROM roles WHERE normalized_name = @role)",
            null, cancellationToken, ("user", user.Id), ("role", roleName)).ConfigureAwait(false);
    }

    public async Task<IList<string>> GetRolesAsync(CloseoutUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = @user ORDER BY r.name",
            null, r => r.String("name")!, cancellationToken, ("user", user.Id)).ConfigureAwait(false);
    }

    public async Task<bool> IsInRoleAsync(CloseoutUser user, string roleName, CancellationToken cancellationToken) =>
        (await GetRolesAsync(user, cancellationToken).ConfigureAwait(false)).Any(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase));

    public async Task<IList<CloseoutUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "u." + c))} FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.normalized_name = @role",
            null, Map, cancellationToken, ("role", roleName)).ConfigureAwait(false);
    }

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(CloseoutUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(CloseoutUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(CloseoutUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task SetSecurityStampAsync(CloseoutUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(CloseoutUser user, CancellationToken cancellationToken) => Task.FromResult(user.SecurityStamp);

    public void Dispose()
    {
    }
}

/// <summary>Identity's role store over the roles table (the four roles are seeded by migration 100; none are added).</summary>
internal sealed class RoleStore(Database database) : IRoleStore<CloseoutRole>
{
    public Task<IdentityResult> CreateAsync(CloseoutRole role, CancellationToken cancellationToken) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "FixedRoles", Description = "Closeout's roles are fixed: owner, manager, office, technician." }));

    public Task<IdentityResult> UpdateAsync(CloseoutRole role, CancellationToken cancellationToken) => CreateAsync(role, cancellationToken);

    public Task<IdentityResult> DeleteAsync(CloseoutRole role, CancellationToken cancellationToken) => CreateAsync(role, cancellationToken);

    public Task<string> GetRoleIdAsync(CloseoutRole role, CancellationToken cancellationToken) => Task.FromResult(role.Id);

    public Task<string?> GetRoleNameAsync(CloseoutRole role, CancellationToken cancellationToken) => Task.FromResult<string?>(role.Name);

    public Task SetRoleNameAsync(CloseoutRole role, string? roleName, CancellationToken cancellationToken)
    {
        role.Name = roleName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedRoleNameAsync(CloseoutRole role, CancellationToken cancellationToken) => Task.FromResult(role.NormalizedName);

    public Task SetNormalizedRoleNameAsync(CloseoutRole role, string? normalizedName, CancellationToken cancellationToken)
    {
        role.NormalizedName = normalizedName;
        return Task.CompletedTask;
    }

    public Task<CloseoutRole?> FindByIdAsync(string roleId, CancellationToken cancellationToken) => FindAsync("id = @v", roleId, cancellationToken);

    public Task<CloseoutRole?> FindByNameAsync(string normalizedRoleName, CancellationToken cancellationToken) => FindAsync("normalized_name = @v", normalizedRoleName, cancellationToken);

    private async Task<CloseoutRole?> FindAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync($"SELECT id, name, normalized_name FROM roles WHERE {where}", null,
            r => new CloseoutRole { Id = r.String("id")!, Name = r.String("name")!, NormalizedName = r.String("normalized_name") }, cancellationToken, ("v", value)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public void Dispose()
    {
    }
}
