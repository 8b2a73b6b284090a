using Microsoft.Extensions.Options;

namespace Closeout.Features.Pilot;

/// <summary>Section "Pilot": how often shadow drafts still waiting look for the office's invoice in Jobber (0: never).</summary>
internal sealed class PilotSweepSettings
{
    public const string Section = "Pilot";

    public double SweepMinutes { get; set; } = 60;
}

/// <summary>Runs the periodic read of <see cref="ShadowInvoices"/> on the injected clock.</summary>
internal sealed partial class PilotSweep(ShadowInvoices shadow, IOptions<PilotSweepSettings> settings, TimeProvider time, ILogger<PilotSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Value.SweepMinutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.Value.SweepMinutes), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await shadow.SweepAsync(stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // The sweep never dies: an error is logged and the next tick tries again.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogSweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Shadow comparison sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
