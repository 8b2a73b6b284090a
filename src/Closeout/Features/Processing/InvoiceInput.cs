using System.Globalization;
using System.Text.Json.Nodes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;

namespace Closeout.Features.Processing;

/// <summary>
/// The InvoiceCreateInput of a draft. Jobber's invoice line input carries no product id: a line is the catalog item's
/// exact name, the catalog unit price as <c>cost</c>, quantity, taxable and the customer-friendly description; the
/// invoice is linked to the job's client and to the job.
/// </summary>
internal static class InvoiceInput
{
    public const string Origin = "JOB_CLOSE_JOBBER_ONLINE";

    /// <summary>
    /// Every line that may not go to Jobber: not a catalog item, not at the catalog's unit price, or without a positive
    /// quantity. Jobber takes any custom line (its line input has no product link), so this, not Jobber or its sandbox,
    /// is what stops an invented or unpriced line (ADR 0015); the engine's own guarantee is tested in Closeout.Drafting.
    /// </summary>
    public static IReadOnlyList<string> OffCatalog(DraftInvoice draft, Catalog catalog)
    {
        var problems = new List<string>();
        foreach (var line in draft.Lines)
        {
            var item = catalog.Find(line.ItemId);
            if (item is null)
            {
                problems.Add($"'{line.Name}' ({line.ItemId}) is not in the catalog");
            }
            else if (line.UnitPrice != item.UnitPrice)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{item.Name}' is priced {line.UnitPrice:0.00}, the catalog says {item.UnitPrice:0.00}"));
            }
            else if (line.Quantity <= 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{item.Name}' has quantity {line.Quantity}"));
            }
        }

        return problems;
    }

    public static JsonObject? From(string clientId, string jobId, DraftInvoice draft, Catalog catalog)
    {
        if (draft.Lines.Count == 0)
        {
            return null;
        }

        var lines = new JsonArray();
        foreach (var line in draft.Lines)
        {
            lines.Add(new JsonObject
            {
                ["name"] = catalog.Find(line.ItemId)?.Name ?? line.Name,
                ["description"] = line.Description,
                ["quantity"] = line.Quantity,
                ["cost"] = line.UnitPrice,
                ["taxable"] = line.Taxable,
            });
        }

        var flags = draft.Flags.Count;
        return new JsonObject
        {
            ["clientId"] = clientId,
            ["jobId"] = jobId,
            ["origin"] = Origin,
            ["subject"] = "For Services Rendered",
            ["message"] = flags == 0
                ? "Drafted by Closeout."
                : string.Create(CultureInfo.InvariantCulture, $"Drafted by Closeout: {flags} item(s) to review before sending."),
            ["dueDetails"] = new JsonObject(),
            ["tax"] = new JsonObject { ["taxCalculationMethod"] = "EXCLUSIVE" },
            ["lineItems"] = lines,
        };
    }
}
