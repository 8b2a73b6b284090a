namespace Closeout.Features.Drafts;

public sealed record DraftSummary(
    string AccountId, string JobId, long? JobNumber, int Lines, int Flags, decimal Total, DateTimeOffset CreatedAt, InvoiceStatus? Invoice);

/// <summary>GET /api/drafts and GET /api/drafts/{jobId}: the drafts Closeout made, with where their invoice stands in Jobber.</summary>
internal static class DraftEndpoints
{
    public static IServiceCollection AddDrafts(this IServiceCollection services) =>
        services.AddSingleton<DraftStore>().AddSingleton<OutboxStore>();

    public static IEndpointRouteBuilder MapDraftEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Every draft of every job: staff only (a technician reads their own jobs through /api/review).
        var api = endpoints.MapGroup("/api/drafts").WithTags("Drafts").RequireAuthorization(Users.Policies.Staff);
        api.MapGet("/", async (DraftStore drafts, CancellationToken cancel) =>
            (await drafts.ListAsync(cancel).ConfigureAwait(false)).ConvertAll(d => new DraftSummary(
                d.Draft.AccountId, d.Draft.JobId, d.Draft.JobNumber, d.Draft.Lines.Count, d.Draft.Flags.Count, d.Draft.Total, d.CreatedAt, d.Invoice)));
        api.MapGet("/{jobId}", async (string jobId, DraftStore drafts, CancellationToken cancel) =>
            await drafts.FindAsync(jobId, cancel).ConfigureAwait(false) is { } draft
                ? Results.Ok(draft)
                : Results.Problem($"No draft for job {jobId}", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        return endpoints;
    }
}
