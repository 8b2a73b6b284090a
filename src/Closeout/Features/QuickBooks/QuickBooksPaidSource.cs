using Closeout.Features.Collections;
using Closeout.Infrastructure;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// The accounting system as a paid source for reminders (ADR 0008's "invoice paid" feed): the invoice is paid when the
/// latest payment the feed holds for it left nothing owing, even if Jobber has not heard of that payment yet. The same
/// feed, read by cursor, closes an invoice's reminders within one pass of the payment arriving (ADR 0013).
/// </summary>
internal sealed class QuickBooksPaidSource(IInvoicePaidFeed feed) : IPaidSource, IPaidNotices
{
    public async Task<IReadOnlyList<PaidNotice>> SinceAsync(long afterPosition, int limit, CancellationToken cancellationToken) =>
        [.. (await feed.SinceAsync(afterPosition, limit, cancellationToken).ConfigureAwait(false)).Select(p => new PaidNotice(
            p.Id, p.AccountId, p.InvoiceId, p.PaidInFull, $"{p.Source} payment {p.PaymentKey} of {Money.Format(p.Amount)}" + (p.BalanceAfter is { } left ? $", balance {Money.Format(left)}" : "")))];

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
