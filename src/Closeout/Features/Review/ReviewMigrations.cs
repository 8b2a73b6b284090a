using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Review;

/// <summary>
/// Review state kept with the draft (versions 110-119): where it stands, the reviewed lines, who decided and why, the job as
/// Jobber returned it (notes and time sheets shown beside the draft), and each account's choice of sending on approval.
/// </summary>
internal static class ReviewMigrations
{
    public static Migration[] All { get; } =
    [
        new(110, _ => """
            ALTER TABLE drafts ADD COLUMN job TEXT NULL;
            ALTER TABLE drafts ADD COLUMN review_state TEXT NOT NULL DEFAULT 'waiting';
            ALTER TABLE drafts ADD COLUMN reviewed TEXT NULL;
            ALTER TABLE drafts ADD COLUMN review_reason TEXT NULL;
            ALTER TABLE drafts ADD COLUMN reviewed_by TEXT NULL;
            ALTER TABLE drafts ADD COLUMN reviewed_at BIGINT NULL;
            ALTER TABLE drafts ADD COLUMN send_error TEXT NULL;
            ALTER TABLE drafts ADD COLUMN review_version BIGINT NOT NULL DEFAULT 0;
            CREATE INDEX drafts_review_state ON drafts (review_state);
            CREATE TABLE review_settings (
                account_id TEXT PRIMARY KEY,
                send_on_approve BIGINT NOT NULL
            );
            """),
    ];
}
