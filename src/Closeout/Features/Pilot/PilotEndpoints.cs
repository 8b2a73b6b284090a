namespace Closeout.Features.Pilot;

/// <summary>
/// GET /api/pilot/{accountId}/comparisons (every shadow draft against the office's invoice, line by line),
/// /api/pilot/{accountId}/comparisons/{jobId}, and /api/pilot/{accountId}/weekly (accuracy and added revenue per week), and the two as SVG charts under /charts/.
/// </summary>
internal static class PilotEndpoints
{
    public static IServiceCollection AddPilot(this IServiceCollection services)
    {
        services.AddOptions<PilotSweepSettings>().BindConfiguration(PilotSweepSettings.Section);
        services.AddSingleton<PilotStore>().AddSingleton<ShadowInvoices>().AddSingleton<AutoSend>();
        services.AddHostedService<PilotSweep>();
        return services;
    }

    public static IEndpointRouteBuilder MapPilotEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/pilot/{accountId}").WithTags("Pilot").RequireAuthorization(Users.Policies.Managers);
        api.MapGet("/comparisons", async (string accountId, PilotStore pilot, CancellationToken cancel) =>
            await pilot.ListAsync(accountId, cancel).ConfigureAwait(false));
        api.MapGet("/comparisons/{jobId}", async (string accountId, string jobId, PilotStore pilot, CancellationToken cancel) =>
            (await pilot.ListAsync(accountId, cancel).ConfigureAwait(false)).Find(c => c.JobId == jobId) is { } comparison
                ? Results.Ok(comparison)
                : Results.Problem($"No comparison for job {jobId}", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        api.MapGet("/weekly", async (string accountId, PilotStore pilot, CancellationToken cancel) =>
            PilotAccuracy.Weekly(await pilot.ListAsync(accountId, cancel).ConfigureAwait(false)));
        api.MapGet("/charts/accuracy.svg", async (string accountId, PilotStore pilot, CancellationToken cancel) =>
            Results.Text(PilotCharts.Accuracy(PilotAccuracy.Weekly(await pilot.ListAsync(accountId, cancel).ConfigureAwait(false))), "image/svg+xml"));
        api.MapGet("/charts/revenue.svg", async (string accountId, PilotStore pilot, CancellationToken cancel) =>
            Results.Text(PilotCharts.Revenue(PilotAccuracy.Weekly(await pilot.ListAsync(accountId, cancel).ConfigureAwait(false))), "image/svg+xml"));
        return endpoints;
    }
}
