using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Users;

/// <summary>Email and password (locked out after repeated failures), or single sign-on when configured. Before anyone exists, the first-run page.</summary>
internal sealed class SignInModel(SignInManager<CloseoutUser> signIn, UserStore store, IOptions<OpenIdConnectSettings> sso) : PageModel
{
    public string? Error { get; private set; }

    public string? Email { get; private set; }

    public string? ReturnUrl { get; private set; }

    public string? SingleSignOn => sso.Value.Enabled ? sso.Value.DisplayName : null;

    public async Task<IActionResult> OnGetAsync(string? returnUrl, string? sso, CancellationToken cancellationToken)
    {
        if (!await store.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return RedirectToPage("/Users/FirstRun");
        }

        if (sso == "failed" && SingleSignOn is not null)
        {
            Error = $"{SingleSignOn} did not sign you in: no Closeout user has that email, or the user is locked out. Ask the owner to add you.";
        }

        ReturnUrl = LocalOrHome(returnUrl);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        ReturnUrl = LocalOrHome(returnUrl);
        Email = email;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            Error = "Enter your email and password.";
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        Error = result.IsLockedOut
            ? "Too many failed attempts: this account is locked for a while. Ask the owner if it persists."
            : "Wrong email or password.";
        return Page();
    }

    /// <summary>GET /signin/oidc: hands the browser to the OpenID Connect provider.</summary>
    public IActionResult OnGetOidc(string? returnUrl) =>
        sso.Value.Enabled
            ? Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, OpenIdConnectDefaults.AuthenticationScheme)
            : NotFound();

    private string LocalOrHome(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
