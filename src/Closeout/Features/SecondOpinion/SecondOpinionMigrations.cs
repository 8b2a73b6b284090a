using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.SecondOpinion;

/// <summary>The second opinion's audit and budget (510), the invoices Jobber sent, shown as similar past invoices (520).</summary>
internal static class SecondOpinionMigrations
{
    public static readonly Migration[] All =
    [
        new(510, db => $"""
            CREATE TABLE llm_calls (
                id {db.Identity},
                account_id TEXT NOT NULL,
                job_id TEXT NOT NULL,
                draft_id BIGINT NULL,
                provider TEXT NOT NULL,
                model TEXT NOT NULL,
                attempt BIGINT NOT NULL,
                called_at BIGINT NOT NULL,
                prompt TEXT NOT NULL,
                raw_response TEXT NULL,
                input_tokens BIGINT NULL,
                output_tokens BIGINT NULL,
                latency_ms BIGINT NOT NULL,
                cost_micros BIGINT NULL,
                outcome TEXT NOT NULL
            );
            CREATE INDEX llm_calls_job ON llm_calls (account_id, job_id);
            CREATE TABLE llm_budget (
                account_id TEXT NOT NULL,
                month TEXT NOT NULL,
                spent_micros BIGINT NOT NULL,
                PRIMARY KEY (account_id, month)
            );
            """),
        new(520, _ => """
            CREATE TABLE past_invoices (
                account_id TEXT NOT NULL,
                job_id TEXT NOT NULL,
                job TEXT NOT NULL,
                items TEXT NOT NULL,
                recorded_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, job_id)
            );
            """),
    ];
}
