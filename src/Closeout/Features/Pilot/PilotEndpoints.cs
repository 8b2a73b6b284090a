namespace Closeout.Features.Pilot;

/// <summary>
/// GET /api/pilot/{accountId}/comparisons (every shadow draft against the office's invoice, line by line),
/// /api/pilot/{accountId}/comparisons/{jobId}, and /api/pilot/{accountId}/weekly (accuracy and added revenue per week).
/// </summary>
internal static class PilotEndpoints
{
    public static IServiceCollection AddPilot(this IServiceCollection services) =>
        services.AddSingleton<PilotStore>().AddSingleton<ShadowInvoices>();

    public static IEndpointRouteBuilder MapPilotEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/pilot/{accountId}").WithTags("Pilot");
        api.MapGet("/comparisons", async (string accountId, PilotStore pilot, CancellationToken cancel) =>
            await pilot.ListAsync(accountId, cancel).ConfigureAwait(false));
        api.MapGet("/comparisons/{jobId}", async (string accountId, string jobId, PilotStore pilot, CancellationToken cancel) =>
            (await pilot.ListAsync(accountId, cancel).ConfigureAwait(false)).Find(c => c.JobId == jobId) is { } comparison
                ? Results.Ok(comparison)
                : Results.Problem($"No comparison for job {jobId}", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        api.MapGet("/weekly", async (string accountId, PilotStore pilot, CancellationToken cancel) =>
            PilotAccuracy.Weekly(await pilot.ListAsync(accountId, cancel).ConfigureAwait(false)));
        return endpoints;
    }
}
