using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Evaluation;
using Closeout.Features.Drafts;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Pilot;

/// <summary>One item, side by side: what the draft proposed and what the office's invoice billed (status: match, quantity, missing, extra).</summary>
public sealed record ComparedLine(string Item, string Name, decimal? DraftQuantity, decimal? DraftTotal, decimal? SentQuantity, decimal? SentTotal, string Status);

/// <summary>A shadow draft against the invoice the office made for the same job.</summary>
public sealed record ShadowComparison(
    string AccountId, string JobId, long? JobNumber, string InvoiceId, decimal DraftTotal, decimal SentTotal, IReadOnlyList<ComparedLine> Lines, JobDiff Diff, DateTimeOffset ComparedAt)
{
    /// <summary>What the draft would have billed beyond what was sent; never negative.</summary>
    public decimal AddedRevenue => Math.Max(0m, DraftTotal - SentTotal);

    public bool Exact => Diff.LinesExact;
}

/// <summary>
/// Compares line by line with the evaluation's scorer: the office's lines are matched to catalog items by name (Jobber's
/// invoice lines carry no product id, and Closeout writes the catalog item's exact name), lines summed per item. A line
/// matching no catalog item counts under its own name, so it is a miss for the draft.
/// </summary>
internal static class ShadowComparer
{
    public static ShadowComparison Compare(DraftDocument draft, JobberInvoice invoice, Catalog catalog, DateTimeOffset at)
    {
        var byName = catalog.Items.GroupBy(i => i.Name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        string ItemOf(string name) => byName.TryGetValue(name.Trim(), out var id) ? id : $"unlisted:{name.Trim().ToLowerInvariant()}";

        var sent = invoice.Lines.Select(l => (Item: ItemOf(l.Name), Line: l)).ToList();
        var predicted = new DraftInvoice(
            draft.JobId,
            draft.Lines.Select(l => new DraftLine(l.ItemId, l.Name, l.Quantity, l.UnitPrice, l.Total, l.Taxable, LineSource.Notes, [], l.Confidence, l.Description)).ToList(),
            [],
            draft.Subtotal, draft.Tax, draft.Total);
        var expected = new ExpectedInvoice(sent.Select(s => new ExpectedLine(s.Item, s.Line.Quantity, s.Line.UnitPrice, s.Line.Total)).ToList(), [], invoice.Subtotal, invoice.Total - invoice.Subtotal, invoice.Total);
        var diff = Scorer.Compare(draft.JobId, predicted, expected);

        var drafted = draft.Lines.GroupBy(l => l.ItemId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Name: g.First().Name, Quantity: g.Sum(l => l.Quantity), Total: g.Sum(l => l.Total)), StringComparer.Ordinal);
        var billed = sent.GroupBy(s => s.Item, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Name: g.First().Line.Name, Quantity: g.Sum(s => s.Line.Quantity), Total: g.Sum(s => s.Line.Total)), StringComparer.Ordinal);
        var lines = drafted.Keys.Union(billed.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(item =>
        {
            var inDraft = drafted.TryGetValue(item, out var d);
            var inSent = billed.TryGetValue(item, out var b);
            var status = !inSent ? "extra" : !inDraft ? "missing" : d.Quantity == b.Quantity ? "match" : "quantity";
            return new ComparedLine(item, inDraft ? d.Name : b.Name, inDraft ? d.Quantity : null, inDraft ? d.Total : null, inSent ? b.Quantity : null, inSent ? b.Total : null, status);
        }).ToList();

        return new ShadowComparison(draft.AccountId, draft.JobId, draft.JobNumber, invoice.Id, draft.Total, invoice.Total, lines, diff, at);
    }
}
