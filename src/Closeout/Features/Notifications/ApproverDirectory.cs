using Closeout.Features.Approvals;
using Closeout.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Notifications;

/// <summary>Who to write to for an approver: the emails of a role's members, or a named user's email.</summary>
public interface IApproverDirectory
{
    Task<IReadOnlyList<string>> EmailsAsync(string accountId, Approver approver, CancellationToken cancellationToken);
}

/// <summary>
/// The people Closeout knows: a role's members are the users who hold it, plus any addresses configured for it under
/// Notifications:Roles (a shared inbox, someone without a sign-in); a named user is their email, by address or by user id.
/// </summary>
internal sealed class UserApproverDirectory(Database database, IOptions<NotificationOptions> options) : IApproverDirectory
{
    public async Task<IReadOnlyList<string>> EmailsAsync(string accountId, Approver approver, CancellationToken cancellationToken)
    {
        if (approver.Kind == Approver.UserKind && approver.Id.Contains('@', StringComparison.Ordinal))
        {
            return [approver.Id];
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = approver.Kind == Approver.RoleKind
            ? await connection.QueryAsync(
                """
                SELECT u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
                WHERE r.name = @role AND u.email <> '' ORDER BY u.created_at, u.id
                """,
                null, r => r.String("email")!, cancellationToken, ("role", approver.Id)).ConfigureAwait(false)
            : await connection.QueryAsync(
                "SELECT email FROM users WHERE id = @id AND email <> ''", null, r => r.String("email")!, cancellationToken, ("id", approver.Id)).ConfigureAwait(false);
        var configured = approver.Kind == Approver.RoleKind && options.Value.Roles.TryGetValue(approver.Id, out var members) ? members : [];
        return found.Concat(configured).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
