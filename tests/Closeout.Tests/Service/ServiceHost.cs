using Closeout.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Tests.Service;

/// <summary>Closeout's services on a test database without starting the host (as the CLI verbs use them), schema migrated.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<ServiceHost> StartAsync(TestDatabase database, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = CloseoutApp.Create([], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(database.Settings());
            builder.Configuration["Processing:Enabled"] = "false";
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            services?.Invoke(builder.Services);
        });
        await app.Services.GetRequiredService<Migrations>().MigrateAsync(CancellationToken.None);
        return new ServiceHost(app);
    }

    /// <summary>Runs SQL directly against the database, as someone tampering with it would.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Get<Database>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteAsync(sql, null, CancellationToken.None, parameters);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
