using Closeout.Infrastructure;

namespace Closeout.Features.Collections;

/// <summary>What one system of record says about an invoice right now.</summary>
public sealed record PaidAnswer(bool Paid, string Source, string Detail);

/// <summary>
/// A system that can say an invoice is paid: Jobber first; the accounting sync (QuickBooks) registers its own. Asked at
/// the moment of each send, so a payment that lands a second before still stops it.
/// </summary>
public interface IPaidSource
{
    string Name { get; }

    Task<Result<PaidAnswer>> CheckAsync(string accountId, string invoiceId, CancellationToken cancellationToken);
}

/// <summary>Every registered source; paid if any says so. A source that cannot answer blocks the send (never wrong to send).</summary>
internal sealed class PaidCheck(IEnumerable<IPaidSource> sources)
{
    public async Task<Result<PaidAnswer>> CheckAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        PaidAnswer? unpaid = null;
        foreach (var source in sources)
        {
            var answer = await source.CheckAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                return Failure.Transient($"{source.Name} could not say whether invoice {invoiceId} is paid: {answer.Failure!.Message}", answer.Failure.RetryAfter);
            }

            if (answer.Value!.Paid)
            {
                return answer.Value;
            }

            unpaid ??= answer.Value;
        }

        return unpaid ?? new PaidAnswer(false, "none", "no paid source is registered");
    }
}

/// <summary>Jobber as a paid source: reads the invoice, and keeps the local ledger up to date with what it saw.</summary>
internal sealed class JobberPaidSource(ReceivableSync sync) : IPaidSource
{
    public string Name => "Jobber";

    public async Task<Result<PaidAnswer>> CheckAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        var fresh = await sync.SyncInvoiceAsync(accountId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (!fresh.IsSuccess)
        {
            return fresh.Failure!;
        }

        return fresh.Value is not { } receivable
            ? new PaidAnswer(true, Name, "Jobber no longer has the invoice")
            : new PaidAnswer(!receivable.Open, Name, $"{receivable.Status}, balance {Money.Format(receivable.Balance)}");
    }
}

/// <summary>
/// A payment another system of record saw on an invoice, at a position in that system's feed; <paramref name="TakesBack"/>
/// when it takes back an earlier one (voided or deleted there), so the invoice is owed again unless <paramref name="PaidInFull"/>.
/// </summary>
public sealed record PaidNotice(long Position, string AccountId, string InvoiceId, bool PaidInFull, string Detail, bool TakesBack = false);

/// <summary>
/// Payments recorded on a Jobber invoice that no longer count: copies another system of record made (the QuickBooks sync's)
/// of payments since voided or deleted there. Jobber's API cannot remove a payment record, so until a person does, the
/// ledger leaves them out and the invoice is owed again.
/// </summary>
public interface IReversedPayments
{
    Task<IReadOnlySet<string>> ReversedAsync(string accountId, string invoiceId, IReadOnlyCollection<string> paymentIds, CancellationToken cancellationToken);
}

/// <summary>Every registered <see cref="IReversedPayments"/>, applied to an invoice as Jobber has it.</summary>
internal sealed class ReversedPayments(IEnumerable<IReversedPayments> sources, TimeProvider time)
{
    /// <summary>The invoice without the payments that no longer count (itself when there are none).</summary>
    public async Task<Receivable> ApplyAsync(Receivable receivable, CancellationToken cancellationToken)
    {
        if (receivable.Payments.Count == 0)
        {
            return receivable;
        }

        var ids = receivable.Payments.Select(p => p.Id).ToList();
        var reversed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            reversed.UnionWith(await source.ReversedAsync(receivable.AccountId, receivable.InvoiceId, ids, cancellationToken).ConfigureAwait(false));
        }

        return receivable.WithoutPayments(reversed, time.GetUtcNow());
    }
}

/// <summary>
/// A feed of payments from another system of record (the QuickBooks sync registers its "invoice paid" feed). Read from a
/// stored cursor at the start of every reminder pass, so a payment that system learned of (webhook or CDC) closes the
/// invoice's reminders within one pass, without waiting for Jobber to hear of it or for a send to come due.
/// </summary>
public interface IPaidNotices
{
    string Name { get; }

    Task<IReadOnlyList<PaidNotice>> SinceAsync(long afterPosition, int limit, CancellationToken cancellationToken);
}

/// <summary>What applying the paid feeds did: invoices closed for reminders, and invoices reopened because a payment was taken back.</summary>
internal sealed record NoticeReport(int Closed, int Reopened);

/// <summary>
/// Applies every registered paid feed to the ledger, in feed order: a payment in full closes the invoice and cancels what
/// was pending; a payment taken back (voided or deleted there) that leaves the invoice owed reopens it, so its reminders
/// resume from where they stood.
/// </summary>
internal sealed partial class PaidNoticeReader(IEnumerable<IPaidNotices> feeds, CollectionsStore store, ReversedPayments reversed, ILogger<PaidNoticeReader> logger)
{
    private const int Page = 200;

    public async Task<NoticeReport> ApplyAsync(CancellationToken cancellationToken)
    {
        int closed = 0, reopened = 0;
        foreach (var feed in feeds)
        {
            var cursor = "paid:" + feed.Name;
            var after = await store.CursorAsync(cursor, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var notices = await feed.SinceAsync(after, Page, cancellationToken).ConfigureAwait(false);
                foreach (var notice in notices)
                {
                    if (notice.PaidInFull)
                    {
                        if (await store.SettleElsewhereAsync(notice.AccountId, notice.InvoiceId, $"paid in {feed.Name}: {notice.Detail}", cancellationToken).ConfigureAwait(false))
                        {
                            closed++;
                            LogClosed(logger, notice.InvoiceId, feed.Name);
                        }
                    }
                    else if (notice.TakesBack && await store.ReceivableAsync(notice.AccountId, notice.InvoiceId, cancellationToken).ConfigureAwait(false) is { } receivable)
                    {
                        var counted = await reversed.ApplyAsync(receivable, cancellationToken).ConfigureAwait(false);
                        if (await store.ReopenAsync(receivable, counted, $"payment taken back in {feed.Name}: {notice.Detail}", cancellationToken).ConfigureAwait(false))
                        {
                            reopened++;
                            LogReopened(logger, notice.InvoiceId, feed.Name);
                        }
                    }
                }

                if (notices.Count == 0)
                {
                    break;
                }

                after = notices[^1].Position;
                await store.AdvanceCursorAsync(cursor, after, cancellationToken).ConfigureAwait(false);
                if (notices.Count < Page)
                {
                    break;
                }
            }
        }

        return new NoticeReport(closed, reopened);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice {InvoiceId} paid in {Source}: its reminders are cancelled")]
    private static partial void LogClosed(ILogger logger, string invoiceId, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice {InvoiceId}: a payment was taken back in {Source}; it is owed again and its reminders resume")]
    private static partial void LogReopened(ILogger logger, string invoiceId, string source);
}
