using System.Globalization;
using System.Text;

namespace Closeout.Features.Leakage;

/// <summary>The report as CSV: one row per job (RFC 4180 quoting), amounts in dollars with two decimals.</summary>
internal static class UnbilledCsv
{
    public static string Write(UnbilledReport report)
    {
        var csv = new StringBuilder();
        csv.Append("kind,job_id,job_number,title,client,technician,service_line,week,completed_at,age_days,amount,drafted,invoice_number,short_lines\r\n");
        foreach (var e in report.Entries)
        {
            Row(csv,
                e.Kind, e.JobId, e.JobNumber?.ToString(CultureInfo.InvariantCulture) ?? "", e.Title, e.Client, e.Technician, e.ServiceLine,
                e.Week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.CompletedAt.ToString("O", CultureInfo.InvariantCulture),
                e.AgeDays.ToString(CultureInfo.InvariantCulture), Money(e.Amount), e.Drafted ? "yes" : "no", e.InvoiceNumber ?? "",
                string.Join("; ", e.Lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.ItemId} {l.InvoicedQuantity:0.##}/{l.DraftQuantity:0.##} short {Money(l.Shortfall)}"))));
        }

        return csv.ToString();
    }

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, params string[] cells)
    {
        csv.AppendJoin(',', cells.Select(Quote));
        csv.Append("\r\n");
    }

    private static string Quote(string cell)
    {
        // A cell starting with a formula character is prefixed so a spreadsheet shows it as text (CSV injection).
        var safe = cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' ? "'" + cell : cell;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
