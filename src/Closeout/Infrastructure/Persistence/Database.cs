using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closeout.Infrastructure.Persistence;

/// <summary>
/// Opens connections to the configured database and holds the little SQL that differs between SQLite and PostgreSQL.
/// Times are stored as Unix milliseconds (BIGINT) so both providers read them the same way.
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    public Database(IOptions<StorageOptions> options)
    {
        var storage = options.Value;
        Provider = storage.Provider;
        if (Provider == StorageProvider.Postgres)
        {
            _connectionString = storage.ConnectionString!;
            _postgres = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(storage.ConnectionString))
            {
                Directory.CreateDirectory(storage.DataFolder);
                _connectionString = new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(storage.DataFolder, "closeout.db"),
                    Pooling = true,
                    DefaultTimeout = 30,
                }.ToString();
            }
            else
            {
                _connectionString = storage.ConnectionString;
            }

            var file = new SqliteConnectionStringBuilder(_connectionString);
            SqliteFile = file.Mode == SqliteOpenMode.Memory || file.DataSource is "" or ":memory:" ? null : Path.GetFullPath(file.DataSource);
        }
    }

    public StorageProvider Provider { get; }


    /// <summary>The SQLite database's file (null on PostgreSQL and for an in-memory database).</summary>
    public string? SqliteFile { get; }

    /// <summary>Several instances may share the work only on PostgreSQL; SQLite runs one worker.</summary>
    public bool SupportsConcurrentWorkers => Provider == StorageProvider.Postgres;

    /// <summary>Appended to a row-claiming SELECT: skip rows another worker holds (PostgreSQL); SQLite has one writer anyway.</summary>
    public string SkipLocked => Provider == StorageProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : "";

    /// <summary>Appended to a SELECT that must hold its row until the transaction ends.</summary>
    public string ForUpdate => Provider == StorageProvider.Postgres ? " FOR UPDATE" : "";

    public string Identity => Provider == StorageProvider.Postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return OpenSqlite();
    }

    /// <summary>
    /// A SQLite connection, opened on the caller's thread (SQLite's driver is synchronous whatever the method; the intake
    /// journal's importer, on a thread of its own, calls this directly): it waits for the write lock rather than fail,
    /// and WAL commits without a sync.
    /// </summary>
    public SqliteConnection OpenSqlite()
    {
        if (_postgres is not null)
        {
            throw new InvalidOperationException("Storage is PostgreSQL, not SQLite.");
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
