using Closeout.Features.Accounts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Closeout.Features.Approvals;

/// <summary>GET /api/approvals/{accountId}[?state=pending] and /api/approvals/{accountId}/{jobId}: who must approve a draft, why, and where it stands.</summary>
internal static class ApprovalExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddOptions<GovernanceOptions>().BindConfiguration(BusinessOptions.Section);
        services.AddOptions<EscalationSettings>().BindConfiguration(EscalationSettings.Section);
        services.AddSingleton<ApprovalStore>();
        services.TryAddSingleton<IPastDueClients, ConfiguredPastDueClients>();
        services.AddSingleton<DraftGovernance>();
        services.AddSingleton<EscalationSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationSweep>());
        return services;
    }

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/approvals").WithTags("Approvals").RequireAuthorization(Users.Policies.Staff);
        api.MapGet("/{accountId}", async (string accountId, string? state, ApprovalStore approvals, CancellationToken cancel) =>
            await approvals.ListAsync(accountId, state, cancel).ConfigureAwait(false));
        api.MapGet("/{accountId}/{jobId}", async (string accountId, string jobId, ApprovalStore approvals, CancellationToken cancel) =>
            await approvals.FindAsync(accountId, jobId, cancel).ConfigureAwait(false) is { } request
                ? Results.Ok(request)
                : Results.Problem($"No approval request for job {jobId}", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        return endpoints;
    }
}
