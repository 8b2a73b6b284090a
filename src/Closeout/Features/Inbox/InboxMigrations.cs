using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Inbox;

/// <summary>The inbox's schema changes in the integration range (500-599).</summary>
internal static class InboxMigrations
{
    public static readonly Migration[] All =
    [
        new(501, _ => "ALTER TABLE inbox ADD COLUMN trace_parent TEXT NULL;"),
    ];
}
