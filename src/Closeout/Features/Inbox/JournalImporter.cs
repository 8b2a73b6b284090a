using System.Data.Common;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure.Observability;
using Closeout.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Inbox;

/// <summary>
/// Moves the intake journal's records into the inbox (ADR 0016): each batch is inserted (a key already there is a
/// redelivery and stays one row) and the position read up to is saved in the same transaction, so a crash between the
/// two repeats nothing and skips nothing. Opens the journal at start-up, before the web server takes requests, when
/// storage is SQLite and <see cref="WebhookOptions.Journal"/> is on; otherwise intake commits to the inbox directly.
/// </summary>
internal sealed partial class JournalImporter(
    IntakeJournal journal, Database database, WorkSignal work, IOptions<WebhookOptions> options, TimeProvider time, ILogger<JournalImporter> logger)
    : BackgroundService
{
    // Batches stay under the large-object heap's 85 KB: 4,000-record batches (4 MB strings) kept the background GC busy
    // for a sixth of the CPU; at a few hundred records a commit's fixed cost is already small beside its rows' (ADR 0016).
    private const int MaxRecords = 500;
    private const int MaxBytes = 64 << 10;

    private readonly Lock _lock = new();
    private JournalPosition _imported;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Microsoft.Data.Sqlite.SqliteConnection? _connection;
    private InboxBatchInsert? _insert;
    private DbCommand? _position;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.SqliteFile is null || !options.Value.Journal)
        {
            return;
        }

        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var saved = await connection.QueryAsync("SELECT segment, position FROM intake_journal WHERE id = 1", null,
                r => new JournalPosition(r.Long("segment"), r.Long("position")), cancellationToken).ConfigureAwait(false);
            _imported = saved.Count == 0 ? default : saved[0];
        }

        if (!journal.TryOpen(_imported))
        {
            // Another Closeout on this SQLite file owns the journal: this one answers after the inbox commit, as before.
            LogJournalInUse(logger, journal.Folder);
            return;
        }

        journal.DeleteBefore(_imported.Segment);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until everything appended before the call is in the inbox (tests; shutdown).</summary>
    public async Task WaitForImportAsync(CancellationToken cancellationToken)
    {
        if (!journal.IsOpen)
        {
            return;
        }

        var target = journal.End;
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                if (!_imported.IsBefore(target))
                {
                    return;
                }

                progress = _progress.Task;
            }

            journal.Wake();
            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The import loop runs on a thread of its own, with SQLite's synchronous calls: on the thread pool its blocking writes
    /// held threads the web server needed, and intake sat waiting with CPU idle (measured in ADR 0016).
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => ImportUntilStopped(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void ImportUntilStopped(CancellationToken stoppingToken)
    {
        using var wake = stoppingToken.Register(journal.Wake);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                ImportAvailable();
                failures = 0;
            }
#pragma warning disable CA1031 // The importer never dies: the records stay in the journal and the next round tries again.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                failures++;
                LogFailed(logger, e, failures);
                Reset();
                stoppingToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * (1 << Math.Min(failures, 7)))));
                continue;
            }

            journal.WaitForAppends(TimeSpan.FromSeconds(1));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (!journal.IsOpen || ExecuteTask is { IsCompleted: false })
        {
            // Off, or the shutdown's time ran out with an import still running: what it has not taken stays in the journal.
            return;
        }

        try
        {
            // The web server has stopped taking requests: take in what it acknowledged last, so the inbox is complete.
            ImportAvailable();
        }
#pragma warning disable CA1031 // What is not imported now stays in the journal and is imported at the next start.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e, 1);
        }

        Reset();
        journal.Dispose();
    }

    private void ImportAvailable()
    {
        while (true)
        {
            var from = _imported;
            var batch = journal.Read(from, MaxRecords, MaxBytes);
            var next = batch.SegmentDone ? new JournalPosition(journal.NextSegmentAfter(from.Segment), 0) : batch.Next;
            if (batch.Count == 0 && next == from)
            {
                return;
            }

            if (batch.UnreadableBytes > 0)
            {
                LogUnreadable(logger, batch.UnreadableBytes, from.Segment);
            }

            _connection ??= database.OpenSqlite();
            _insert ??= new InboxBatchInsert(_connection, database, options.Value.RedeliveryWindowSeconds * 1000L);
            _position ??= _connection.Command(
                """
                INSERT INTO intake_journal (id, segment, position) VALUES (1, @segment, @position)
                ON CONFLICT (id) DO UPDATE SET segment = excluded.segment, position = excluded.position
                """,
                null, ("segment", 0L), ("position", 0L));
            List<InsertedDelivery> inserted = [];
            using (var transaction = _connection.BeginTransaction())
            {
                if (batch.Count > 0)
                {
                    inserted = _insert.Run(transaction, batch.Json, time.GetUtcNow().Ms());
                }

                _position.Transaction = transaction;
                _position.Parameters[0].Value = next.Segment;
                _position.Parameters[1].Value = next.Offset;
                _position.ExecuteNonQuery();
                transaction.Commit();
            }

            lock (_lock)
            {
                _imported = next;
                _progress.TrySetResult();
                _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (next.Segment != from.Segment)
            {
                journal.DeleteBefore(next.Segment);
            }

            if (batch.Count > inserted.Count)
            {
                Telemetry.WebhookDuplicates.Add(batch.Count - inserted.Count);
                LogDuplicates(logger, batch.Count - inserted.Count);
            }

            if (inserted.Exists(row => row.State == InboxState.Pending))
            {
                work.Notify();
            }
        }
    }

    private void Reset()
    {
        _position?.Dispose();
        _position = null;
        _insert?.Dispose();
        _insert = null;
        _connection?.Dispose();
        _connection = null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Moving webhook deliveries from the intake journal to the inbox failed ({Failures} in a row); they stay in the journal and are retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake journal segment {Segment} ends with {Bytes} unreadable bytes (a write torn by a power cut, or damage); skipped")]
    private static partial void LogUnreadable(ILogger logger, long bytes, long segment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The intake journal in {Folder} belongs to another Closeout process on this database; this one stores each delivery in the inbox before acknowledging it")]
    private static partial void LogJournalInUse(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} redelivered webhooks acknowledged and ignored")]
    private static partial void LogDuplicates(ILogger logger, int count);
}
