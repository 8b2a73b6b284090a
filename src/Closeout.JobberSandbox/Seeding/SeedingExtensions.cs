using Closeout.JobberSandbox.Domain;
using Microsoft.Extensions.Options;

namespace Closeout.JobberSandbox.Seeding;

internal static class SeedingExtensions
{
    public static IServiceCollection AddSandboxSeeding(this IServiceCollection services) =>
        services.AddSingleton<BusinessSeeder>().AddHostedService<SeedOnStart>();
}

/// <summary>Seeds the configured business folders (Sandbox:Seed, or --seed a,b) at start, else the demo business.</summary>
internal sealed partial class SeedOnStart(SandboxStore store, BusinessSeeder seeder, IOptions<SandboxOptions> options, ILogger<SeedOnStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var paths = options.Value.Seed.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var sources = paths.Count > 0 ? paths.Select(BusinessSeeder.FromFolder).ToList() : options.Value.SeedDemo ? [DemoBusiness.Load()] : [];
        using (await store.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var source in sources)
            {
                var account = seeder.Seed(source);
                LogSeeded(account.Name, account.Id, account.Jobs.Count, account.ProductOrServices.Count);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Business} as account {AccountId}: {Jobs} jobs, {Products} products and services")]
    private partial void LogSeeded(string business, string accountId, int jobs, int products);
}
