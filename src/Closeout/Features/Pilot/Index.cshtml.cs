using Closeout.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.Pilot;

/// <summary>The pilot page (owner and managers): shadow drafts against the office's invoices, accuracy over time, added revenue.</summary>
internal sealed class PilotModel(AccountStore accounts, PilotStore pilot) : PageModel
{
    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    public Account? Account { get; private set; }

    public IReadOnlyList<PilotWeek> Weeks { get; private set; } = [];

    public IReadOnlyList<ShadowComparison> Comparisons { get; private set; } = [];

    public async Task OnGetAsync(string? account, CancellationToken cancellationToken)
    {
        Accounts = await accounts.ListAsync(cancellationToken).ConfigureAwait(false);
        Account = Accounts.FirstOrDefault(a => a.Id == account) ?? (Accounts.Count > 0 ? Accounts[0] : null);
        if (Account is null)
        {
            return;
        }

        var comparisons = await pilot.ListAsync(Account.Id, cancellationToken).ConfigureAwait(false);
        Comparisons = comparisons.OrderByDescending(c => c.ComparedAt).ToList();
        Weeks = PilotAccuracy.Weekly(comparisons);
    }
}
