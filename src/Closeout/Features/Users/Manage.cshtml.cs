using Closeout.Features.Accounts;
using Closeout.Features.Review;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Users;

/// <summary>The owner's page: users (add, role, Jobber ids, lock, delete, API token) and each account's send-on-approve setting.</summary>
internal sealed class ManageModel(
    UserStore store, CreateUser create, ChangeUser change, ApiTokenStore tokens, UserManager<CloseoutUser> users,
    AccountStore accounts, ReviewStore reviews, IOptions<ReviewOptions> reviewOptions, TimeProvider time) : PageModel
{
    public sealed record AccountSetting(string AccountId, string AccountName, bool SendOnApprove);

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<AccountSetting> Settings { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Notice { get; private set; }

    public string? IssuedToken { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostCreateAsync(string? email, string? displayName, string? role, string? password, string? jobberUserIds, CancellationToken cancellationToken)
    {
        var created = await create.RunAsync(new NewUser(email ?? "", displayName ?? "", role ?? "", password ?? "", Split(jobberUserIds)), onlyIfNoUsers: false, cancellationToken).ConfigureAwait(false);
        (Error, Notice) = created.IsSuccess ? ((string?)null, (string?)$"Added {created.Value!.Email} as {role}.") : (created.Problem!.Detail, null);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task OnPostChangeAsync(string id, string? role, string? jobberUserIds, CancellationToken cancellationToken) =>
        ChangeAsync(id, new UserChange(Role: role, JobberUserIds: Split(jobberUserIds)), "Saved.", cancellationToken);

    public Task OnPostLockAsync(string id, bool locked, CancellationToken cancellationToken) =>
        ChangeAsync(id, new UserChange(Locked: locked), locked ? "Locked: signed out within a minute, API tokens stopped." : "Unlocked.", cancellationToken);

    public Task OnPostDeleteAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, new UserChange(Delete: true), "Deleted.", cancellationToken);

    public async Task OnPostTokenAsync(string id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id).ConfigureAwait(false) is null)
        {
            Error = "No such user.";
        }
        else
        {
            IssuedToken = await tokens.IssueAsync(id, "issued on the users page", cancellationToken).ConfigureAwait(false);
        }

        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task OnPostSettingsAsync(string accountId, bool sendOnApprove, CancellationToken cancellationToken)
    {
        if (await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is null)
        {
            Error = "No such account.";
        }
        else
        {
            await reviews.SaveSettingsAsync(new ReviewSettings(accountId, sendOnApprove), cancellationToken).ConfigureAwait(false);
            Notice = "Saved.";
        }

        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ChangeAsync(string id, UserChange request, string done, CancellationToken cancellationToken)
    {
        var changed = await change.RunAsync(users.GetUserId(User)!, id, request, cancellationToken).ConfigureAwait(false);
        (Error, Notice) = changed.IsSuccess ? ((string?)null, (string?)done) : (changed.Problem!.Detail, null);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Users = (await store.ListAsync(cancellationToken).ConfigureAwait(false)).ConvertAll(u => UserEndpoints.View(u.User, u.Role, u.User.LockoutEnd > now));
        var settings = new List<AccountSetting>();
        foreach (var account in await accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var s = await reviews.SettingsAsync(account.Id, reviewOptions.Value.SendOnApprove, cancellationToken).ConfigureAwait(false);
            settings.Add(new AccountSetting(account.Id, account.Name, s.SendOnApprove));
        }

        Settings = settings;
    }

    private static List<string> Split(string? ids) => (ids ?? "").Split([' ', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
