using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Features.Processing;

namespace Closeout.Tests.Features.Processing;

/// <summary>
/// Jobber (and, by default, its local sandbox) takes any custom line, so Closeout's own check before the write is what keeps
/// an invented or unpriced line out of a client's invoice (ADR 0015).
/// </summary>
public sealed class InvoiceInputTests
{
    private static readonly Catalog Catalog = new("Demo", "USD",
    [
        new CatalogItem("LAB-TECH", "Technician labor", ItemKind.Labor, "hour", 125m, false, "Labor", "Licensed technician"),
        new CatalogItem("TRIP", "Trip charge", ItemKind.Fee, "each", 79m, false, "Fees", "Travel to the site"),
    ]);

    public static TheoryData<string, decimal, decimal, string?> Lines => new()
    {
        { "LAB-TECH", 1.5m, 125m, null },
        { "TRIP", 1m, 79m, null },
        { "FLUX-CAP", 1m, 125m, "'Flux capacitor' (FLUX-CAP) is not in the catalog" },
        { "LAB-TECH", 1.5m, 99m, "'Technician labor' is priced 99.00, the catalog says 125.00" },
        { "TRIP", 1m, 0m, "'Trip charge' is priced 0.00, the catalog says 79.00" },
        { "LAB-TECH", 0m, 125m, "'Technician labor' has quantity 0" },
        { "LAB-TECH", -2m, 125m, "'Technician labor' has quantity -2" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_line_goes_to_Jobber_only_as_a_catalog_item_at_the_catalog_price_with_a_positive_quantity(string itemId, decimal quantity, decimal unitPrice, string? problem)
    {
        var name = itemId == "FLUX-CAP" ? "Flux capacitor" : Catalog.Find(itemId)!.Name;
        var draft = new DraftInvoice("job", [new DraftLine(itemId, name, quantity, unitPrice, quantity * unitPrice, false, LineSource.Notes, [], 0.9, name)], [], 0m, 0m, 0m);

        var problems = InvoiceInput.OffCatalog(draft, Catalog);

        Assert.Equal(problem is null ? [] : [problem], problems);
    }

    [Fact]
    public void Every_draft_the_engine_makes_of_every_dataset_and_trades_job_passes_the_check()
    {
        var businesses = DatasetReader.Businesses(Repo.Dataset).Concat(DatasetReader.Businesses(Repo.Trades)).ToList();
        Assert.True(businesses.Count >= 2, $"{businesses.Count} businesses found");
        var drafted = 0;
        foreach (var business in businesses)
        {
            var catalog = LoadedBusiness.Load(business).Catalog;
            var engine = new BusinessEngineFactory().Create(business);
            foreach (var job in DatasetReader.ReadCases(business.JobsPath))
            {
                var draft = engine.Draft(job.Job);
                Assert.True(InvoiceInput.OffCatalog(draft, catalog).Count == 0, $"{business.Name} {job.Id}: {string.Join("; ", InvoiceInput.OffCatalog(draft, catalog))}");
                drafted += draft.Lines.Count;
            }
        }

        Assert.True(drafted > 100, $"only {drafted} lines drafted");
    }
}
