using Npgsql;

namespace Closeout.Tests.Service;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh, empty database for one test: a SQLite file in a temp folder, or a new schema in the PostgreSQL database that
/// CLOSEOUT_TEST_POSTGRES names (test.sh installs and starts PostgreSQL and sets it; the tests fail, never skip, without it).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CLOSEOUT_TEST_POSTGRES";

    private readonly string? _adminConnection;
    private readonly string? _schema;

    private TestDatabase(Provider provider, string dataFolder, string? connectionString, string? adminConnection, string? schema)
    {
        Provider = provider;
        DataFolder = dataFolder;
        ConnectionString = connectionString;
        _adminConnection = adminConnection;
        _schema = schema;
    }

    public Provider Provider { get; }

    public string DataFolder { get; }

    public string? ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(Provider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "closeout-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (provider == Provider.Sqlite)
        {
            return new TestDatabase(provider, folder, null, null, null);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        Assert.False(string.IsNullOrWhiteSpace(admin),
            $"{PostgresVariable} is not set: run ./test.sh, which installs and starts PostgreSQL, or set it to a connection string of a database you may create schemas in");
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema };
        return new TestDatabase(provider, folder, builder.ConnectionString, admin, schema);
    }

    /// <summary>Configuration for Closeout's Storage section.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Storage:Provider"] = Provider.ToString(),
        ["Storage:DataFolder"] = DataFolder,
        ["Storage:ConnectionString"] = ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
