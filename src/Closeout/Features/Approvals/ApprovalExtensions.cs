using Closeout.Features.Accounts;

namespace Closeout.Features.Approvals;

/// <summary>GET /api/approvals/{accountId}/{jobId}: who must approve a draft, why, and where it stands.</summary>
internal static class ApprovalExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddOptions<GovernanceOptions>().BindConfiguration(BusinessOptions.Section);
        services.AddOptions<EscalationSettings>().BindConfiguration(EscalationSettings.Section);
        services.AddSingleton<ApprovalStore>();
        services.AddSingleton<DraftGovernance>();
        services.AddSingleton<EscalationSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationSweep>());
        return services;
    }

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/approvals").WithTags("Approvals").MapGet("/{accountId}/{jobId}", async (string accountId, string jobId, ApprovalStore approvals, CancellationToken cancel) =>
            await approvals.FindAsync(accountId, jobId, cancel).ConfigureAwait(false) is { } request
                ? Results.Ok(request)
                : Results.Problem($"No approval request for job {jobId}", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        return endpoints;
    }
}
