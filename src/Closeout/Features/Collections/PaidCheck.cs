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
