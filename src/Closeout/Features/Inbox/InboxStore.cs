using System.Data.Common;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Inbox;

/// <summary>The durable inbox of webhook deliveries with their retry state (state, attempts, next attempt, last error).</summary>
internal sealed class InboxStore(Database database, TimeProvider time, Microsoft.Extensions.Options.IOptions<Webhooks.WebhookOptions> webhooks) : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly System.Threading.Channels.Channel<PendingAdd> _adds = System.Threading.Channels.Channel.CreateUnbounded<PendingAdd>(
        new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _startLock = new();
    private Task? _writer;

    private sealed record PendingAdd(InboxDelivery Delivery, TaskCompletionSource<long?> Stored);

    /// <summary>
    /// Stores a delivery; null when its key is already there (a redelivery). Returns once the row is committed. One writer
    /// per process commits the deliveries that arrive together as one multi-row insert in one transaction: SQLite's single
    /// write lock would make each commit wait its turn, and on PostgreSQL one round trip and one commit per batch replace
    /// one per delivery (group commit; measured in ADR 0011).
    /// </summary>
    public async Task<long?> AddAsync(InboxDelivery delivery, CancellationToken cancellationToken)
    {
        EnsureWriter();
        var pending = new PendingAdd(delivery, new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _adds.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Stored.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void EnsureWriter()
    {
        lock (_startLock)
        {
            _writer ??= Task.Run(WriteBatchesAsync);
        }
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<PendingAdd>(MaxBatch);
        DbConnection? connection = null;
        InboxBatchInsert? insert = null;
        while (await _adds.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _adds.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                // The same key twice in one batch: the first is the delivery, the rest are redeliveries. Rows go in key
                // order so that two instances inserting overlapping batches on PostgreSQL take their locks in one order.
                var rows = batch.Select(p => p.Delivery).DistinctBy(d => d.DeliveryKey, StringComparer.Ordinal)
                    .OrderBy(d => d.DeliveryKey, StringComparer.Ordinal).ToList();

                // One connection for the writer's life (reopened after a failure): opening costs more than a small batch.
                connection ??= await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                insert ??= new InboxBatchInsert(connection, database, webhooks.Value.RedeliveryWindowSeconds * 1000L);
                var now = time.GetUtcNow().Ms();
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                var ids = (await insert.RunAsync(transaction, Json(rows, now), now).ConfigureAwait(false)).ToDictionary(r => r.DeliveryKey, r => r.Id, StringComparer.Ordinal);
                await transaction.CommitAsync().ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    // Each new id goes to the first delivery that carried its key; later copies are duplicates.
                    pending.Stored.TrySetResult(ids.Remove(pending.Delivery.DeliveryKey, out var id) ? id : null);
                }
            }
#pragma warning disable CA1031 // Each waiting request answers with the failure; the writer lives on for the next batch.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var pending in batch)
                {
                    pending.Stored.TrySetException(ex);
                }

                if (insert is not null)
                {
                    await insert.DisposeAsync().ConfigureAwait(false);
                    insert = null;
                }

                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }
            }
        }

        if (insert is not null)
        {
            await insert.DisposeAsync().ConfigureAwait(false);
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static byte[] Json(List<InboxDelivery> rows, long now)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(rows.Count * 256);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var delivery in rows)
            {
                InboxBatchInsert.Write(json, delivery, now);
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _adds.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes the next due item (pending and due, or processing with an expired lease: its worker died) and leases it.
    /// On PostgreSQL rows held by other workers are skipped; on SQLite the single statement is atomic.
    /// </summary>
    public async Task<InboxItem?> ClaimAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var rows = await connection.QueryAsync(
            $"""
            UPDATE inbox SET state = 'processing', attempts = attempts + 1, locked_until = @lease
            WHERE id = (
                SELECT id FROM inbox
                WHERE (state = 'pending' AND next_attempt_at <= @now) OR (state = 'processing' AND locked_until < @now)
                ORDER BY next_attempt_at, id
                LIMIT 1{database.SkipLocked})
            RETURNING *
            """,
            null, Map, cancellationToken, ("now", now.Ms()), ("lease", (now + lease).Ms())).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Finishes a claimed item; ignored when another worker has since taken it over (its attempts moved on).</summary>
    public Task<bool> FinishAsync(InboxItem item, string state, string? note, CancellationToken cancellationToken) =>
        UpdateAsync(item, state, time.GetUtcNow(), null, note, completed: true, cancellationToken);

    /// <summary>Schedules another attempt, or dead-letters the item with its error.</summary>
    public Task<bool> FailAsync(InboxItem item, Failure failure, DateTimeOffset? nextAttempt, CancellationToken cancellationToken) =>
        UpdateAsync(item, nextAttempt is null ? InboxState.Dead : InboxState.Pending, nextAttempt ?? time.GetUtcNow(), failure.Kind.ToString(), failure.Message, completed: nextAttempt is null, cancellationToken);

    private async Task<bool> UpdateAsync(InboxItem item, string state, DateTimeOffset next, string? kind, string? error, bool completed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var redo = await connection.QueryAsync(
            """
            UPDATE inbox SET state = @state, next_attempt_at = @next, locked_until = NULL, error_kind = @kind, last_error = @error, completed_at = @completed
            WHERE id = @id AND attempts = @attempts AND state = 'processing'
            RETURNING redo
            """,
            null, r => r.Long("redo") == 1, cancellationToken,
            ("state", state), ("next", next.Ms()), ("kind", kind), ("error", error), ("completed", completed ? time.GetUtcNow().Ms() : null),
            ("id", item.Id), ("attempts", item.Attempts)).ConfigureAwait(false);
        if (redo is [true])
        {
            // A copy arrived while this was worked (a second change in the same second): work it again, unless dead-lettered.
            await connection.ExecuteAsync(
                """
                UPDATE inbox SET state = CASE WHEN state = 'dead' THEN state ELSE 'pending' END, next_attempt_at = @now,
                    completed_at = CASE WHEN state = 'dead' THEN completed_at ELSE NULL END, redo = 0
                WHERE id = @id AND redo = 1
                """,
                null, cancellationToken, ("now", time.GetUtcNow().Ms()), ("id", item.Id)).ConfigureAwait(false);
        }

        return redo.Count == 1;
    }

    public async Task<IReadOnlyList<InboxItem>> ListAsync(string? state, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            "SELECT * FROM inbox" + (state is null ? "" : " WHERE state = @state") + " ORDER BY id DESC LIMIT @limit",
            null, Map, cancellationToken, ("state", state), ("limit", (long)limit)).ConfigureAwait(false);
    }

    public async Task<InboxItem?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT * FROM inbox WHERE id = @id", null, Map, cancellationToken, ("id", id)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Puts a dead (or finished) item back in the queue with a fresh attempt count: the replay of a dead letter.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            "UPDATE inbox SET state = 'pending', attempts = 0, next_attempt_at = @now, locked_until = NULL, completed_at = NULL WHERE id = @id AND state <> 'processing'",
            null, cancellationToken, ("id", id), ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
        return changed == 1;
    }

    /// <summary>When the earliest waiting item falls due, for the worker's sleep.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(
            "SELECT MIN(CASE WHEN state = 'pending' THEN next_attempt_at ELSE locked_until END) AS due FROM inbox WHERE state IN ('pending', 'processing')",
            null, r => r.NullableLong("due"), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 || rows[0] is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(rows[0]!.Value);
    }

    private static InboxItem Map(DbDataReader r) => new(
        r.Long("id"), r.String("topic")!, r.String("account_id"), r.String("item_id"), r.String("state")!, r.Long("attempts"),
        r.Time("received_at"), r.Time("next_attempt_at"), r.String("error_kind"), r.String("last_error"), r.String("trace_parent"));
}
