using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Closeout.Features.Collections;

/// <summary>The invoice attached to a reminder email: who, what is owed, by when, and where to pay (PDFsharp).</summary>
public static class InvoicePdf
{
    private static readonly Lock Gate = new();

    public static byte[] Render(ReminderFacts facts, Receivable invoice)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"Invoice {facts.InvoiceNumber}";
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var title = new XFont(SystemFonts.Family, 18, XFontStyleEx.Bold);
            var text = new XFont(SystemFonts.Family, 11, XFontStyleEx.Regular);
            var y = 60.0;
            void Line(string value, XFont font, double gap = 18)
            {
                graphics.DrawString(value, font, XBrushes.Black, new XPoint(50, y));
                y += gap;
            }

            Line(facts.BusinessName, title, 24);
            Line(facts.BusinessAddress, text, 30);
            Line($"Invoice {facts.InvoiceNumber}", title, 26);
            Line($"Bill to: {facts.ClientName}", text);
            if (invoice.IssuedAt is { } issued)
            {
                Line($"Issued: {issued:yyyy-MM-dd}", text);
            }

            Line($"Total: {Money.Format(invoice.Total)}", text);
            foreach (var payment in invoice.Payments)
            {
                Line($"Paid {payment.At:yyyy-MM-dd}: {Money.Format(payment.Amount)}", text);
            }

            Line($"Amount due: {facts.Amount}", text);
            Line($"Due date: {facts.DueDate}", text);
            Line($"Pay online: {facts.PayLink}", text);
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void EnsureFonts()
    {
        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= new SystemFonts();
        }
    }

    /// <summary>PDFsharp has no fonts of its own off Windows: DejaVu Sans from the system (fonts-dejavu-core on Debian).</summary>
    private sealed class SystemFonts : IFontResolver
    {
        public const string Family = "DejaVu Sans";

        private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"];

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName)
        {
            foreach (var folder in Folders)
            {
                var file = Path.Combine(folder, faceName + ".ttf");
                if (File.Exists(file))
                {
                    return File.ReadAllBytes(file);
                }
            }

            throw new InvalidOperationException($"Font {faceName}.ttf not found (install fonts-dejavu-core)");
        }
    }
}
