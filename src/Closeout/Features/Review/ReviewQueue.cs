using System.Security.Claims;
using Closeout.Drafting.Catalogs;
using Closeout.Features.Accounts;
using Closeout.Features.Approvals;
using Closeout.Features.Users;
using Closeout.Features.Drafts;

namespace Closeout.Features.Review;

/// <summary>
/// The review queue: drafts in a state (waiting by default), filtered by flag kind, service line, technician and client,
/// sorted by amount or age, or only those waiting for the signed-in user. A technician sees only the jobs they worked.
/// </summary>
internal sealed class ReviewQueue(ReviewStore store, AccountStore accounts, BusinessEngines engines, ApprovalStore approvals)
{
    public async Task<IReadOnlyList<QueueItem>> RunAsync(QueueQuery query, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var drafts = await store.ListAsync(string.IsNullOrEmpty(query.State) ? null : query.State, cancellationToken).ConfigureAwait(false);
        var catalogs = new Dictionary<string, Catalog?>(StringComparer.Ordinal);
        var pending = new Dictionary<string, Dictionary<string, ApprovalRequest>>(StringComparer.Ordinal);
        var items = new List<QueueItem>();
        foreach (var draft in drafts)
        {
            var job = JobView.From(draft.Job);
            if (!DraftAccess.MaySee(user, job))
            {
                continue;
            }

            if (!catalogs.TryGetValue(draft.AccountId, out var catalog))
            {
                var account = await accounts.FindAsync(draft.AccountId, cancellationToken).ConfigureAwait(false);
                catalogs[draft.AccountId] = catalog = account is null ? null : await engines.ForAsync(account, cancellationToken).ConfigureAwait(false) is { IsSuccess: true } engine ? engine.Value!.Catalog : null;
            }

            if (!pending.TryGetValue(draft.AccountId, out var requests))
            {
                pending[draft.AccountId] = requests = (await approvals.ListAsync(draft.AccountId, ApprovalStore.Pending, cancellationToken).ConfigureAwait(false))
                    .ToDictionary(r => r.JobId, StringComparer.Ordinal);
            }

            // Waiting on its pending request's approvers; a waiting draft without one (made before routing) on any staff.
            var request = requests.GetValueOrDefault(draft.JobId);
            var waiting = draft.State == ReviewStates.Waiting;
            var mayDecide = waiting && (request is null ? Roles.Staff.Any(user.IsInRole) : ApprovalGate.MayDecide(user, request));
            items.Add(new QueueItem(
                draft.AccountId, draft.JobId, draft.Current.JobNumber, job.Title, job.Client, job.Technicians.Select(t => t.Name).ToList(),
                ServiceLine(draft.Current, catalog), draft.Current.Flags.Select(f => f.Kind).Distinct().ToList(), draft.Current.Lines.Count,
                draft.Current.Total, draft.CreatedAt, draft.State, draft.Invoice?.State, mayDecide,
                waiting && request is not null ? request.Approvers.Select(a => a.Id).ToList() : null));
        }

        return Filter(items, query);
    }

    /// <summary>Applies the query's filters and sort to queue items already read.</summary>
    public static IReadOnlyList<QueueItem> Filter(IEnumerable<QueueItem> items, QueueQuery query)
    {
        var shown = items;
        if (query.Mine)
        {
            shown = shown.Where(i => i.MayDecide);
        }

        if (!string.IsNullOrEmpty(query.Flag))
        {
            shown = shown.Where(i => i.FlagKinds.Contains(query.Flag));
        }

        if (!string.IsNullOrEmpty(query.ServiceLine))
        {
            shown = shown.Where(i => string.Equals(i.ServiceLine, query.ServiceLine, StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrEmpty(query.Technician))
        {
            shown = shown.Where(i => i.Technicians.Contains(query.Technician, StringComparer.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrEmpty(query.Client))
        {
            shown = shown.Where(i => i.Client?.Contains(query.Client, StringComparison.OrdinalIgnoreCase) == true);
        }

        shown = (query.Sort, query.Descending) switch
        {
            ("amount", false) => shown.OrderBy(i => i.Total).ThenBy(i => i.CreatedAt),
            ("amount", true) => shown.OrderByDescending(i => i.Total).ThenBy(i => i.CreatedAt),
            (_, true) => shown.OrderBy(i => i.CreatedAt),
            _ => shown.OrderByDescending(i => i.CreatedAt),
        };
        return shown.ToList();
    }

    /// <summary>
    /// The service line of a draft: the catalog category of its largest product or service line (labor and fees go with any
    /// work), or of its largest line when it has only labor and fees.
    /// </summary>
    public static string? ServiceLine(DraftDocument draft, Catalog? catalog)
    {
        if (catalog is null || draft.Lines.Count == 0)
        {
            return null;
        }

        var priced = draft.Lines.Select(l => (Line: l, Item: catalog.Find(l.ItemId))).Where(p => p.Item is not null).ToList();
        var work = priced.Where(p => p.Item!.Kind is ItemKind.Product or ItemKind.Service).ToList();
        var top = (work.Count > 0 ? work : priced).OrderByDescending(p => p.Line.Total).FirstOrDefault();
        return top.Item?.Category;
    }
}
