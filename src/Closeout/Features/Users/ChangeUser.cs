using Closeout.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Closeout.Features.Users;

/// <summary>What the owner changes about a user; null leaves it as it is. Locked stops sign-in and the user's API tokens.</summary>
public sealed record UserChange(string? Role = null, string? DisplayName = null, IReadOnlyList<string>? JobberUserIds = null, bool? Locked = null, bool Delete = false);

/// <summary>The owner changes a user's role, name, Jobber ids or lock, or deletes the user; never their own role, lock or account.</summary>
internal sealed class ChangeUser(UserManager<CloseoutUser> users)
{
    public async Task<Outcome<CloseoutUser>> RunAsync(string actingUserId, string userId, UserChange change, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId).ConfigureAwait(false);
        if (user is null)
        {
            return Problem.NotFound($"No user {userId}");
        }

        if (userId == actingUserId && (change.Delete || change.Locked == true || (change.Role is not null && change.Role != Roles.Owner)))
        {
            return Problem.Conflict("You cannot lock, delete or demote yourself; another owner must");
        }

        if (change.Delete)
        {
            await users.DeleteAsync(user).ConfigureAwait(false);
            return user;
        }

        if (change.Role is { } role)
        {
            if (!Roles.All.Contains(role))
            {
                return Problem.Invalid($"Unknown role '{role}': one of {string.Join(", ", Roles.All)}");
            }

            await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user).ConfigureAwait(false)).ConfigureAwait(false);
            await users.AddToRoleAsync(user, role).ConfigureAwait(false);
        }

        if (change.DisplayName is { Length: > 0 } name)
        {
            user.DisplayName = name.Trim();
        }

        if (change.JobberUserIds is { } ids)
        {
            user.JobberUserIds = ids.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct().ToList();
        }

        if (change.Locked is { } locked)
        {
            await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null).ConfigureAwait(false);
            if (!locked)
            {
                await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
            }
        }

        // A new stamp signs the user out everywhere within a minute, so a new role or a lock applies at once.
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        return user;
    }
}
