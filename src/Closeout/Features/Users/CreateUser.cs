using Closeout.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Closeout.Features.Users;

public sealed record NewUser(string Email, string DisplayName, string Role, string Password, IReadOnlyList<string> JobberUserIds);

public sealed record UserView(string Id, string Email, string DisplayName, string? Role, IReadOnlyList<string> JobberUserIds, bool LockedOut, DateTimeOffset CreatedAt);

/// <summary>Creates a local user with a hashed password and one role (the first run: the owner, only while nobody exists).</summary>
internal sealed class CreateUser(UserManager<CloseoutUser> users, UserStore store)
{
    private static readonly SemaphoreSlim FirstRun = new(1, 1);

    public async Task<Outcome<CloseoutUser>> RunAsync(NewUser request, bool onlyIfNoUsers, CancellationToken cancellationToken)
    {
        if (!Roles.All.Contains(request.Role))
        {
            return Problem.Invalid($"Unknown role '{request.Role}': one of {string.Join(", ", Roles.All)}");
        }

        if (string.IsNullOrWhiteSpace(request.Email) || !request.Email.Contains('@', StringComparison.Ordinal))
        {
            return Problem.Invalid("An email address is required");
        }

        // One at a time, so two first-run forms sent together cannot both make an owner.
        await FirstRun.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (onlyIfNoUsers && await store.AnyAsync(cancellationToken).ConfigureAwait(false))
            {
                return Problem.Conflict("Closeout already has users; the owner adds more on the Users page");
            }

            var user = new CloseoutUser
            {
                UserName = request.Email.Trim(),
                Email = request.Email.Trim(),
                DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.Email.Trim() : request.DisplayName.Trim(),
                JobberUserIds = request.JobberUserIds.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct().ToList(),
            };
            var created = await users.CreateAsync(user, request.Password).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                return Problem.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(user, request.Role).ConfigureAwait(false);
            return user;
        }
        finally
        {
            FirstRun.Release();
        }
    }
}
