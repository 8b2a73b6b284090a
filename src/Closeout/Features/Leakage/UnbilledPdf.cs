using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Closeout.Features.Leakage;

/// <summary>
/// The month-end report as a PDF (PDFsharp): the totals, a bar per week, technician, service line and client, then
/// every job with its amount, and the short lines of each under-billed invoice.
/// </summary>
internal static class UnbilledPdf
{
    private const double Margin = 48;
    private static readonly Lock FontGate = new();

    public static byte[] Render(UnbilledReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"Unbilled work - {report.Business}";
        document.Info.Creator = "Closeout";
        var writer = new PageWriter(document);

        writer.Line($"Unbilled work - {report.Business}", 16, bold: true);
        writer.Line(string.Create(CultureInfo.InvariantCulture,
            $"Jobs completed {report.From:yyyy-MM-dd} to {report.To.AddDays(-1):yyyy-MM-dd}; as of {report.AsOf:yyyy-MM-dd HH:mm} UTC; {report.JobsCompleted} jobs completed"), 9);
        writer.Gap(6);
        var totals = report.Totals;
        writer.Line($"Slipping in all: {Money(totals.Total)} (pre-tax)", 12, bold: true);
        writer.Line($"Completed, not invoiced: {Money(totals.NotInvoiced)} ({Count(report, UnbilledKind.NotInvoiced)} jobs)", 10);
        writer.Line($"Invoiced for less than the draft: {Money(totals.UnderBilled)} ({Count(report, UnbilledKind.UnderBilled)} invoices)", 10);
        writer.Line($"Approved, not sent: {Money(totals.ApprovedNotSent)} ({Count(report, UnbilledKind.ApprovedNotSent)} drafts)", 10);

        Section(writer, "By week (starting Monday)", report.ByWeek, totals.Total);
        Section(writer, "By technician", report.ByTechnician, totals.Total);
        Section(writer, "By service line", report.ByServiceLine, totals.Total);
        Section(writer, "By client", report.ByClient, totals.Total);

        writer.Gap(10);
        writer.Line("Jobs", 12, bold: true);
        foreach (var entry in report.Entries)
        {
            var number = entry.JobNumber is { } n ? $"#{n.ToString(CultureInfo.InvariantCulture)}" : entry.JobId;
            writer.Line(string.Create(CultureInfo.InvariantCulture,
                $"{Label(entry.Kind)}  {number} {entry.Title} - {entry.Client} - {entry.Technician} - {entry.AgeDays} days - {Money(entry.Amount)}"), 9);
            foreach (var line in entry.Lines)
            {
                writer.Line(string.Create(CultureInfo.InvariantCulture,
                    $"      {line.Name}: invoiced {line.InvoicedQuantity:0.##} of {line.DraftQuantity:0.##} drafted, short {Money(line.Shortfall)}"), 8);
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    public static string Money(decimal amount) => amount.ToString("$#,##0.00", CultureInfo.InvariantCulture);

    private static string Label(string kind) => kind switch
    {
        UnbilledKind.NotInvoiced => "Not invoiced",
        UnbilledKind.UnderBilled => "Under-billed",
        _ => "Approved, not sent",
    };

    private static int Count(UnbilledReport report, string kind) => report.Entries.Count(e => e.Kind == kind);

    private static void Section(PageWriter writer, string title, IReadOnlyList<Bucket> buckets, decimal total)
    {
        writer.Gap(10);
        writer.Line(title, 12, bold: true);
        foreach (var bucket in buckets.OrderByDescending(b => b.Total))
        {
            writer.Bar(bucket.Key, Money(bucket.Total), total == 0 ? 0 : (double)(bucket.Total / total));
        }
    }

    private static void EnsureFonts()
    {
        lock (FontGate)
        {
            GlobalFontSettings.FontResolver ??= new SystemFontResolver();
        }
    }

    /// <summary>Writes lines down the page, starting a new page when one is full.</summary>
    private sealed class PageWriter(PdfDocument document)
    {
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y;

        public void Line(string text, double size, bool bold = false)
        {
            var font = new XFont(SystemFontResolver.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            var graphics = Room(size * 1.5);
            graphics.DrawString(text, font, XBrushes.Black, new XPoint(Margin, _y + size));
            _y += size * 1.5;
        }

        public void Bar(string label, string amount, double share)
        {
            var font = new XFont(SystemFontResolver.Family, 9, XFontStyleEx.Regular);
            var graphics = Room(14);
            graphics.DrawString(label, font, XBrushes.Black, new XPoint(Margin, _y + 9));
            graphics.DrawRectangle(XBrushes.SteelBlue, Margin + 190, _y + 1, Math.Max(1, 220 * share), 9);
            graphics.DrawString(amount, font, XBrushes.Black, new XPoint(Margin + 420, _y + 9));
            _y += 14;
        }

        public void Gap(double height) => _y += height;

        private XGraphics Room(double height)
        {
            if (_graphics is null || _y + height > _page!.Height.Point - Margin)
            {
                _graphics?.Dispose();
                _page = document.AddPage();
                _page.Size = PageSize.Letter;
                _graphics = XGraphics.FromPdfPage(_page);
                _y = Margin;
            }

            return _graphics;
        }
    }
}

/// <summary>
/// PDFsharp's core build reads font files itself: this resolver finds a sans-serif family installed on the machine
/// (DejaVu Sans or Liberation Sans, as Debian's fonts-dejavu-core and fonts-liberation install them).
/// </summary>
internal sealed class SystemFontResolver : IFontResolver
{
    public const string Family = "Closeout Sans";

    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/TTF", "/Library/Fonts", @"C:\Windows\Fonts"];
    private static readonly (string Regular, string Bold)[] Faces = [("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"), ("arial.ttf", "arialbd.ttf")];

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "closeout-bold" : "closeout-regular");

    public byte[]? GetFont(string faceName)
    {
        foreach (var (regular, bold) in Faces)
        {
            foreach (var folder in Folders)
            {
                var path = Path.Combine(folder, faceName == "closeout-bold" ? bold : regular);
                if (File.Exists(path))
                {
                    return File.ReadAllBytes(path);
                }
            }
        }

        throw new InvalidOperationException("No sans-serif font found for the PDF report: install fonts-dejavu-core (Debian) or fonts-liberation");
    }
}
