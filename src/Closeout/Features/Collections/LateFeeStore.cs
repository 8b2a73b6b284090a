using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Closeout.Features.Audit;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Collections;

public static class LateFeeState
{
    /// <summary>Decided and recorded; the write to Jobber is under way or a crash interrupted it (the next pass looks it up first).</summary>
    public const string Writing = "writing";

    /// <summary>The fee invoice exists in Jobber; sending it to the client is still to do.</summary>
    public const string Created = "created";

    public const string Charged = "charged";

    /// <summary>Jobber refused the write, or it kept failing: a person looks at it.</summary>
    public const string Failed = "failed";

    /// <summary>Decided but never written: the invoice was paid or disputed, or fees were turned off, before the write.</summary>
    public const string Cancelled = "cancelled";

    public static bool InFlight(string state) => state is Writing or Created;
}

/// <summary>One late fee: the decision (amount, the balance it was taken on, why) and what Jobber made of it.</summary>
public sealed record LateFeeRow(
    string AccountId,
    string InvoiceId,
    string InvoiceNumber,
    string ClientId,
    string Reference,
    decimal Amount,
    decimal Basis,
    LateFeeMode Mode,
    string Reason,
    string State = LateFeeState.Writing,
    long Attempts = 1,
    string? LineId = null,
    string? FeeInvoiceId = null,
    string? FeeInvoiceNumber = null,
    string? Error = null,
    DateTimeOffset DecidedAt = default,
    DateTimeOffset? ChargedAt = null)
{
    /// <summary>The mark the fee carries in Jobber (line description, fee invoice message), so a write whose answer was lost is found again.</summary>
    public static string ReferenceFor(string accountId, string invoiceId) =>
        "LF-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accountId + "\n" + invoiceId)))[..12];

    public JsonObject ToJson() => new()
    {
        ["invoiceId"] = InvoiceId,
        ["invoiceNumber"] = InvoiceNumber,
        ["amount"] = Amount,
        ["basis"] = Basis,
        ["mode"] = Mode.ToString(),
        ["reference"] = Reference,
        ["state"] = State,
        ["lineId"] = LineId,
        ["feeInvoiceId"] = FeeInvoiceId,
        ["feeInvoiceNumber"] = FeeInvoiceNumber,
        ["error"] = Error,
    };
}

