using System.Data.Common;

namespace Closeout.Infrastructure.Persistence;

/// <summary>Small ADO.NET helpers: commands with named parameters, and reading the values both providers return.</summary>
internal static class Sql
{
    public static DbCommand Command(this DbConnection connection, string text, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(this DbConnection connection, string text, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(text, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<List<T>> QueryAsync<T>(this DbConnection connection, string text, DbTransaction? transaction, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(text, transaction, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static string? String(this DbDataReader reader, string column)
    {
        var value = reader[column];
        return value is DBNull ? null : (string)value;
    }

    public static long Long(this DbDataReader reader, string column) => Convert.ToInt64(reader[column], System.Globalization.CultureInfo.InvariantCulture);

    public static long? NullableLong(this DbDataReader reader, string column)
    {
        var value = reader[column];
        return value is DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static DateTimeOffset Time(this DbDataReader reader, string column) => DateTimeOffset.FromUnixTimeMilliseconds(reader.Long(column));

    public static DateTimeOffset? NullableTime(this DbDataReader reader, string column) =>
        reader.NullableLong(column) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static long Ms(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
