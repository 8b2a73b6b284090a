using Closeout.Features.Accounts;
using Closeout.Features.PriceBook;
using Closeout.Features.Inbox;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Observability;
using Closeout.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Processing;

/// <summary>
/// Takes due inbox items and acts on them. The rows are the truth: a nudge from intake wakes it, and a sweep at start
/// and on a timer finds whatever is due, including items whose worker died (expired lease). One loop on SQLite; several
/// on PostgreSQL, where other instances may run theirs too.
/// </summary>
internal sealed partial class InboxWorker(
    InboxStore inbox,
    WorkSignal signal,
    DraftJob draftJob,
    SyncCatalog syncCatalog,
    Pilot.ShadowInvoices shadowInvoices,
    AccountStore accounts,
    IEnumerable<IInboxHandler> handlers,
    Database database,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<InboxWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Task.CompletedTask;
        }

        var loops = database.SupportsConcurrentWorkers ? settings.Workers : 1;
        return Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var item = await inbox.ClaimAsync(TimeSpan.FromSeconds(settings.LeaseSeconds), stoppingToken).ConfigureAwait(false);
                if (item is not null)
                {
                    await ProcessAsync(item, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var sweep = TimeSpan.FromMilliseconds(settings.SweepMilliseconds);
                var due = await inbox.NextDueAsync(stoppingToken).ConfigureAwait(false);
                var wait = due is { } at ? at - time.GetUtcNow() : sweep;
                wait = wait < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : wait > sweep ? sweep : wait;
                await signal.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker never dies: an unexpected error (the database away) is logged and the loop goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopError(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    internal async Task ProcessAsync(InboxItem item, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["DeliveryId"] = item.Id, ["AccountId"] = item.AccountId, ["ItemId"] = item.ItemId });
        using var stage = Telemetry.StartStage("inbox.process", item.TraceParent);
        var activity = stage.Activity;
        activity?.SetTag("closeout.topic", item.Topic);
        Result<DraftOutcome> result;
        try
        {
            result = await HandleAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A bug on one item must not stop the others: it is retried and, if it persists, dead-lettered.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, item.Id, e);
            result = Failure.Transient($"Unexpected {e.GetType().Name}: {e.Message}");
        }

        if (result.IsSuccess)
        {
            await inbox.FinishAsync(item, InboxState.Done, result.Value!.Note, cancellationToken).ConfigureAwait(false);
            Telemetry.WebhookToInvoice.Record((time.GetUtcNow() - item.ReceivedAt).TotalMilliseconds);
            LogDone(logger, item.Id, item.Topic, result.Value.Note);
            return;
        }

        var failure = result.Failure!;
        var next = RetrySchedule.Next(failure, item.Attempts, options.Value, time.GetUtcNow());
        await inbox.FailAsync(item, failure, next, cancellationToken).ConfigureAwait(false);
        Telemetry.InboxFailures.Add(1, new KeyValuePair<string, object?>("kind", failure.Kind.ToString()));
        if (next is null)
        {
            LogDead(logger, item.Id, item.Attempts, failure.Kind, failure.Message);
        }
        else
        {
            LogRetry(logger, item.Id, item.Attempts, failure.Kind, failure.Message, next.Value);
        }
    }

    private async Task<Result<DraftOutcome>> HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        if (item.AccountId is null || item.ItemId is null)
        {
            return Failure.Permanent("The webhook named no account or item");
        }

        if (item.Topic == WebhookTopics.JobUpdate)
        {
            return await draftJob.RunAsync(item.AccountId, item.ItemId, cancellationToken).ConfigureAwait(false);
        }


        if (item.Topic == WebhookTopics.AppDisconnect)
        {
            // Its tokens are already invalid (jobber-api.md): forget them, keep its drafts, inbox and catalog.
            await accounts.DisconnectAsync(item.AccountId, cancellationToken).ConfigureAwait(false);
            return new DraftOutcome(false, "account disconnected; its work stops and its data is kept");
        }

        if (WebhookTopics.IsCatalogChange(item.Topic))
        {
            var account = await accounts.FindAsync(item.AccountId, cancellationToken).ConfigureAwait(false);
            if (account?.Tokens is null || !BusinessEngines.UsesSyncedCatalog(account))
            {
                return new DraftOutcome(false, account?.Tokens is null ? "account not connected; catalog not synced" : "account priced from its catalog.json; nothing to sync");
            }

            var synced = await syncCatalog.RunAsync(item.AccountId, cancellationToken).ConfigureAwait(false);
            return synced.IsSuccess ? new DraftOutcome(false, $"catalog synced: {synced.Value} items") : synced.Failure!;
        }

        // One topic can matter to several features (an invoice to the pilot, the ledger and the QuickBooks sync): each runs
        // in turn and a failure retries the item, so every handler is idempotent.
        var notes = new List<string>();
        if (item.Topic == WebhookTopics.InvoiceCreate)
        {
            var shadow = await shadowInvoices.RunAsync(item.AccountId, item.ItemId, cancellationToken).ConfigureAwait(false);
            if (!shadow.IsSuccess)
            {
                return shadow;
            }

            notes.Add(shadow.Value!.Note);
        }

        foreach (var handler in handlers.Where(h => h.Handles(item.Topic)))
        {
            var handled = await handler.HandleAsync(item, cancellationToken).ConfigureAwait(false);
            if (!handled.IsSuccess)
            {
                return handled.Failure!;
            }

            notes.Add(handled.Value!);
        }

        return notes.Count == 0 ? new DraftOutcome(false, "topic not handled") : new DraftOutcome(false, string.Join("; ", notes));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} ({Topic}) done: {Note}")]
    private static partial void LogDone(ILogger logger, long deliveryId, string topic, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} attempt {Attempts} failed ({Kind}: {Error}); next attempt at {Next}")]
    private static partial void LogRetry(ILogger logger, long deliveryId, long attempts, FailureKind kind, string error, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} dead-lettered after {Attempts} attempts ({Kind}: {Error}); replay with: closeout inbox retry {DeliveryId}")]
    private static partial void LogDead(ILogger logger, long deliveryId, long attempts, FailureKind kind, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on delivery {DeliveryId}")]
    private static partial void LogUnexpected(ILogger logger, long deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbox worker loop error; going on")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
