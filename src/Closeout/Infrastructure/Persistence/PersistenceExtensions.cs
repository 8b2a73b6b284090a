namespace Closeout.Infrastructure.Persistence;

internal static class PersistenceExtensions
{
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Database>();
        services.AddSingleton<Migrations>();
        services.AddHostedService<MigrationRunner>();
        return services;
    }

    /// <summary>Runs the migrations before any other hosted service (the worker) starts.</summary>
    private sealed class MigrationRunner(Migrations migrations) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrations.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
