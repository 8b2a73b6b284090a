using Closeout.Drafting.Drafts;
using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Engine;

/// <summary>
/// The spec's baseline: the job's logged line items that link to a catalog item, with the logged quantity at the
/// logged unit price. No notes, no policy, no tax, no flags: it needs only the job, so it runs without a catalog.
/// </summary>
public sealed class CopyLoggedLinesEngine : IDraftEngine
{
    public DraftInvoice Draft(JobberJob job)
    {
        ArgumentNullException.ThrowIfNull(job);

        var lines = job.LineItems?.Items
            .Where(l => !string.IsNullOrEmpty(l.LinkedProductOrService?.Id) && l.Quantity is not null)
            .Select(Copy)
            .ToList() ?? [];
        var subtotal = lines.Sum(l => l.Total);
        return new DraftInvoice(job.Id ?? "", lines, [], subtotal, Tax: 0m, Total: subtotal);
    }

    private static DraftLine Copy(JobLineItem logged)
    {
        var quantity = logged.Quantity!.Value;
        var unitPrice = logged.UnitPrice ?? 0m;
        return new DraftLine(
            ItemId: logged.LinkedProductOrService!.Id!,
            Name: logged.LinkedProductOrService.Name ?? logged.Name ?? "",
            Quantity: quantity,
            UnitPrice: unitPrice,
            Total: Math.Round(quantity * unitPrice, 2, MidpointRounding.AwayFromZero),
            Taxable: logged.Taxable ?? false,
            Source: LineSource.Logged,
            Evidence: [new Evidence.LoggedLine(logged.Id ?? "", logged.Name ?? "")],
            Confidence: 1.0,
            Description: logged.Description ?? logged.Name ?? "");
    }
}
