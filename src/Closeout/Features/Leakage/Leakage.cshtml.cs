using System.Globalization;
using Closeout.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.Leakage;

/// <summary>The leakage page (owner and managers): a month's unbilled work of one account, with its charts, CSV and PDF.</summary>
[Authorize(Policy = Users.Policies.Managers)]
internal sealed class LeakageModel(AccountStore accounts, UnbilledWork work, TimeProvider time) : PageModel
{
    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    public Account? Account { get; private set; }

    public string Month { get; private set; } = "";

    public UnbilledReport? Report { get; private set; }

    public string? Problem { get; private set; }

    public string Query => $"?month={Uri.EscapeDataString(Month)}";

    public string ApiBase => Account is null ? "" : $"/api/leakage/{Uri.EscapeDataString(Account.Id)}";

    public async Task OnGetAsync(string? account, string? month, CancellationToken cancellationToken)
    {
        Accounts = (await accounts.ListAsync(cancellationToken).ConfigureAwait(false)).Where(a => a.Tokens is not null).ToList();
        Account = Accounts.FirstOrDefault(a => a.Id == account) ?? (Accounts.Count > 0 ? Accounts[0] : null);
        if (Account is null)
        {
            Problem = "No Jobber account is connected.";
            return;
        }

        var found = await work.AccountAsync(Account.Id, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            Problem = found.Failure!.Message;
            return;
        }

        var zone = found.Value.Zone;
        var (from, to) = month is not null && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? UnbilledWork.Month(first, zone)
            : UnbilledWork.PreviousMonth(time.GetUtcNow(), zone);
        Month = from.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var report = await work.RecentAsync(found.Value.Account, from, to, cancellationToken).ConfigureAwait(false);
        if (report.IsSuccess)
        {
            Report = report.Value;
        }
        else
        {
            Problem = report.Failure!.Message;
        }
    }

    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    public static string Kind(string kind) => kind switch
    {
        UnbilledKind.NotInvoiced => "not invoiced",
        UnbilledKind.UnderBilled => "under-billed",
        _ => "approved, not sent",
    };
}
