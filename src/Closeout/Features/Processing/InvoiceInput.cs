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
