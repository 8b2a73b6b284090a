using Closeout.Features.QuickBooks.Reconciliation;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// Every stored mapping of an account (customers, items, tax code, income account, invoices, payments) and what its sent
/// Jobber invoices need that is not mapped yet: the mapping page and GET /api/quickbooks/mappings.
/// </summary>
internal sealed class MappingOverview(QuickBooksConnections connections, QuickBooksLinks links, JobberBillingApi jobber)
{
    public async Task<MappingsView> RunAsync(string account, CancellationToken cancel)
    {
        var connection = await connections.FindAsync(account, cancel).ConfigureAwait(false);
        var stored = await links.ListAsync(account, cancel).ConfigureAwait(false);
        var mapped = stored.GroupBy(l => l.Kind).ToDictionary(
            g => g.Key, g => (IReadOnlyList<MappingView>)g.Select(l => new MappingView(l.LocalId, l.Label, l.QboId, l.Origin, l.UpdatedAt)).ToList(), StringComparer.Ordinal);
        var unmapped = new List<UnmappedView>();
        var invoices = connection?.Tokens is null ? default : await jobber.ListInvoicesAsync(account, cancel).ConfigureAwait(false);
        if (invoices.IsSuccess && invoices.Value is not null)
        {
            bool Has(string kind, string id) => stored.Any(l => l.Kind == kind && l.LocalId == id);
            foreach (var invoice in invoices.Value.Where(i => i.IsSent))
            {
                if (!Has(LinkKinds.Invoice, invoice.Id))
                {
                    unmapped.Add(new UnmappedView(LinkKinds.Invoice, invoice.Id, invoice.InvoiceNumber));
                }

                if (!Has(LinkKinds.Customer, invoice.Client.Id) && unmapped.All(u => u.JobberId != invoice.Client.Id))
                {
                    unmapped.Add(new UnmappedView(LinkKinds.Customer, invoice.Client.Id, invoice.Client.Name));
                }

                foreach (var line in invoice.Lines)
                {
                    var key = line.ProductId ?? "name:" + Reconciler.NormalisedName(line.Name);
                    if (!Has(LinkKinds.Item, key) && unmapped.All(u => u.JobberId != key))
                    {
                        unmapped.Add(new UnmappedView(LinkKinds.Item, key, line.ProductName ?? line.Name));
                    }
                }
            }
        }

        return new MappingsView(account, connection?.RealmId, connection?.Tokens is not null, mapped, unmapped);
    }
}
