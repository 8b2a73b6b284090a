using Closeout.Features.Accounts;
using Closeout.Features.Inbox;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.Observability;
using Microsoft.Extensions.Options;

namespace Closeout.Features.PriceBook;

/// <summary>Reads every page of an account's products and services from Jobber and replaces its synced catalog.</summary>
internal sealed partial class SyncCatalog(JobberApi jobber, CatalogStore catalogs, ILogger<SyncCatalog> logger)
{
    public async Task<Result<int>> RunAsync(string accountId, CancellationToken cancellationToken)
    {
        using var stage = Telemetry.StartStage("catalog.sync");
        var activity = stage.Activity;
        var products = await jobber.GetProductsAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (!products.IsSuccess)
        {
            return products.Failure!;
        }

        await catalogs.ReplaceAsync(accountId, products.Value!, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("closeout.items", products.Value!.Count);
        LogSynced(logger, accountId, products.Value!.Count);
        return products.Value!.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Synced the catalog of account {AccountId} from Jobber: {Items} products and services")]
    private static partial void LogSynced(ILogger logger, string accountId, int items);
}

/// <summary>Section "Catalog".</summary>
internal sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>How often the synced catalogs are read again besides the product webhooks (which Jobber may not send for every edit).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_080)]
    public int RefreshMinutes { get; set; } = 60;
}

/// <summary>
/// Queues a catalog refresh for every connected account priced from its synced catalog, once per period. The refresh is an
/// inbox item whose key names the period, so it is retried like a delivery and, with several instances, done once.
/// </summary>
internal sealed partial class CatalogRefresher(
    AccountStore accounts, InboxStore inbox, WorkSignal signal, IOptions<CatalogOptions> options, TimeProvider time, ILogger<CatalogRefresher> logger) : BackgroundService
{
    public async Task QueueAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromMinutes(options.Value.RefreshMinutes);
        var slot = time.GetUtcNow().ToUnixTimeMilliseconds() / (long)period.TotalMilliseconds;
        foreach (var account in await accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (account.Tokens is not null && BusinessEngines.UsesSyncedCatalog(account))
            {
                await QueueAsync(inbox, account.Id, $"period-{slot}", cancellationToken).ConfigureAwait(false);
            }
        }

        signal.Notify();
    }

    /// <summary>Queues one refresh of the account's catalog; <paramref name="occasion"/> makes it unique (a period, a connection).</summary>
    public static Task<long?> QueueAsync(InboxStore inbox, string accountId, string occasion, CancellationToken cancellationToken) =>
        inbox.AddAsync(
            new InboxDelivery($"{WebhookTopics.CatalogRefresh}|{accountId}|{occasion}", WebhookTopics.CatalogRefresh, accountId, accountId, occasion, InboxState.Pending),
            cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await QueueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMinutes(options.Value.RefreshMinutes), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The refresher never dies: the database may be away for a while.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(30), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue the catalog refreshes; trying again shortly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

internal static class CatalogExtensions
{
    public static IServiceCollection AddCatalogSync(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<SyncCatalog>();
        services.AddSingleton<CatalogRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogRefresher>());
        return services;
    }
}
