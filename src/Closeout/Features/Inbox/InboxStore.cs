using System.Data.Common;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Inbox;

/// <summary>The durable inbox of webhook deliveries with their retry state (state, attempts, next attempt, last error).</summary>
internal sealed class InboxStore(Database database, TimeProvider time) : IAsyncDisposable
{
    private const string InsertSql = """
        INSERT INTO inbox (delivery_key, topic, account_id, item_id, occurred_at, received_at, state, attempts, next_attempt_at, trace_parent)
        VALUES (@key, @topic, @account, @item, @occurred, @now, @state, 0, @now, @trace)
        ON CONFLICT (delivery_key) DO NOTHING
        RETURNING id
        """;

    private const int MaxBatch = 256;

    private readonly System.Threading.Channels.Channel<PendingAdd> _adds = System.Threading.Channels.Channel.CreateUnbounded<PendingAdd>(
        new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _startLock = new();
    private Task? _writer;

    private sealed record PendingAdd(InboxDelivery Delivery, TaskCompletionSource<long?> Stored);

    /// <summary>
    /// Stores a delivery; null when its key is already there (a redelivery). Returns once the row is committed. On SQLite,
    /// whose single write lock makes every commit wait its turn, one writer commits the deliveries that arrive together
    /// in one transaction; PostgreSQL takes each on its own connection.
    /// </summary>
    public async Task<long?> AddAsync(InboxDelivery delivery, CancellationToken cancellationToken)
    {
        if (database.SupportsConcurrentWorkers)
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await InsertAsync(connection, null, delivery, cancellationToken).ConfigureAwait(false);
        }

        EnsureWriter();
        var pending = new PendingAdd(delivery, new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _adds.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Stored.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long?> InsertAsync(DbConnection connection, DbTransaction? transaction, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().Ms();
        var ids = await connection.QueryAsync(
            InsertSql, transaction, r => r.Long("id"), cancellationToken,
            ("key", delivery.DeliveryKey), ("topic", delivery.Topic), ("account", delivery.AccountId), ("item", delivery.ItemId),
            ("occurred", delivery.OccurredAt), ("now", now), ("state", delivery.State), ("trace", delivery.TraceParent)).ConfigureAwait(false);
        return ids.Count == 0 ? null : ids[0];
    }

    /// <summary>
    /// The writer's insert, prepared once on its connection: SQLite then parses the statement once, not once per row
    /// (measured in ADR 0011).
    /// </summary>
    private sealed class PreparedInsert
    {
        private static readonly string[] Names = ["key", "topic", "account", "item", "occurred", "now", "state", "trace"];
        private readonly DbCommand _command;

        public PreparedInsert(DbConnection connection)
        {
            _command = connection.Command(InsertSql, null, [.. Names.Select(n => (n, (object?)null))]);
            _command.Prepare();
        }

        public async Task<long?> RunAsync(DbTransaction transaction, InboxDelivery d, long now)
        {
            _command.Transaction = transaction;
            object?[] values = [d.DeliveryKey, d.Topic, d.AccountId, d.ItemId, d.OccurredAt, now, d.State, d.TraceParent];
            for (var i = 0; i < values.Length; i++)
            {
                _command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            return await _command.ExecuteScalarAsync().ConfigureAwait(false) is { } id and not DBNull
                ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)
                : null;
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
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
        PreparedInsert? insert = null;
        while (await _adds.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _adds.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                // One connection for the writer's life (reopened after a failure): opening costs more than a small batch.
                connection ??= await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                insert ??= new PreparedInsert(connection);
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                var now = time.GetUtcNow().Ms();
                var results = new List<long?>(batch.Count);
                foreach (var pending in batch)
                {
                    results.Add(await insert.RunAsync(transaction, pending.Delivery, now).ConfigureAwait(false));
                }

                await transaction.CommitAsync().ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Stored.TrySetResult(results[i]);
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
        var changed = await connection.ExecuteAsync(
            """
            UPDATE inbox SET state = @state, next_attempt_at = @next, locked_until = NULL, error_kind = @kind, last_error = @error, completed_at = @completed
            WHERE id = @id AND attempts = @attempts AND state = 'processing'
            """,
            null, cancellationToken,
            ("state", state), ("next", next.Ms()), ("kind", kind), ("error", error), ("completed", completed ? time.GetUtcNow().Ms() : null),
            ("id", item.Id), ("attempts", item.Attempts)).ConfigureAwait(false);
        return changed == 1;
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
