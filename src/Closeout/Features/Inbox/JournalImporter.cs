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
    private const int MaxRecords = 4_000;
    private const int MaxBytes = 4 << 20;

    private readonly Lock _lock = new();
    private JournalPosition _imported;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DbConnection? _connection;
    private InboxBatchInsert? _insert;

    public static bool IsEnabled(Database database, WebhookOptions options) => database.SqliteFile is not null && options.Journal;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled(database, options.Value))
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

            journal.Appended.Notify();
            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ImportAvailableAsync().ConfigureAwait(false);
                failures = 0;
            }
#pragma warning disable CA1031 // The importer never dies: the records stay in the journal and the next round tries again.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                failures++;
                LogFailed(logger, e, failures);
                await ResetAsync().ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * (1 << Math.Min(failures, 7)))), time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            await journal.Appended.WaitAsync(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
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
            await ImportAvailableAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // What is not imported now stays in the journal and is imported at the next start.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e, 1);
        }

        await ResetAsync().ConfigureAwait(false);
        journal.Dispose();
    }

    private async Task ImportAvailableAsync()
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

            _connection ??= await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            _insert ??= new InboxBatchInsert(_connection, database);
            List<InsertedDelivery> inserted;
            await using (var transaction = await _connection.BeginTransactionAsync().ConfigureAwait(false))
            {
                inserted = batch.Count == 0 ? [] : await _insert.RunAsync(transaction, batch.JsonArray, time.GetUtcNow().Ms()).ConfigureAwait(false);
                await _connection.ExecuteAsync(
                    """
                    INSERT INTO intake_journal (id, segment, position) VALUES (1, @segment, @position)
                    ON CONFLICT (id) DO UPDATE SET segment = excluded.segment, position = excluded.position
                    """,
                    transaction, CancellationToken.None, ("segment", next.Segment), ("position", next.Offset)).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
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

            if (inserted.Exists(i => i.State == InboxState.Pending))
            {
                work.Notify();
            }
        }
    }

    private async Task ResetAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
            _insert = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
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
