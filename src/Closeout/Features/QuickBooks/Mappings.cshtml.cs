using Closeout.Features.Accounts;
using Closeout.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.QuickBooks;

/// <summary>The QuickBooks page: each account's company, every mapping Closeout stored and what is not mapped yet.</summary>
[Authorize(Policy = Policies.Managers)]
internal sealed class MappingsModel(AccountStore accounts, MappingOverview overview) : PageModel
{
    public sealed record AccountMappings(string AccountName, MappingsView View);

    public IReadOnlyList<AccountMappings> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var list = new List<AccountMappings>();
        foreach (var account in await accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AccountMappings(account.Name, await overview.RunAsync(account.Id, cancellationToken).ConfigureAwait(false)));
        }

        Accounts = list;
    }
}
