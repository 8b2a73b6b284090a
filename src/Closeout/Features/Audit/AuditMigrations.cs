using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Audit;

/// <summary>
/// The audit chain (versions 150-159). audit_heads holds each account's last sequence and hash: the row appends lock to
/// take turns, and the record that makes a deleted or added tail entry visible.
/// </summary>
internal static class AuditMigrations
{
    public static readonly Migration[] All =
    [
        new(150, db => $"""
            CREATE TABLE audit_log (
                id {db.Identity},
                account_id TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                recorded_at BIGINT NOT NULL,
                subject TEXT NOT NULL,
                action TEXT NOT NULL,
                actor TEXT NOT NULL,
                before_json TEXT NULL,
                after_json TEXT NULL,
                evidence_json TEXT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                UNIQUE (account_id, sequence)
            );
            CREATE INDEX audit_log_subject ON audit_log (account_id, subject, sequence);
            CREATE TABLE audit_heads (
                account_id TEXT PRIMARY KEY,
                sequence BIGINT NOT NULL,
                hash TEXT NOT NULL
            );
            """),
    ];
}
