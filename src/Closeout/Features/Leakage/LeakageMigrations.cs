using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Leakage;

/// <summary>
/// Leakage schema (versions 400-499). suggestion_decisions: what a person decided on one suggestion of one draft (once);
/// rule_feedback: rejections counted per rule, read when suggesting; leakage_mailings: the month-end report sent once
/// per account and month.
/// </summary>
internal static class LeakageMigrations
{
    public static readonly Migration[] All =
    [
        new(400, db => $"""
            CREATE TABLE suggestion_decisions (
                id {db.Identity},
                account_id TEXT NOT NULL,
                job_id TEXT NOT NULL,
                item_id TEXT NOT NULL,
                decision TEXT NOT NULL,
                decided_by TEXT NOT NULL,
                rule_keys TEXT NOT NULL,
                decided_at BIGINT NOT NULL,
                UNIQUE (account_id, job_id, item_id)
            );
            CREATE TABLE rule_feedback (
                account_id TEXT NOT NULL,
                rule_key TEXT NOT NULL,
                rejections BIGINT NOT NULL,
                PRIMARY KEY (account_id, rule_key)
            );
            CREATE TABLE leakage_mailings (
                account_id TEXT NOT NULL,
                month TEXT NOT NULL,
                recipient TEXT NOT NULL,
                sent_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, month)
            );
            """),
    ];
}
