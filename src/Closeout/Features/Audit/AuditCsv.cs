using System.Globalization;
using System.Text;

namespace Closeout.Features.Audit;

/// <summary>An account's chain as CSV (RFC 4180), one row per entry with its hashes, so it can be kept or checked elsewhere.</summary>
internal static class AuditCsv
{
    public const string Header = "account,sequence,recorded_at,subject,action,actor,before,after,evidence,previous_hash,hash";

    public static async Task WriteAsync(TextWriter writer, IEnumerable<AuditRow> rows, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync(Header.AsMemory(), cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var line = string.Join(',',
                Cell(row.AccountId),
                row.Sequence.ToString(CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeMilliseconds(row.RecordedAtMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Cell(row.Subject), Cell(row.Action), Cell(row.Actor), Cell(row.Before), Cell(row.After), Cell(row.Evidence),
                row.PreviousHash, row.Hash);
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a formula (=, +, -, @ first) gets
    /// a leading apostrophe: subjects and actors can carry outside text.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        quoted.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        return quoted.Append('"').ToString();
    }
}
