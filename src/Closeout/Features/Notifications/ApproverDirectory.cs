using Closeout.Features.Approvals;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Notifications;

/// <summary>Who to write to for an approver: the emails of a role's members, or a named user's email.</summary>
public interface IApproverDirectory
{
    Task<IReadOnlyList<string>> EmailsAsync(string accountId, Approver approver, CancellationToken cancellationToken);
}

/// <summary>The configured directory: Notifications:Roles lists each role's emails; a named user that is an email is its own address.</summary>
internal sealed class ConfiguredApproverDirectory(IOptions<NotificationOptions> options) : IApproverDirectory
{
    public Task<IReadOnlyList<string>> EmailsAsync(string accountId, Approver approver, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> emails = approver.Kind == Approver.RoleKind
            ? options.Value.Roles.TryGetValue(approver.Id, out var members) ? members : []
            : approver.Id.Contains('@', StringComparison.Ordinal) ? [approver.Id] : [];
        return Task.FromResult(emails);
    }
}
