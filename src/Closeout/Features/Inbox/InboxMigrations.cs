using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Inbox;

/// <summary>The inbox's schema changes in the integration range (500-599).</summary>
internal static class InboxMigrations
{
    public static readonly Migration[] All =
    [
        new(501, _ => "ALTER TABLE inbox ADD COLUMN trace_parent TEXT NULL;"),

        // How far the importer has moved the intake journal into the inbox (one row; SQLite only uses it, ADR 0016).
        new(540, _ => "CREATE TABLE intake_journal (id INTEGER PRIMARY KEY, segment BIGINT NOT NULL, position BIGINT NOT NULL);"),

        // A copy of a Jobber delivery arrived while it was being worked: work it again when done (ADR 0016).
        new(541, _ => "ALTER TABLE inbox ADD COLUMN redo BIGINT NOT NULL DEFAULT 0;"),
    ];
}
