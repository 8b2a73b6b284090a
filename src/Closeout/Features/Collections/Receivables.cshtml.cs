using System.Globalization;
using Closeout.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.Collections;

/// <summary>Receivables by age with each client's profile, the next 14 days of reminders with why, days to paid by month.</summary>
internal sealed class ReceivablesModel(ReceivablesQueries queries, CollectionsStore store, LateFeeStore fees, AccountStore accounts) : PageModel
{
    public string? AccountId { get; private set; }

    public ReceivablesView? View { get; private set; }

    public IReadOnlyList<UpcomingReminder> Upcoming { get; private set; } = [];

    public IReadOnlyList<DaysToPaidMonth> DaysToPaid { get; private set; } = [];

    public IReadOnlyDictionary<string, PlanSuggestion> Plans { get; private set; } = new Dictionary<string, PlanSuggestion>();

    /// <summary>Invoices already on an accepted plan: shown as such, never offered another.</summary>
    public IReadOnlyDictionary<string, PaymentPlan> Accepted { get; private set; } = new Dictionary<string, PaymentPlan>();

    public IReadOnlyList<LateFeeView> LateFees { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(string? account, CancellationToken cancel)
    {
        AccountId = await ReceivablesEndpoints.AccountOf(accounts, account, cancel).ConfigureAwait(false);
        if (AccountId is null)
        {
            return;
        }

        View = await queries.AgedAsync(AccountId, cancel).ConfigureAwait(false);
        Upcoming = await queries.UpcomingAsync(AccountId, 14, cancel).ConfigureAwait(false);
        DaysToPaid = await queries.DaysToPaidAsync(AccountId, cancel).ConfigureAwait(false);
        LateFees = [.. (await fees.FeesAsync(AccountId, null, cancel).ConfigureAwait(false)).Select(LateFeeView.From).OrderByDescending(f => f.DecidedAt)];
        Accepted = await store.PlansAsync(AccountId, await store.ReceivablesAsync(AccountId, null, cancel).ConfigureAwait(false), cancel).ConfigureAwait(false);
        var plans = new Dictionary<string, PlanSuggestion>(StringComparer.Ordinal);
        foreach (var invoice in View.Buckets.SelectMany(b => b.Invoices).Where(i => !Accepted.ContainsKey(i.InvoiceId)))
        {
            if (await store.ReceivableAsync(AccountId, invoice.InvoiceId, cancel).ConfigureAwait(false) is { } receivable
                && await queries.SuggestPlanAsync(AccountId, receivable, cancel).ConfigureAwait(false) is { } suggestion)
            {
                plans[invoice.InvoiceId] = suggestion;
            }
        }

        Plans = plans;
    }

    public async Task<IActionResult> OnPostPauseAsync(string account, string clientId, bool paused, CancellationToken cancel)
    {
        await store.SetPausedAsync(account, clientId, null, paused, cancel).ConfigureAwait(false);
        Notice = paused ? "Reminders paused for this client." : "Reminders resumed for this client.";
        return RedirectToPage(new { account });
    }

    public async Task<IActionResult> OnPostPlanAsync(string account, string invoiceId, CancellationToken cancel)
    {
        if (await store.ReceivableAsync(account, invoiceId, cancel).ConfigureAwait(false) is { Open: true } receivable
            && await queries.SuggestPlanAsync(account, receivable, cancel).ConfigureAwait(false) is { } suggestion)
        {
            await store.SavePlanAsync(account, invoiceId, suggestion.Instalments, receivable.Payments.Sum(p => p.Amount), cancel).ConfigureAwait(false);
            Notice = $"Plan accepted for invoice {receivable.InvoiceNumber}: {suggestion.Instalments.Count} instalments; reminders now chase the first.";
        }

        return RedirectToPage(new { account });
    }

    public static string Money(decimal amount) => Collections.Money.Format(amount);

    public static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("ddd d MMM HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
