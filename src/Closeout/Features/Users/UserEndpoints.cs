using System.Security.Claims;
using Closeout.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Closeout.Features.Users;

public sealed record NewToken(string? Name);

public sealed record IssuedToken(string Token, string Name);

/// <summary>The users API: who am I (anyone signed in), and the owner's user management (list, add, change, delete, API tokens).</summary>
internal static class UserEndpoints
{
    public static IServiceCollection AddUserManagement(this IServiceCollection services) =>
        services.AddScoped<CreateUser>().AddScoped<ChangeUser>();

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Users").RequireAntiforgeryForCookies();
        api.MapGet("/me", async (ClaimsPrincipal me, UserManager<CloseoutUser> users) =>
                await users.GetUserAsync(me).ConfigureAwait(false) is { } user ? Results.Ok(await ViewAsync(users, user).ConfigureAwait(false)) : Results.Unauthorized())
            .RequireAuthorization(Policies.SignedIn).WithSummary("The signed-in user and their role");

        var owner = api.MapGroup("/users").RequireAuthorization(Policies.Owner);
        owner.MapGet("/", async (UserStore store, TimeProvider time, CancellationToken cancel) =>
                (await store.ListAsync(cancel).ConfigureAwait(false)).ConvertAll(u => View(u.User, u.Role, u.User.LockoutEnd > time.GetUtcNow())))
            .WithSummary("Every user with their role (owner only)");
        owner.MapPost("/", async (NewUser request, CreateUser create, UserManager<CloseoutUser> users, CancellationToken cancel) =>
                (await create.RunAsync(request, onlyIfNoUsers: false, cancel).ConfigureAwait(false)).ToResult(u => Results.Created($"/api/users/{u.Id}", View(u, request.Role, false))))
            .WithSummary("Adds a user with a password and a role (owner only)");
        owner.MapPut("/{id}", async (string id, UserChange change, ClaimsPrincipal me, ChangeUser run, UserManager<CloseoutUser> users, CancellationToken cancel) =>
            {
                var changed = await run.RunAsync(users.GetUserId(me)!, id, change with { Delete = false }, cancel).ConfigureAwait(false);
                return changed.IsSuccess ? Results.Ok(await ViewAsync(users, changed.Value!).ConfigureAwait(false)) : changed.Problem!.ToResult();
            })
            .WithSummary("Changes a user's role, name, Jobber user ids or lock (owner only)");
        owner.MapDelete("/{id}", async (string id, ClaimsPrincipal me, ChangeUser run, UserManager<CloseoutUser> users, CancellationToken cancel) =>
                (await run.RunAsync(users.GetUserId(me)!, id, new UserChange(Delete: true), cancel).ConfigureAwait(false)).ToResult(_ => Results.NoContent()))
            .WithSummary("Deletes a user (owner only)");
        owner.MapPost("/{id}/tokens", async (string id, NewToken request, UserManager<CloseoutUser> users, ApiTokenStore tokens, CancellationToken cancel) =>
            {
                if (await users.FindByIdAsync(id).ConfigureAwait(false) is null)
                {
                    return Problem.NotFound($"No user {id}").ToResult();
                }

                var name = string.IsNullOrWhiteSpace(request.Name) ? "api" : request.Name.Trim();
                return Results.Ok(new IssuedToken(await tokens.IssueAsync(id, name, cancel).ConfigureAwait(false), name));
            })
            .WithSummary("Issues an API token that acts as the user; shown once (owner only)");
        return endpoints;
    }

    public static UserView View(CloseoutUser user, string? role, bool lockedOut) =>
        new(user.Id, user.Email, user.DisplayName, role, user.JobberUserIds, lockedOut, user.CreatedAt);

    private static async Task<UserView> ViewAsync(UserManager<CloseoutUser> users, CloseoutUser user) =>
        View(user, (await users.GetRolesAsync(user).ConfigureAwait(false)).FirstOrDefault(), await users.IsLockedOutAsync(user).ConfigureAwait(false));
}
