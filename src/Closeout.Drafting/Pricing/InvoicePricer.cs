using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Extraction;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Pricing;

/// <summary>
/// Turns what was read from a job into a priced draft by applying the business's billing policy: labor from time
/// sheets (or hours stated in notes), trip charge, companion items, catalog prices and tax.
/// </summary>
public static class InvoicePricer
{
    /// <summary>
    /// Prices <paramref name="reading"/> for <paramref name="job"/>. Never throws on a malformed job: what cannot be
    /// priced is left out and explained by an <see cref="FlagKind.InvalidInput"/> flag.
    /// </summary>
    public static DraftInvoice Price(JobberJob job, JobReading reading, Catalog catalog, BillingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(policy);
        return new PricingRun(job, reading, catalog, policy).Run();
    }
}
