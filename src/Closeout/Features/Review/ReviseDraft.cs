using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Drafting.Pricing;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;
using Closeout.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Closeout.Features.Review;

/// <summary>A person's change to a waiting draft's lines.</summary>
public abstract record Revision
{
    private Revision()
    {
    }

    /// <summary>Replaces line <c>Index</c> (0-based) with <c>Quantity</c> of catalog item <c>ItemId</c> (the same item or another).</summary>
    public sealed record EditLine(int Index, string ItemId, decimal Quantity) : Revision;

    public sealed record RemoveLine(int Index) : Revision;

    /// <summary>Adds a catalog item, usually the one a flag asks about (<c>ForFlag</c>, 0-based), whose evidence the line then carries.</summary>
    public sealed record AddLine(string ItemId, decimal Quantity, int? ForFlag) : Revision;
}

/// <summary>
/// Edits, removes or adds a line of a waiting draft. Prices come from the catalog only, and the totals are recomputed with
/// the engine's own money rules (<see cref="InvoiceTotals"/>), so a reviewed draft can never disagree with the engine's.
/// Every change is recorded in the audit trail with the line before and after and its evidence.
/// </summary>
internal sealed class ReviseDraft(DraftAccess access, ReviewStore store, IAuditTrail audit, UserManager<Users.CloseoutUser> users)
{
    public const string ReviewerSource = "Reviewer";
    private const decimal MaxQuantity = 10_000m;

    public async Task<Outcome<ReviewedDraft>> RunAsync(string jobId, long expectedVersion, Revision revision, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(jobId, user, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return opened.Problem!;
        }

        var context = opened.Value!;
        var draft = context.Draft;
        if (draft.State != ReviewStates.Waiting)
        {
            return Problem.Conflict($"The draft is {draft.State}; only a waiting draft can be changed");
        }

        if (draft.Version != expectedVersion)
        {
            return Problem.Conflict("Someone changed this draft since you opened it; reload it to see their change");
        }

        var lines = draft.Current.Lines.ToList();
        DraftLineView? before = null;
        DraftLineView? after = null;
        string action;
        switch (revision)
        {
            case Revision.EditLine edit:
                if (edit.Index < 0 || edit.Index >= lines.Count)
                {
                    return Problem.Invalid($"The draft has no line {edit.Index + 1}");
                }

                before = lines[edit.Index];
                var edited = Line(context, edit.ItemId, edit.Quantity, before.ItemId == edit.ItemId ? before.Description : null, before.Evidence);
                if (!edited.IsSuccess)
                {
                    return edited.Problem!;
                }

                after = lines[edit.Index] = edited.Value!;
                action = "line.edited";
                break;
            case Revision.RemoveLine remove:
                if (remove.Index < 0 || remove.Index >= lines.Count)
                {
                    return Problem.Invalid($"The draft has no line {remove.Index + 1}");
                }

                before = lines[remove.Index];
                lines.RemoveAt(remove.Index);
                action = "line.removed";
                break;
            case Revision.AddLine add:
                if (add.ForFlag is { } flag && (flag < 0 || flag >= draft.Current.Flags.Count))
                {
                    return Problem.Invalid($"The draft has no flag {flag + 1}");
                }

                var added = Line(context, add.ItemId, add.Quantity, null, add.ForFlag is { } f ? draft.Current.Flags[f].Evidence : []);
                if (!added.IsSuccess)
                {
                    return added.Problem!;
                }

                after = added.Value!;
                lines.Add(after);
                action = "line.added";
                break;
            default:
                return Problem.Invalid("Unknown change");
        }

        var totals = InvoiceTotals.Of(lines.Select(l => (l.Total, l.Taxable)), context.Policy.Tax, context.TaxExempt);
        var reviewed = draft.Current with { Lines = lines, Subtotal = totals.Subtotal, Tax = totals.Tax, Total = totals.Total };
        if (!await store.UpdateAsync(draft.Id, new ReviewUpdate(draft.Version, ReviewStates.Waiting, reviewed, null, null, null, null), cancellationToken).ConfigureAwait(false))
        {
            return Problem.Conflict("Someone changed this draft since you opened it; reload it to see their change");
        }

        await audit.AppendAsync(new AuditEntry(
            draft.AccountId, DraftAudit.Subject(jobId), action, users.GetUserId(user) ?? "unknown",
            Json(before), Json(after), Json((after ?? before)!.Evidence)), cancellationToken).ConfigureAwait(false);
        return draft with { Current = reviewed, Version = draft.Version + 1 };
    }

    public static JsonNode? Json<T>(T? value) => value is null ? null : JsonSerializer.SerializeToNode(value, DraftDocument.JsonOptions);

    private static Outcome<DraftLineView> Line(DraftContext context, string itemId, decimal quantity, string? description, IReadOnlyList<EvidenceView> evidence)
    {
        if (context.Catalog.Find(itemId) is not { } item)
        {
            return Problem.Invalid($"'{itemId}' is not in the catalog");
        }

        if (quantity <= 0 || quantity > MaxQuantity || decimal.Round(quantity, 2) != quantity)
        {
            return Problem.Invalid($"Quantity must be more than 0 and at most {MaxQuantity}, in hundredths");
        }

        return new DraftLineView(item.Id, item.Name, description ?? item.Description, quantity, item.UnitPrice,
            InvoiceTotals.LineTotal(quantity, item.UnitPrice), item.Taxable, ReviewerSource, 1.0, evidence);
    }
}