/// <summary>
/// Late fees, one row per invoice at most (the unique key is the "once per invoice" rule). The decision is stored, with its
/// audit entry, before anything is written to Jobber; Jobber's answer is stored after, with its own entry.
/// </summary>
internal sealed class LateFeeStore(Database database, AuditLog audit, TimeProvider time)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public static Migration[] Migrations { get; } =
    [
        new(220, db => $"""
            CREATE TABLE late_fees (
                id {db.Identity},
                account_id TEXT NOT NULL,
                invoice_id TEXT NOT NULL,
                invoice_number TEXT NOT NULL,
                client_id TEXT NOT NULL,
                reference TEXT NOT NULL,
                amount TEXT NOT NULL,
                basis TEXT NOT NULL,
                mode TEXT NOT NULL,
                reason TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 1,
                lease_until BIGINT NULL,
                line_id TEXT NULL,
                fee_invoice_id TEXT NULL,
                fee_invoice_number TEXT NULL,
                error TEXT NULL,
                decided_at BIGINT NOT NULL,
                charged_at BIGINT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (account_id, invoice_id)
            );
            CREATE INDEX late_fees_state ON late_fees (state);
            """),
    ];

    public static string Subject(string invoiceId) => CollectionsStore.Subject(invoiceId);

    /// <summary>Records the decision and its audit entry together, holding the row for this worker; false when the invoice already has a fee.</summary>
    public async Task<bool> DecideAsync(LateFeeRow fee, JsonObject evidence, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO late_fees (account_id, invoice_id, invoice_number, client_id, reference, amount, basis, mode, reason, state, attempts, lease_until, decided_at, updated_at)
            VALUES (@a, @i, @n, @c, @ref, @amount, @basis, @mode, @reason, 'writing', 1, @lease, @now, @now)
            ON CONFLICT (account_id, invoice_id) DO NOTHING
            """,
            transaction, cancellationToken, ("a", fee.AccountId), ("i", fee.InvoiceId), ("n", fee.InvoiceNumber), ("c", fee.ClientId), ("ref", fee.Reference),
            ("amount", Text(fee.Amount)), ("basis", Text(fee.Basis)), ("mode", fee.Mode.ToString()), ("reason", fee.Reason), ("lease", (now + Lease).Ms()), ("now", now.Ms())).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }

        await audit.AppendAsync(connection, transaction, [new AuditEntry(fee.AccountId, Subject(fee.InvoiceId), "late_fee.decided", DraftAudit.System, null, fee.ToJson(), evidence)], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Takes an unfinished fee for one more attempt; false while another worker's lease runs (PostgreSQL, several instances).</summary>
    public async Task<bool> ClaimAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return await connection.ExecuteAsync(
            """
            UPDATE late_fees SET attempts = attempts + 1, lease_until = @lease, updated_at = @now
            WHERE account_id = @a AND invoice_id = @i AND state IN ('writing', 'created') AND (lease_until IS NULL OR lease_until < @now)
            """,
            null, cancellationToken, ("lease", (now + Lease).Ms()), ("now", now.Ms()), ("a", accountId), ("i", invoiceId)).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Jobber's answer (or a failure), with its audit entry when the fee reached an end or Jobber created the fee invoice. The
    /// worker's lease ends here unless it goes straight on (the fee invoice is sent next).
    /// </summary>
    public async Task RecordAsync(LateFeeRow fee, string? action, JsonObject? evidence, CancellationToken cancellationToken, bool keepLease = false)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().Ms();
        await connection.ExecuteAsync(
            """
            UPDATE late_fees SET state = @s, line_id = @line, fee_invoice_id = @doc, fee_invoice_number = @docNumber, error = @error,
                lease_until = CASE WHEN @keep = 1 THEN lease_until ELSE NULL END,
                charged_at = CASE WHEN @s = 'charged' THEN @now ELSE charged_at END, updated_at = @now
            WHERE account_id = @a AND invoice_id = @i
            """,
            transaction, cancellationToken, ("s", fee.State), ("line", fee.LineId), ("doc", fee.FeeInvoiceId), ("docNumber", fee.FeeInvoiceNumber), ("error", fee.Error), ("keep", keepLease ? 1L : 0L),
            ("now", now), ("a", fee.AccountId), ("i", fee.InvoiceId)).ConfigureAwait(false);
        if (action is not null)
        {
            await audit.AppendAsync(connection, transaction, [new AuditEntry(fee.AccountId, Subject(fee.InvoiceId), action, DraftAudit.System, null, fee.ToJson(), evidence)], cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<List<LateFeeRow>> FeesAsync(string accountId, string? clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT * FROM late_fees WHERE account_id = @a{(clientId is null ? "" : " AND client_id = @c")} ORDER BY decided_at, id",
            null, Read, cancellationToken, ("a", accountId), ("c", clientId ?? "")).ConfigureAwait(false);
    }

    /// <summary>Accounts with a fee still being written, so a crash's leftovers finish even when nothing else is open.</summary>
    public async Task<List<string>> AccountsInFlightAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT DISTINCT account_id FROM late_fees WHERE state IN ('writing', 'created')", null, r => r.String("account_id")!, cancellationToken).ConfigureAwait(false);
    }

    private static LateFeeRow Read(DbDataReader r) => new(
        r.String("account_id")!, r.String("invoice_id")!, r.String("invoice_number")!, r.String("client_id")!, r.String("reference")!,
        Number(r.String("amount")!), Number(r.String("basis")!), Enum.Parse<LateFeeMode>(r.String("mode")!), r.String("reason")!, r.String("state")!, r.Long("attempts"),
        r.String("line_id"), r.String("fee_invoice_id"), r.String("fee_invoice_number"), r.String("error"), r.Time("decided_at"), r.NullableTime("charged_at"));

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Number(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);
}
