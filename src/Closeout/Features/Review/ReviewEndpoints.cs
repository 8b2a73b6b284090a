using System.Security.Claims;
using Closeout.Features.Accounts;
using Closeout.Features.Audit;
using Closeout.Features.Users;
using Closeout.Infrastructure;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Review;

/// <summary>
/// The JSON API behind the review pages: the queue, a draft's review and history, line changes, approve and reject, the
/// catalog picker and each account's send-on-approve setting. Errors are ProblemDetails.
/// </summary>
internal static class ReviewEndpoints
{
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section);
        return services.AddSingleton<ReviewStore>().AddScoped<DraftAccess>().AddScoped<ReviewQueue>().AddScoped<ReviseDraft>()
            .AddScoped<ApproveDraft>().AddScoped<RejectDraft>().AddScoped<InvoiceWriter>().AddScoped<ApprovalGate>();
    }

    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var review = endpoints.MapGroup("/api/review").WithTags("Review").RequireAntiforgeryForCookies();
        review.MapGet("/queue", async ([AsParameters] QueueParameters p, HttpResponse response, ClaimsPrincipal user, ReviewQueue queue, CancellationToken cancel) =>
            {
                if (p.Page < 1 || p.PageSize is < 1 or > MaxPageSize)
                {
                    return Problem.Invalid($"page starts at 1 and pageSize is 1 to {MaxPageSize}").ToResult();
                }

                var query = new QueueQuery(p.State is "all" ? null : p.State ?? ReviewStates.Waiting, p.Flag, p.ServiceLine, p.Technician, p.Client, p.Sort ?? "age", p.Desc ?? true, p.Mine ?? false);
                var page = QueuePage.Of(await queue.RunAsync(query, user, cancel).ConfigureAwait(false), p.Page ?? 1, p.PageSize ?? DefaultPageSize);
                response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Ok(page.Items);
            })
            .Produces<IReadOnlyList<QueueItem>>()
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("Drafts in review (waiting by default; state=all for every state), filtered and sorted, a page at a time (page, pageSize; " +
                "X-Total-Count tells how many match); mine=true for those waiting for the caller's decision; technicians see their own jobs");
        review.MapGet("/catalog/{accountId}", async (string accountId, string? q, AccountStore accounts, BusinessEngines engines, CancellationToken cancel) =>
            {
                var account = await accounts.FindAsync(accountId, cancel).ConfigureAwait(false);
                if (account is null || await engines.ForAsync(account, cancel).ConfigureAwait(false) is not { IsSuccess: true } engine)
                {
                    return Problem.NotFound($"No catalog for account {accountId}").ToResult();
                }

                return Results.Ok(engine.Value!.Catalog.Items
                    .Where(i => string.IsNullOrWhiteSpace(q) || i.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || i.Id.Contains(q, StringComparison.OrdinalIgnoreCase))
                    .Select(i => new CatalogChoice(i.Id, i.Name, i.Category, i.Unit, i.UnitPrice, i.Taxable)).ToList());
            })
            .RequireAuthorization(Policies.Staff).WithSummary("The account's catalog, for picking a line's item");
        review.MapGet("/settings/{accountId}", async (string accountId, ReviewStore store, IOptions<ReviewOptions> options, CancellationToken cancel) =>
                await store.SettingsAsync(accountId, options.Value.SendOnApprove, cancel).ConfigureAwait(false))
            .RequireAuthorization(Policies.Managers).WithSummary("Whether approving sends the invoice (else it stays an approved draft)");
        review.MapPut("/settings/{accountId}", async (string accountId, ReviewSettings settings, ReviewStore store, AccountStore accounts, CancellationToken cancel) =>
            {
                if (await accounts.FindAsync(accountId, cancel).ConfigureAwait(false) is null)
                {
                    return Problem.NotFound($"No account {accountId}").ToResult();
                }

                await store.SaveSettingsAsync(settings with { AccountId = accountId }, cancel).ConfigureAwait(false);
                return Results.Ok(settings with { AccountId = accountId });
            })
            .RequireAuthorization(Policies.Owner).WithSummary("Chooses whether approving sends the invoice (owner only)");

        var drafts = endpoints.MapGroup("/api/drafts/{jobId}").WithTags("Review").RequireAntiforgeryForCookies();
        drafts.MapGet("/review", async (string jobId, ClaimsPrincipal user, DraftAccess access, CancellationToken cancel) =>
                (await access.OpenAsync(jobId, user, cancel).ConfigureAwait(false)).ToResult(c => Results.Ok(DraftReviewView.From(c.Draft))))
            .RequireAuthorization(Policies.SignedIn).WithSummary("The draft's review: current lines, totals, state and version");
        drafts.MapGet("/history", async (string jobId, ClaimsPrincipal user, DraftAccess access, IAuditTrail audit, CancellationToken cancel) =>
            {
                var opened = await access.OpenAsync(jobId, user, cancel).ConfigureAwait(false);
                return opened.IsSuccess
                    ? Results.Ok(await audit.HistoryAsync(opened.Value!.Draft.AccountId, DraftAudit.Subject(jobId), cancel).ConfigureAwait(false))
                    : opened.Problem!.ToResult();
            })
            .RequireAuthorization(Policies.SignedIn).WithSummary("Every recorded change to the draft, oldest first");
        drafts.MapPut("/lines/{index:int}", (string jobId, int index, LineChange change, ClaimsPrincipal user, ReviseDraft revise, CancellationToken cancel) =>
                Revise(revise, jobId, change.Version, new Revision.EditLine(index, change.ItemId, change.Quantity), user, cancel))
            .RequireAuthorization(Policies.Staff).WithSummary("Changes a line's item (from the catalog) and quantity");
        drafts.MapDelete("/lines/{index:int}", (string jobId, int index, long version, ClaimsPrincipal user, ReviseDraft revise, CancellationToken cancel) =>
                Revise(revise, jobId, version, new Revision.RemoveLine(index), user, cancel))
            .RequireAuthorization(Policies.Staff).WithSummary("Removes a line");
        drafts.MapPost("/lines", (string jobId, LineChange change, ClaimsPrincipal user, ReviseDraft revise, CancellationToken cancel) =>
                Revise(revise, jobId, change.Version, new Revision.AddLine(change.ItemId, change.Quantity, change.ForFlag), user, cancel))
            .RequireAuthorization(Policies.Staff).WithSummary("Adds a catalog item, optionally for a flag (the line then carries the flag's evidence)");
        drafts.MapPost("/approve", async (string jobId, Decision decision, ClaimsPrincipal user, ApproveDraft approve, CancellationToken cancel) =>
                (await approve.RunAsync(jobId, decision.Version, user, cancel).ConfigureAwait(false)).ToResult(d => Results.Ok(DraftReviewView.From(d))))
            .RequireAuthorization(Policies.Staff).WithSummary("Approves: writes the lines to the Jobber invoice and sends it, or keeps it an approved draft, per account setting");
        drafts.MapPost("/reject", async (string jobId, Decision decision, ClaimsPrincipal user, RejectDraft reject, CancellationToken cancel) =>
                (await reject.RunAsync(jobId, decision.Version, decision.Reason, user, cancel).ConfigureAwait(false)).ToResult(d => Results.Ok(DraftReviewView.From(d))))
            .RequireAuthorization(Policies.Staff).WithSummary("Rejects with a reason");
        return endpoints;
    }

    private static async Task<IResult> Revise(ReviseDraft revise, string jobId, long version, Revision revision, ClaimsPrincipal user, CancellationToken cancel) =>
        (await revise.RunAsync(jobId, version, revision, user, cancel).ConfigureAwait(false)).ToResult(d => Results.Ok(DraftReviewView.From(d)));

    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    internal sealed record QueueParameters(
        string? State, string? Flag, string? ServiceLine, string? Technician, string? Client, string? Sort, bool? Desc, bool? Mine, int? Page, int? PageSize);
}
