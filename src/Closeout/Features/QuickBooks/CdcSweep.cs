using Closeout.Infrastructure.QuickBooks;
using Microsoft.Extensions.Options;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// Catches what webhooks missed (Intuit's advice): for each connected company, asks CDC for the payments changed since the
/// last sweep (with a minute's overlap; at most 30 days back) and queues each version not yet queued. A payment that a
/// webhook already brought is the same inbox row, so nothing runs twice.
/// </summary>
internal sealed partial class CdcSweep(
    QuickBooksConnections connections,
    QuickBooksClient qbo,
    QuickBooksWork work,
    IOptions<QuickBooksOptions> options,
    TimeProvider time,
    ILogger<CdcSweep> logger) : BackgroundService
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxLookBack = TimeSpan.FromDays(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SweepEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(options.Value.CdcSweepMilliseconds), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The sweep never dies: the database or QuickBooks away is logged and the next sweep tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogSweepError(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One sweep over every connected company; returns how many payment versions were newly queued.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var connection in (await connections.ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.Tokens is not null))
        {
            var started = time.GetUtcNow();
            var since = (connection.CdcSince ?? connection.ConnectedAt) - Overlap;
            if (since < started - MaxLookBack)
            {
                since = started - MaxLookBack;
            }

            var changes = await qbo.ChangesAsync(connection.AccountId, ["Payment"], since, cancellationToken).ConfigureAwait(false);
            if (!changes.IsSuccess)
            {
                LogCdcFailed(logger, connection.AccountId, changes.Error!.Kind, changes.Error.Code);
                continue;
            }

            foreach (var payment in changes.Value!.Payments.Where(p => p.Id is not null))
            {
                var version = QuickBooksWebhook.Version(payment.MetaData?.LastUpdatedTime) ?? payment.SyncToken ?? "";
                if (await work.EnqueuePaymentAsync(connection.RealmId, connection.AccountId, payment.Id!, version, cancellationToken).ConfigureAwait(false))
                {
                    queued++;
                }
            }

            await connections.AdvanceCdcAsync(connection.AccountId, started, cancellationToken).ConfigureAwait(false);
        }

        if (queued > 0)
        {
            LogQueued(logger, queued);
        }

        return queued;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CDC sweep queued {Count} QuickBooks payment changes")]
    private static partial void LogQueued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDC for account {AccountId} failed: {Kind} {Code}")]
    private static partial void LogCdcFailed(ILogger logger, string accountId, QboErrorKind kind, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "CDC sweep error; going on")]
    private static partial void LogSweepError(ILogger logger, Exception exception);
}
