using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.Users;

/// <summary>POST /signout ends the session (a GET does nothing, so a link elsewhere cannot sign anyone out).</summary>
internal sealed class SignOutModel(SignInManager<CloseoutUser> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Review/Queue");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync().ConfigureAwait(false);
        return RedirectToPage("/Users/SignIn");
    }
}
