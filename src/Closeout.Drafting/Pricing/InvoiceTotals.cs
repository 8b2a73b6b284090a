using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Pricing;

/// <summary>A draft's money: subtotal, tax and total.</summary>
public readonly record struct Totals(decimal Subtotal, decimal Tax, decimal Total);

/// <summary>
/// The policy's money rules for an invoice, shared by the engine and by a person's edits in review so the two can never
/// disagree: a line total is quantity x unit price rounded half away from zero to cents; tax is the rate on the sum of
/// taxable line totals, rounded once, and none for a client with an exempt tag.
/// </summary>
public static class InvoiceTotals
{
    public static decimal LineTotal(decimal quantity, decimal unitPrice) => LaborMath.Cents(quantity * unitPrice);

    public static bool IsTaxExempt(TaxPolicy tax, IEnumerable<string> clientTags)
    {
        ArgumentNullException.ThrowIfNull(tax);
        return clientTags.Any(t => tax.ExemptClientTags.Contains(t) || tax.ExemptClientTags.Any(x => string.Equals(x, t, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The totals of lines already priced (each <c>Total</c> from <see cref="LineTotal"/>).</summary>
    public static Totals Of(IEnumerable<(decimal Total, bool Taxable)> lines, TaxPolicy tax, bool taxExempt)
    {
        ArgumentNullException.ThrowIfNull(tax);
        var all = lines.ToList();
        var subtotal = all.Sum(l => l.Total);
        var taxAmount = taxExempt ? 0m : LaborMath.Cents(all.Where(l => l.Taxable).Sum(l => l.Total) * tax.Rate);
        return new Totals(subtotal, taxAmount, subtotal + taxAmount);
    }
}
