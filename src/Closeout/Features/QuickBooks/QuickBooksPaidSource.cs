using Closeout.Features.Collections;
using Closeout.Infrastructure;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// The accounting system as a paid source for reminders (ADR 0008's "invoice paid" feed): the invoice is paid when the
/// latest payment the feed holds for it left nothing owing, even if Jobber has not heard of that payment yet.
/// </summary>
internal sealed class QuickBooksPaidSource(IInvoicePaidFeed feed) : IPaidSource
{
    public string Name => "QuickBooks";

    public async Task<Result<PaidAnswer>> CheckAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var rows = await feed.ForInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return new PaidAnswer(false, Name, "no payment in the books");
        }

        var last = rows[^1];
        return new PaidAnswer(last.PaidInFull, Name,
            $"{rows.Count} payment(s) from {last.Source}, last {Money.Format(last.Amount)}" + (last.BalanceAfter is { } left ? $", balance {Money.Format(left)}" : ""));
    }
}
