using System.Globalization;

namespace Closeout.Features.Leakage;

/// <summary>The three ways work slips: done and not invoiced, invoiced for less than the draft, approved and not sent.</summary>
public static class UnbilledKind
{
    public const string NotInvoiced = "not_invoiced";
    public const string UnderBilled = "under_billed";
    public const string ApprovedNotSent = "approved_not_sent";
}

/// <summary>One item billed for less than Closeout's draft of the job: the draft's quantity and total beside the invoice's.</summary>
public sealed record ShortLine(string ItemId, string Name, decimal DraftQuantity, decimal InvoicedQuantity, decimal UnitPrice, decimal DraftTotal, decimal InvoicedTotal)
{
    public decimal Shortfall => Math.Max(0m, DraftTotal - InvoicedTotal);
}

/// <summary>
/// One job of the report. <see cref="Amount"/> is pre-tax dollars slipping: the drafted subtotal of a job not invoiced
/// or not sent, or the sum of the short lines of an under-billed invoice.
/// </summary>
public sealed record UnbilledEntry(
    string Kind,
    string JobId,
    long? JobNumber,
    string Title,
    string Client,
    string Technician,
    string ServiceLine,
    DateOnly Week,
    DateTimeOffset CompletedAt,
    int AgeDays,
    decimal Amount,
    bool Drafted,
    string? InvoiceId,
    string? InvoiceNumber,
    IReadOnlyList<ShortLine> Lines);

/// <summary>A total in dollars for one value of a dimension (a week, a technician, a service line, a client).</summary>
public sealed record Bucket(string Key, decimal NotInvoiced, decimal UnderBilled, decimal ApprovedNotSent)
{
    public decimal Total => NotInvoiced + UnderBilled + ApprovedNotSent;
}

/// <summary>The unbilled-work report of one account for the jobs completed in [From, To), as of <see cref="AsOf"/>.</summary>
public sealed record UnbilledReport(
    string AccountId,
    string Business,
    string Currency,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    int JobsCompleted,
    IReadOnlyList<UnbilledEntry> Entries)
{
    public Bucket Totals => Sum("all", Entries);

    public IReadOnlyList<Bucket> ByWeek => By(e => e.Week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public IReadOnlyList<Bucket> ByTechnician => By(e => e.Technician);

    public IReadOnlyList<Bucket> ByServiceLine => By(e => e.ServiceLine);

    public IReadOnlyList<Bucket> ByClient => By(e => e.Client);

    private List<Bucket> By(Func<UnbilledEntry, string> key) =>
        Entries.GroupBy(key, StringComparer.Ordinal).Select(g => Sum(g.Key, g)).OrderBy(b => b.Key, StringComparer.Ordinal).ToList();

    private static Bucket Sum(string key, IEnumerable<UnbilledEntry> entries)
    {
        var list = entries.ToList();
        return new Bucket(key, Of(list, UnbilledKind.NotInvoiced), Of(list, UnbilledKind.UnderBilled), Of(list, UnbilledKind.ApprovedNotSent));
    }

    private static decimal Of(List<UnbilledEntry> entries, string kind) => entries.Where(e => e.Kind == kind).Sum(e => e.Amount);
}
