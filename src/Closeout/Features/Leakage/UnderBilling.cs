using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Leakage;

/// <summary>A draft line reduced to what the comparison needs.</summary>
public sealed record DraftedLine(string ItemId, string Name, decimal Quantity, decimal UnitPrice, decimal Total);

/// <summary>
/// Compares what was sent with Closeout's draft of the same job, item by item (lines summed per item, an invoice line
/// matched to the catalog by its linked product's name or its own): each item the invoices billed for less than the draft
/// is a short line. An item billed for more does not offset another one billed for less; lines no catalog item names
/// are left out (they cannot be told apart from anything the draft has).
/// </summary>
public static class UnderBilling
{
    public static IReadOnlyList<ShortLine> ShortLines(IEnumerable<DraftedLine> draft, IEnumerable<JobberInvoiceLine> invoiced, Func<JobberInvoiceLine, string?> itemOf)
    {
        ArgumentNullException.ThrowIfNull(itemOf);
        var sent = invoiced.Select(l => (Item: itemOf(l), Line: l)).Where(x => x.Item is not null)
            .GroupBy(x => x.Item!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Quantity: g.Sum(x => x.Line.Quantity), Total: g.Sum(x => x.Line.Total)), StringComparer.Ordinal);
        return draft.GroupBy(l => l.ItemId, StringComparer.Ordinal)
            .Select(g =>
            {
                var billed = sent.GetValueOrDefault(g.Key);
                var first = g.First();
                return new ShortLine(g.Key, first.Name, g.Sum(l => l.Quantity), billed.Quantity, first.UnitPrice, g.Sum(l => l.Total), billed.Total);
            })
            .Where(l => l.Shortfall > 0m)
            .ToList();
    }
}
