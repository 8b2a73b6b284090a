using System.Data.Common;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Inbox;

/// <summary>A row the batch insert stored: the deliveries it does not return were already there (redeliveries).</summary>
internal readonly record struct InsertedDelivery(long Id, string DeliveryKey, string Topic, string State);

/// <summary>
/// Many deliveries into the inbox in one statement, passed as one JSON array parameter, so the statement is prepared
/// once whatever the batch size and binds one value (binding hundreds of named parameters costs SQLite a name search
/// each; measured in ADR 0011). Each element is an object with the delivery's fields (<see cref="Write"/>); a key that is
/// already stored, or that comes twice in the array, is stored once: the first copy wins. One exception: Jobber's
/// occurredAt has whole seconds, so two changes of one item in one second are one key; a copy of a Jobber delivery that
/// arrives after the first was claimed, within the redelivery window, has it worked again (at once if it is done, when
/// it finishes if it is being worked), so the second change is read (ADR 0016). A copy outside the window does nothing.
/// </summary>
internal sealed class InboxBatchInsert : IAsyncDisposable, IDisposable
{
    private readonly DbCommand _command;
    private readonly bool _postgres;

    public InboxBatchInsert(DbConnection connection, Database database, long redeliveryWindowMs)
    {
        // SQLite takes the array as UTF-8 bytes, cast to text: no UTF-16 copy of a large batch on the way in.
        _postgres = database.Provider == StorageProvider.Postgres;
        var rows = _postgres ? "jsonb_array_elements(CAST(@rows AS jsonb)) AS e(value)" : "json_each(CAST(@rows AS TEXT))";
        _command = connection.Command(
            $"""
            INSERT INTO inbox (delivery_key, topic, account_id, item_id, occurred_at, received_at, state, attempts, next_attempt_at, trace_parent)
            SELECT value ->> 'k', value ->> 't', value ->> 'a', value ->> 'i', value ->> 'o', CAST(value ->> 'r' AS BIGINT), value ->> 's', 0, @now, value ->> 'p'
            FROM {rows} WHERE true
            ON CONFLICT (delivery_key) DO UPDATE SET
                state = CASE WHEN inbox.state = 'done' THEN 'pending' ELSE inbox.state END,
                next_attempt_at = CASE WHEN inbox.state = 'done' THEN excluded.next_attempt_at ELSE inbox.next_attempt_at END,
                completed_at = CASE WHEN inbox.state = 'done' THEN NULL ELSE inbox.completed_at END,
                redo = CASE WHEN inbox.state = 'processing' THEN 1 ELSE 0 END
            WHERE inbox.topic IN ({string.Join(", ", WebhookTopics.FromJobber.Select(t => $"'{t}'"))})
                AND (inbox.state = 'done' OR (inbox.state = 'processing' AND inbox.redo = 0))
                AND excluded.received_at - inbox.received_at BETWEEN 0 AND @window
            RETURNING id, delivery_key, topic, state
            """,
            null, ("rows", _postgres ? "" : Array.Empty<byte>()), ("now", 0L), ("window", redeliveryWindowMs));
        _command.Prepare();
    }

    /// <summary>Inserts the deliveries of <paramref name="utf8JsonArray"/> and returns the rows that were new (or worked again).</summary>
    public async Task<List<InsertedDelivery>> RunAsync(DbTransaction transaction, byte[] utf8JsonArray, long now)
    {
        Bind(transaction, utf8JsonArray, now);
        var inserted = new List<InsertedDelivery>();
        await using var reader = await _command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            inserted.Add(Row(reader));
        }

        return inserted;
    }

    /// <summary>
    /// The same on the caller's thread (SQLite's driver does the work synchronously whatever the method): for the journal's
    /// importer, which runs on a thread of its own so that its writes never hold a thread the web server needs.
    /// </summary>
    public List<InsertedDelivery> Run(DbTransaction transaction, byte[] utf8JsonArray, long now)
    {
        Bind(transaction, utf8JsonArray, now);
        var inserted = new List<InsertedDelivery>();
        using var reader = _command.ExecuteReader();
        while (reader.Read())
        {
            inserted.Add(Row(reader));
        }

        return inserted;
    }

    /// <summary>One delivery as an element of the array: the same shape the intake journal stores (<see cref="IntakeJournal"/>).</summary>
    public static void Write(System.Text.Json.Utf8JsonWriter json, InboxDelivery delivery, long receivedAt)
    {
        json.WriteStartObject();
        json.WriteString("k", delivery.DeliveryKey);
        json.WriteString("t", delivery.Topic);
        json.WriteString("a", delivery.AccountId);
        json.WriteString("i", delivery.ItemId);
        json.WriteString("o", delivery.OccurredAt);
        json.WriteString("s", delivery.State);
        json.WriteString("p", delivery.TraceParent);
        json.WriteNumber("r", receivedAt);
        json.WriteEndObject();
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    public void Dispose() => _command.Dispose();

    private void Bind(DbTransaction transaction, byte[] utf8JsonArray, long now)
    {
        _command.Transaction = transaction;
        _command.Parameters[0].Value = _postgres ? System.Text.Encoding.UTF8.GetString(utf8JsonArray) : utf8JsonArray;
        _command.Parameters[1].Value = now;
    }

    private static InsertedDelivery Row(DbDataReader reader) => new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
}
