using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Users;

/// <summary>Users, their roles and API tokens (versions 100-109 of the governance range).</summary>
internal static class UsersMigrations
{
    public static Migration[] All { get; } =
    [
        new(100, db => $"""
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                user_name TEXT NOT NULL,
                normalized_user_name TEXT NOT NULL UNIQUE,
                email TEXT NOT NULL,
                normalized_email TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NULL,
                security_stamp TEXT NULL,
                lockout_end BIGINT NULL,
                lockout_enabled BIGINT NOT NULL,
                access_failed_count BIGINT NOT NULL,
                jobber_user_ids TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE roles (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                normalized_name TEXT NOT NULL UNIQUE
            );
            INSERT INTO roles (id, name, normalized_name) VALUES
                ('owner', 'owner', 'OWNER'), ('manager', 'manager', 'MANAGER'), ('office', 'office', 'OFFICE'), ('technician', 'technician', 'TECHNICIAN');
            CREATE TABLE user_roles (
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                role_id TEXT NOT NULL REFERENCES roles (id),
                PRIMARY KEY (user_id, role_id)
            );
            CREATE TABLE api_tokens (
                id {db.Identity},
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT NULL,
                revoked_at BIGINT NULL
            );
            """),
    ];
}
