using System.Data.Common;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// A payment seen on a Jobber invoice, from QuickBooks or from Jobber itself: how much, the balance left after it and
/// whether that paid the invoice in full. Reminders read this feed (ADR 0008) to stop chasing a paid invoice. A payment
/// later voided or deleted in QuickBooks is taken back by a row of the negative amount (key "&lt;payment key&gt;:voided" or
/// ":deleted") with the balance owed again (ADR 0013).
/// </summary>
public sealed record InvoicePaid(
    long Id, string AccountId, string InvoiceId, string PaymentKey, string Source, decimal Amount, decimal? BalanceAfter, bool PaidInFull,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt);

/// <summary>The "invoice paid" feed (table invoice_paid): append-only, one row per payment, read by id cursor.</summary>
public interface IInvoicePaidFeed
{
    /// <summary>Rows after <paramref name="afterId"/>, oldest first: a reader keeps the last id it handled.</summary>
    Task<IReadOnlyList<InvoicePaid>> SinceAsync(long afterId, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<InvoicePaid>> ForInvoiceAsync(string accountId, string invoiceId, CancellationToken cancellationToken);
}

public static class InvoicePaidRows
{
    /// <summary>A row that takes back an earlier payment (voided or deleted where it was entered).</summary>
    public static bool TakesBack(this InvoicePaid row) => row.Amount < 0;
}

internal sealed class InvoicePaidFeed(Database database, TimeProvider time) : IInvoicePaidFeed
{
    public const string FromQuickBooks = "quickbooks";
    public const string FromJobber = "jobber";

    /// <summary>Records a payment once (its key is unique per account); false when it was already there.</summary>
    public async Task<bool> RecordAsync(string accountId, string invoiceId, string paymentKey, string source, decimal amount, decimal? balanceAfter, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(
            """
            INSERT INTO invoice_paid (account_id, invoice_id, payment_key, source, amount_cents, balance_cents, paid_in_full, occurred_at, recorded_at)
            VALUES (@account, @invoice, @key, @source, @amount, @balance, @full, @occurred, @now)
            ON CONFLICT (account_id, payment_key) DO NOTHING
            RETURNING id
            """,
            null, r => r.Long("id"), cancellationToken,
            ("account", accountId), ("invoice", invoiceId), ("key", paymentKey), ("source", source), ("amount", Cents(amount)),
            ("balance", balanceAfter is { } b ? Cents(b) : null), ("full", balanceAfter is { } left && left <= 0 ? 1L : 0L),
            ("occurred", occurredAt.Ms()), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
        return rows.Count > 0;
    }

    public async Task<IReadOnlyList<InvoicePaid>> SinceAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT * FROM invoice_paid WHERE id > @after ORDER BY id LIMIT @limit", null, Map, cancellationToken,
            ("after", afterId), ("limit", (long)limit)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<InvoicePaid>> ForInvoiceAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT * FROM invoice_paid WHERE account_id = @account AND invoice_id = @invoice ORDER BY id", null, Map, cancellationToken,
            ("account", accountId), ("invoice", invoiceId)).ConfigureAwait(false);
    }

    /// <summary>Rows whose payment key starts with <paramref name="prefix"/> (one QuickBooks payment's: "qbo:201:"), oldest first.</summary>
    public async Task<IReadOnlyList<InvoicePaid>> ForKeyPrefixAsync(string accountId, string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT * FROM invoice_paid WHERE account_id = @account AND payment_key LIKE @pattern ORDER BY id", null, Map, cancellationToken,
            ("account", accountId), ("pattern", prefix + "%")).ConfigureAwait(false);
        return [.. rows.Where(r => r.PaymentKey.StartsWith(prefix, StringComparison.Ordinal))];
    }

    private static long Cents(decimal amount) => (long)Math.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);

    private static InvoicePaid Map(DbDataReader r) => new(
        r.Long("id"), r.String("account_id")!, r.String("invoice_id")!, r.String("payment_key")!, r.String("source")!, r.Long("amount_cents") / 100m,
        r.NullableLong("balance_cents") is { } b ? b / 100m : null, r.Long("paid_in_full") == 1, r.Time("occurred_at"), r.Time("recorded_at"));
}
