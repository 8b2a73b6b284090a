using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Features.Audit;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Collections;

public static class DeliveryState
{
    /// <summary>Intent recorded: the send is about to go, or went and the result was not recorded (a crash); recovery asks the provider.</summary>
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Deferred = "deferred";
    public const string Refused = "refused";
    public const string Superseded = "superseded";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public static bool Settled(string state) => state is Sent or Refused or Superseded or Cancelled or Failed;
}

public sealed record DeliveryRow(long Id, string Key, string AccountId, string InvoiceId, string ClientId, string ReminderId, ReminderChannel Channel, Tone Tone, string Template,
    string Why, DateTimeOffset PlannedAt, string State, long Attempts, DateTimeOffset? NotBefore, string? ProviderRef, string? ProviderStatus, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset? SentAt,
    DateTimeOffset? HandedOverAt = null);

public sealed record CollectionClient(ClientContact Contact, DateTimeOffset? SmsOptedOutAt, DateTimeOffset? EmailOptedOutAt, bool OptOutConfirmed, bool Paused);

/// <summary>Receivables, the clients' contacts and consent, and every reminder delivery with its state.</summary>
internal sealed class CollectionsStore(Database database, AuditLog audit, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task UpsertAsync(Receivable receivable, ClientContact? client, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().Ms();
        await connection.ExecuteAsync(
            """
            INSERT INTO receivables (account_id, invoice_id, invoice_number, client_id, status, total, balance, issued_at, due_at, viewed_at, paid_at, payments, updated_at)
            VALUES (@a, @i, @n, @c, @s, @t, @b, @issued, @due, @viewed, @paid, @payments, @now)
            ON CONFLICT (account_id, invoice_id) DO UPDATE SET invoice_number = excluded.invoice_number, client_id = excluded.client_id, status = excluded.status,
                total = excluded.total, balance = excluded.balance, issued_at = excluded.issued_at, due_at = excluded.due_at, viewed_at = excluded.viewed_at,
                paid_at = excluded.paid_at, payments = excluded.payments, updated_at = excluded.updated_at
            """,
            transaction, cancellationToken,
            ("a", receivable.AccountId), ("i", receivable.InvoiceId), ("n", receivable.InvoiceNumber), ("c", receivable.ClientId), ("s", receivable.Status),
            ("t", Text(receivable.Total)), ("b", Text(receivable.Balance)), ("issued", receivable.IssuedAt?.Ms()), ("due", receivable.DueAt?.Ms()),
            ("viewed", receivable.ViewedAt?.Ms()), ("paid", receivable.PaidAt?.Ms()), ("payments", JsonSerializer.Serialize(receivable.Payments, Json)), ("now", now)).ConfigureAwait(false);
        if (client is not null)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO collection_clients (account_id, client_id, name, first_name, email, phone, sms_allowed, province, country, updated_at)
                VALUES (@a, @c, @name, @first, @email, @phone, @sms, @province, @country, @now)
                ON CONFLICT (account_id, client_id) DO UPDATE SET name = excluded.name, first_name = excluded.first_name, email = excluded.email, phone = excluded.phone,
                    sms_allowed = excluded.sms_allowed, province = excluded.province, country = excluded.country, updated_at = excluded.updated_at
                """,
                transaction, cancellationToken,
                ("a", receivable.AccountId), ("c", client.ClientId), ("name", client.Name), ("first", client.FirstName), ("email", client.Email), ("phone", client.Phone),
                ("sms", client.SmsAllowed ? 1L : 0L), ("province", client.Province), ("country", client.Country), ("now", now)).ConfigureAwait(false);
        }

        if (!receivable.Open)
        {
            await CancelPendingAsync(connection, transaction, receivable.AccountId, receivable.InvoiceId, $"invoice is {receivable.Status}", now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deferred deliveries of an invoice that can no longer go (paid, disputed, paused) are cancelled; intents in flight are left to recovery.</summary>
    public async Task CancelPendingAsync(string accountId, string invoiceId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await CancelPendingAsync(connection, null, accountId, invoiceId, reason, time.GetUtcNow().Ms(), cancellationToken).ConfigureAwait(false);
    }

    private static Task<int> CancelPendingAsync(DbConnection connection, DbTransaction? transaction, string accountId, string invoiceId, string reason, long now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("UPDATE reminder_deliveries SET state = 'cancelled', reason = @r, updated_at = @now WHERE account_id = @a AND invoice_id = @i AND state = 'deferred'",
            transaction, cancellationToken, ("r", reason), ("now", now), ("a", accountId), ("i", invoiceId));

    /// <summary>The audit subject of an invoice's reminders and fees.</summary>
    public static string Subject(string invoiceId) => "invoice:" + invoiceId;

    /// <summary>
    /// Closes an invoice for reminders because another system of record says it is paid, and cancels its pending deliveries
    /// (audited as reminders.stopped); false when the ledger does not follow the invoice or already had it closed.
    /// </summary>
    public async Task<bool> SettleElsewhereAsync(string accountId, string invoiceId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().Ms();
        var changed = await connection.ExecuteAsync(
            "UPDATE receivables SET settled_elsewhere = @r, updated_at = @now WHERE account_id = @a AND invoice_id = @i AND settled_elsewhere IS NULL",
            transaction, cancellationToken, ("r", reason), ("now", now), ("a", accountId), ("i", invoiceId)).ConfigureAwait(false);
        var cancelled = await CancelPendingAsync(connection, transaction, accountId, invoiceId, reason, now, cancellationToken).ConfigureAwait(false);
        if (changed > 0)
        {
            await audit.AppendAsync(connection, transaction, [new AuditEntry(accountId, Subject(invoiceId), "reminders.stopped", DraftAudit.System,
                Evidence: new JsonObject { ["reason"] = reason, ["deliveriesCancelled"] = cancelled })], cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }

    /// <summary>
    /// Opens an invoice for reminders again after another system of record took a payment back (voided or deleted there):
    /// the ledger takes <paramref name="counted"/> (the invoice without the payments that no longer count), the paid-elsewhere
    /// mark goes, and the change is audited as reminders.resumed with what was owed before and after. Deliveries already
    /// settled (sent, refused, cancelled) stay as they are, so nothing already sent goes again. False when the invoice is
    /// still paid (another payment covers it) or nothing changed.
    /// </summary>
    public async Task<bool> ReopenAsync(Receivable before, Receivable counted, string reason, CancellationToken cancellationToken)
    {
        var after = counted with { SettledElsewhere = null };
        var paymentsGone = before.Payments.Where(p => !after.Payments.Any(a => a.Id == p.Id)).ToList();
        if (!ReceivableStatus.IsOpen(after.Status) || after.Balance <= 0 || (before.SettledElsewhere is null && paymentsGone.Count == 0))
        {
            return false;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE receivables SET status = @s, balance = @b, payments = @payments, paid_at = @paid, settled_elsewhere = NULL, updated_at = @now
            WHERE account_id = @a AND invoice_id = @i
            """,
            transaction, cancellationToken, ("s", after.Status), ("b", Text(after.Balance)), ("payments", JsonSerializer.Serialize(after.Payments, Json)),
            ("paid", after.PaidAt?.Ms()), ("now", time.GetUtcNow().Ms()), ("a", before.AccountId), ("i", before.InvoiceId)).ConfigureAwait(false);
        if (changed == 0)
        {
            return false;
        }

        await audit.AppendAsync(connection, transaction, [new AuditEntry(before.AccountId, Subject(before.InvoiceId), "reminders.resumed", DraftAudit.System,
            new JsonObject { ["status"] = before.Status, ["balance"] = before.Balance, ["settledElsewhere"] = before.SettledElsewhere },
            new JsonObject { ["status"] = after.Status, ["balance"] = after.Balance },
            new JsonObject { ["reason"] = reason, ["paymentsNoLongerCounted"] = new JsonArray([.. paymentsGone.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["amount"] = p.Amount })]) })],
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Leases an invoice to this pass (like the inbox's claim): null when another instance holds an unexpired lease on it
    /// or is claiming it right now (SKIP LOCKED on PostgreSQL). Returns the invoice as the ledger has it at the claim.
    /// </summary>
    public async Task<Receivable?> ClaimAsync(string accountId, string invoiceId, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var rows = await connection.QueryAsync(
            $"""
            UPDATE receivables SET claimed_until = @until, claimed_by = @token
            WHERE account_id = @a AND invoice_id = (
                SELECT invoice_id FROM receivables
                WHERE account_id = @a AND invoice_id = @i AND (claimed_until IS NULL OR claimed_until < @now){database.SkipLocked})
            RETURNING *
            """,
            null, ReadReceivable, cancellationToken, ("until", (now + lease).Ms()), ("token", token), ("a", accountId), ("i", invoiceId), ("now", now.Ms())).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Ends this pass's lease on an invoice; a lease another instance took over after ours ran out is left alone.</summary>
    public async Task ReleaseAsync(string accountId, string invoiceId, string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE receivables SET claimed_until = NULL, claimed_by = NULL WHERE account_id = @a AND invoice_id = @i AND claimed_by = @token",
            null, cancellationToken, ("a", accountId), ("i", invoiceId), ("token", token)).ConfigureAwait(false);
    }

    /// <summary>The last position of a feed this ledger has applied (0 before the first).</summary>
    public async Task<long> CursorAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT position FROM collection_cursors WHERE name = @n", null, r => r.Long("position"), cancellationToken, ("n", name)).ConfigureAwait(false);
        return rows.Count == 0 ? 0 : rows[0];
    }

    /// <summary>Moves a feed's cursor forward only (two instances applying the same rows never move it back).</summary>
    public async Task AdvanceCursorAsync(string name, long position, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO collection_cursors (name, position) VALUES (@n, @p) ON CONFLICT (name) DO UPDATE SET position = excluded.position WHERE collection_cursors.position < excluded.position",
            null, cancellationToken, ("n", name), ("p", position)).ConfigureAwait(false);
    }

    public async Task<List<Receivable>> ReceivablesAsync(string accountId, string? clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT * FROM receivables WHERE account_id = @a{(clientId is null ? "" : " AND client_id = @c")} ORDER BY due_at, invoice_id",
            null, ReadReceivable, cancellationToken, ("a", accountId), ("c", clientId ?? "")).ConfigureAwait(false);
    }

    public async Task<Receivable?> ReceivableAsync(string accountId, string invoiceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT * FROM receivables WHERE account_id = @a AND invoice_id = @i", null, ReadReceivable, cancellationToken, ("a", accountId), ("i", invoiceId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<List<string>> AccountsWithOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT DISTINCT account_id FROM receivables WHERE status IN ('awaiting_payment', 'past_due')", null, r => r.String("account_id")!, cancellationToken).ConfigureAwait(false);
    }

    public async Task<List<CollectionClient>> ClientsAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT * FROM collection_clients WHERE account_id = @a ORDER BY name", null, ReadClient, cancellationToken, ("a", accountId)).ConfigureAwait(false);
    }

    public async Task<List<(string AccountId, CollectionClient Client)>> ClientsByPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT * FROM collection_clients WHERE phone = @p", null, r => (r.String("account_id")!, ReadClient(r)), cancellationToken, ("p", phone)).ConfigureAwait(false);
    }

    public async Task<bool> SetPausedAsync(string accountId, string? clientId, string? invoiceId, bool paused, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = invoiceId is not null
            ? await connection.ExecuteAsync("UPDATE receivables SET paused = @p WHERE account_id = @a AND invoice_id = @i", null, cancellationToken, ("p", paused ? 1L : 0L), ("a", accountId), ("i", invoiceId)).ConfigureAwait(false)
            : await connection.ExecuteAsync("UPDATE collection_clients SET paused = @p WHERE account_id = @a AND client_id = @c", null, cancellationToken, ("p", paused ? 1L : 0L), ("a", accountId), ("c", clientId)).ConfigureAwait(false);
        return changed > 0;
    }

    public async Task<bool> SetDisputedAsync(string accountId, string invoiceId, bool disputed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("UPDATE receivables SET disputed = @d WHERE account_id = @a AND invoice_id = @i", null, cancellationToken, ("d", disputed ? 1L : 0L), ("a", accountId), ("i", invoiceId)).ConfigureAwait(false) > 0;
    }

    /// <summary>Opts a number out (or back in) at once; true when this changed it, so the confirmation is sent once.</summary>
    public async Task<bool> SetSmsOptOutAsync(string accountId, string clientId, bool optedOut, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            optedOut
                ? "UPDATE collection_clients SET sms_opted_out_at = @now WHERE account_id = @a AND client_id = @c AND sms_opted_out_at IS NULL"
                : "UPDATE collection_clients SET sms_opted_out_at = NULL WHERE account_id = @a AND client_id = @c AND sms_opted_out_at IS NOT NULL",
            null, cancellationToken, ("now", time.GetUtcNow().Ms()), ("a", accountId), ("c", clientId)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> SetEmailOptOutAsync(string accountId, string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("UPDATE collection_clients SET email_opted_out_at = @now WHERE account_id = @a AND client_id = @c AND email_opted_out_at IS NULL",
            null, cancellationToken, ("now", time.GetUtcNow().Ms()), ("a", accountId), ("c", clientId)).ConfigureAwait(false) > 0;
    }

    /// <summary>Stores an accepted plan: its instalments (amounts and dates) and what was already paid when it was accepted.</summary>
    public async Task SavePlanAsync(string accountId, string invoiceId, IReadOnlyList<Instalment> instalments, decimal paidBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO payment_plans (account_id, invoice_id, instalments, paid_before, accepted_at) VALUES (@a, @i, @p, @b, @now)
            ON CONFLICT (account_id, invoice_id) DO UPDATE SET instalments = excluded.instalments, paid_before = excluded.paid_before, accepted_at = excluded.accepted_at
            """,
            null, cancellationToken, ("a", accountId), ("i", invoiceId), ("p", JsonSerializer.Serialize(instalments.Select(i => i with { Paid = 0 }), Json)),
            ("b", Text(paidBefore)), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
    }

    /// <summary>Accepted plans by invoice, with the payments made since acceptance applied instalment by instalment.</summary>
    public async Task<Dictionary<string, PaymentPlan>> PlansAsync(string accountId, IReadOnlyList<Receivable> receivables, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var stored = await connection.QueryAsync("SELECT invoice_id, instalments, paid_before FROM payment_plans WHERE account_id = @a", null,
            r => (Invoice: r.String("invoice_id")!, Instalments: JsonSerializer.Deserialize<List<Instalment>>(r.String("instalments")!, Json) ?? [], PaidBefore: Number(r.String("paid_before")!)),
            cancellationToken, ("a", accountId)).ConfigureAwait(false);
        var paid = receivables.ToDictionary(r => r.InvoiceId, r => r.Payments.Sum(p => p.Amount), StringComparer.Ordinal);
        var plans = new Dictionary<string, PaymentPlan>(StringComparer.Ordinal);
        foreach (var (invoice, instalments, paidBefore) in stored)
        {
            var plan = new PaymentPlan(invoice, instalments);
            var since = paid.GetValueOrDefault(invoice) - paidBefore;
            plans[invoice] = since > 0 ? plan.Apply(since).Plan : plan;
        }

        return plans;
    }

    public async Task<List<DeliveryRow>> DeliveriesAsync(string accountId, string? invoiceId, string? clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var filters = (invoiceId is null ? "" : " AND invoice_id = @i") + (clientId is null ? "" : " AND client_id = @c");
        return await connection.QueryAsync(
            $"SELECT * FROM reminder_deliveries WHERE account_id = @a{filters} ORDER BY id",
            null, ReadDelivery, cancellationToken, ("a", accountId), ("i", invoiceId ?? ""), ("c", clientId ?? "")).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the intent to send (state sending, one more attempt) before anything leaves; false when the row is already
    /// settled or another worker holds it. The unique (account, key) makes the intent the single claim on the delivery.
    /// </summary>
    public async Task<bool> RecordIntentAsync(string accountId, string invoiceId, string clientId, ScheduledReminder scheduled, ReminderChannel channel, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().Ms();
        var key = ReminderSchedule.DeliveryKey(scheduled.Reminder.Id, channel);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO reminder_deliveries (delivery_key, account_id, invoice_id, client_id, reminder_id, channel, tone, template, why, planned_at, state, attempts, created_at, updated_at)
            VALUES (@k, @a, @i, @c, @r, @ch, @tone, @tpl, @why, @planned, 'sending', 1, @now, @now)
            ON CONFLICT (account_id, delivery_key) DO NOTHING
            """,
            null, cancellationToken, ("k", key), ("a", accountId), ("i", invoiceId), ("c", clientId), ("r", scheduled.Reminder.Id), ("ch", channel.ToString()),
            ("tone", scheduled.Reminder.Tone.ToString()), ("tpl", scheduled.Reminder.Template), ("why", string.Join("; ", scheduled.Reminder.Why)), ("planned", scheduled.At.Ms()), ("now", now)).ConfigureAwait(false);
        if (inserted > 0)
        {
            return true;
        }

        return await connection.ExecuteAsync(
            "UPDATE reminder_deliveries SET state = 'sending', attempts = attempts + 1, not_before = NULL, handed_over_at = NULL, updated_at = @now WHERE account_id = @a AND delivery_key = @k AND state = 'deferred'",
            null, cancellationToken, ("now", now), ("a", accountId), ("k", key)).ConfigureAwait(false) > 0;
    }

    /// <summary>Another attempt at an intent a crash or a failure left in sending, once it is known the provider does not hold it.</summary>
    public async Task<bool> RetryIntentAsync(string accountId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE reminder_deliveries SET attempts = attempts + 1, handed_over_at = NULL, updated_at = @now WHERE account_id = @a AND delivery_key = @k AND state = 'sending'",
            null, cancellationToken, ("now", time.GetUtcNow().Ms()), ("a", accountId), ("k", key)).ConfigureAwait(false) > 0;
    }

    /// <summary>Records that a send attempt passed its point of no return (or that the provider said it did not take it).</summary>
    public async Task MarkHandedOverAsync(string accountId, string key, bool handedOver, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().Ms();
        await connection.ExecuteAsync(
            "UPDATE reminder_deliveries SET handed_over_at = @h, updated_at = @now WHERE account_id = @a AND delivery_key = @k AND state = 'sending'",
            null, cancellationToken, ("h", handedOver ? now : null), ("now", now), ("a", accountId), ("k", key)).ConfigureAwait(false);
    }

    /// <summary>Settles or defers a delivery without sending (guard verdicts, superseded steps); never overwrites a settled row.</summary>
    public async Task RecordVerdictAsync(string accountId, string invoiceId, string clientId, ScheduledReminder scheduled, ReminderChannel channel, string state, string reason, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().Ms();
        var key = ReminderSchedule.DeliveryKey(scheduled.Reminder.Id, channel);
        await connection.ExecuteAsync(
            """
            INSERT INTO reminder_deliveries (delivery_key, account_id, invoice_id, client_id, reminder_id, channel, tone, template, why, planned_at, state, attempts, not_before, reason, created_at, updated_at)
            VALUES (@k, @a, @i, @c, @r, @ch, @tone, @tpl, @why, @planned, @s, 0, @nb, @reason, @now, @now)
            ON CONFLICT (account_id, delivery_key) DO UPDATE SET state = excluded.state, not_before = excluded.not_before, reason = excluded.reason, updated_at = excluded.updated_at
            WHERE reminder_deliveries.state IN ('deferred', 'sending')
            """,
            null, cancellationToken, ("k", key), ("a", accountId), ("i", invoiceId), ("c", clientId), ("r", scheduled.Reminder.Id), ("ch", channel.ToString()),
            ("tone", scheduled.Reminder.Tone.ToString()), ("tpl", scheduled.Reminder.Template), ("why", string.Join("; ", scheduled.Reminder.Why)), ("planned", scheduled.At.Ms()),
            ("s", state), ("nb", notBefore?.Ms()), ("reason", reason), ("now", now)).ConfigureAwait(false);
    }

    /// <summary>The outcome of a send. A carrier failure reported by a status callback that beat the send's own answer is kept.</summary>
    public async Task RecordResultAsync(string accountId, string key, string state, string? providerRef, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().Ms();
        await connection.ExecuteAsync(
            """
            UPDATE reminder_deliveries SET
                state = CASE WHEN @s = 'sent' AND provider_status IN ('failed', 'undelivered') THEN 'failed' ELSE @s END,
                provider_ref = COALESCE(@p, provider_ref), reason = COALESCE(@reason, reason),
                sent_at = CASE WHEN @s = 'sent' THEN @now ELSE sent_at END, updated_at = @now
            WHERE account_id = @a AND delivery_key = @k
            """,
            null, cancellationToken, ("s", state), ("p", providerRef), ("reason", reason), ("now", now), ("a", accountId), ("k", key)).ConfigureAwait(false);
    }

    /// <summary>A provider's status callback (delivered, failed...) on the delivery it names.</summary>
    public async Task<DeliveryRow?> RecordProviderStatusAsync(string accountId, string key, string providerRef, string status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(
            "UPDATE reminder_deliveries SET provider_status = @s, provider_ref = COALESCE(provider_ref, @p), reason = COALESCE(@e, reason), updated_at = @now WHERE account_id = @a AND delivery_key = @k RETURNING *",
            null, ReadDelivery, cancellationToken, ("s", status), ("e", (object?)error ?? DBNull.Value), ("now", time.GetUtcNow().Ms()), ("p", providerRef), ("a", accountId), ("k", key)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static Receivable ReadReceivable(DbDataReader r) => new(
        r.String("account_id")!, r.String("invoice_id")!, r.String("invoice_number")!, r.String("client_id")!, r.String("status")!,
        Number(r.String("total")!), Number(r.String("balance")!), r.NullableTime("issued_at"), r.NullableTime("due_at"), r.NullableTime("viewed_at"), r.NullableTime("paid_at"),
        JsonSerializer.Deserialize<List<ReceivedPayment>>(r.String("payments")!, Json) ?? [], r.Long("disputed") != 0, r.Long("paused") != 0,
        r.String("settled_elsewhere"));

    private static CollectionClient ReadClient(DbDataReader r) => new(
        new ClientContact(r.String("client_id")!, r.String("name")!, r.String("first_name")!, r.String("email"), r.String("phone"), r.Long("sms_allowed") != 0, r.String("province"), r.String("country")),
        r.NullableTime("sms_opted_out_at"), r.NullableTime("email_opted_out_at"), r.Long("opt_out_confirmed") != 0, r.Long("paused") != 0);

    private static DeliveryRow ReadDelivery(DbDataReader r) => new(
        r.Long("id"), r.String("delivery_key")!, r.String("account_id")!, r.String("invoice_id")!, r.String("client_id")!, r.String("reminder_id")!,
        Enum.Parse<ReminderChannel>(r.String("channel")!), Enum.Parse<Tone>(r.String("tone")!), r.String("template")!, r.String("why")!, r.Time("planned_at"),
        r.String("state")!, r.Long("attempts"), r.NullableTime("not_before"), r.String("provider_ref"), r.String("provider_status"), r.String("reason"), r.Time("created_at"), r.NullableTime("sent_at"),
        r.NullableTime("handed_over_at"));

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Number(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);
}
