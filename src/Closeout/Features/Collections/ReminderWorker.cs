using Closeout.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Collections;

/// <summary>Wakes the reminder worker (a payment or invoice webhook was applied). Only a nudge: the timer runs the cycle anyway.</summary>
internal sealed class CollectionsSignal
{
    private readonly System.Threading.Channels.Channel<bool> _channel = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linked.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Runs the reminder cycle on a timer and when nudged, and the reconciliation sweep of every connected account.</summary>
internal sealed partial class ReminderWorker(
    ReminderCycle cycle,
    ReceivableSync sync,
    AccountStore accounts,
    CollectionsSignal signal,
    IOptions<CollectionsOptions> options,
    TimeProvider time,
    ILogger<ReminderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var lastSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() - lastSweep >= TimeSpan.FromMinutes(options.Value.ReconcileMinutes))
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                    lastSweep = time.GetUtcNow();
                }

                await cycle.RunAsync(stoppingToken).ConfigureAwait(false);
                await signal.WaitAsync(TimeSpan.FromMilliseconds(options.Value.CycleMilliseconds), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker never dies: the error is logged and the next pass tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopError(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every connected account's invoices, to catch webhooks that never came.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var account in await accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (account.Tokens is null || account.DisconnectedAt is not null)
            {
                continue;
            }

            var result = await sync.ReconcileAsync(account.Id, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                LogSweepFailed(logger, account.Id, result.Failure!.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reminder worker loop error; going on")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation of account {AccountId} failed: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string accountId, string error);
}
