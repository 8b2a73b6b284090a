using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.Users;

/// <summary>Creates the owner, only while no user exists; afterwards it sends everyone to sign in.</summary>
internal sealed class FirstRunModel(CreateUser create, SignInManager<CloseoutUser> signIn, UserStore store) : PageModel
{
    public string? Error { get; private set; }

    public string? Email { get; private set; }

    public string? DisplayName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await store.AnyAsync(cancellationToken).ConfigureAwait(false) ? RedirectToPage("/Users/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? displayName, CancellationToken cancellationToken)
    {
        Email = email;
        DisplayName = displayName;
        var created = await create.RunAsync(new NewUser(email ?? "", displayName ?? "", Roles.Owner, password ?? "", []), onlyIfNoUsers: true, cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            if (created.Problem!.Kind == Infrastructure.ProblemKind.Conflict)
            {
                return RedirectToPage("/Users/SignIn");
            }

            Error = created.Problem.Detail;
            return Page();
        }

        await signIn.SignInAsync(created.Value!, isPersistent: false).ConfigureAwait(false);
        return LocalRedirect("/");
    }
}
