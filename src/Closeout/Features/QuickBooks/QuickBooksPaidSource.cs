using Closeout.Features.Collections;
using Closeout.Infrastructure;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// The accounting system as a paid source for reminders (ADR 0008's "invoice paid" feed): the invoice is paid when the
/// latest payment the feed holds for it left nothing owing, even if Jobber has not heard of that payment yet. The same
/// feed, read by cursor, closes an invoice's reminders within one pass of the payment arriving, and reopens them when the
/// payment is voided or deleted in QuickBooks (ADR 0013); Closeout's copy of such a payment on the Jobber invoice then no
/// longer counts.
/// </summary>
internal sealed class QuickBooksPaidSource(IInvoicePaidFeed feed, QuickBooksLinks links) : IPaidSource, IPaidNotices, IReversedPayments
{
    public async Task<IReadOnlyList<PaidNotice>> SinceAsync(long afterPosition, int limit, CancellationToken cancellationToken) =>
        [.. (await feed.SinceAsync(afterPosition, limit, cancellationToken).ConfigureAwait(false)).Select(p => new PaidNotice(
            p.Id, p.AccountId, p.InvoiceId, p.PaidInFull, Describe(p), p.TakesBack()))];

    public string Name => "QuickBooks";

    public async Task<Result<PaidAnswer>> CheckAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var rows = await feed.ForInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return new PaidAnswer(false, Name, "no payment in the books");
        }

        var last = rows[^1];
        return new PaidAnswer(last.PaidInFull, Name, $"{rows.Count} payment(s) from {last.Source}, last: {Describe(last)}");
    }

    /// <summary>The Jobber payment records on the invoice that are Closeout's copies of QuickBooks payments since voided or deleted there.</summary>
    public async Task<IReadOnlySet<string>> ReversedAsync(string accountId, string invoiceId, IReadOnlyCollection<string> paymentIds, CancellationToken cancellationToken)
    {
        var takenBack = (await feed.ForInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false)).Where(r => r.TakesBack()).ToList();
        var reversed = new HashSet<string>(StringComparer.Ordinal);
        if (takenBack.Count == 0)
        {
            return reversed;
        }

        foreach (var id in paymentIds)
        {
            if (await links.FindAsync(accountId, LinkKinds.Payment, id, cancellationToken).ConfigureAwait(false) is { Origin: LinkOrigins.QuickBooks } link
                && takenBack.Exists(r => r.PaymentKey.StartsWith($"qbo:{link.QboId}:", StringComparison.Ordinal)))
            {
                reversed.Add(id);
            }
        }

        return reversed;
    }

    private static string Describe(InvoicePaid p) =>
        (p.TakesBack()
            ? $"{p.Source} payment {p.PaymentKey}: {Money.Format(-p.Amount)} no longer paid"
            : $"{p.Source} payment {p.PaymentKey} of {Money.Format(p.Amount)}")
        + (p.BalanceAfter is { } left ? $", balance {Money.Format(left)}" : "");
}
