namespace Closeout.Features.Audit;

/// <summary>
/// GET /api/audit/{accountId}/export.csv (the chain as CSV), /api/audit/{accountId}/verify (breaks, if any) and
/// /api/audit/{accountId}/history?subject=draft:123 (one subject's entries, oldest first).
/// </summary>
internal static class AuditEndpoints
{
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddSingleton<AuditLog>().AddSingleton<IAuditTrail>(s => s.GetRequiredService<AuditLog>());

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The whole chain of an account: owners and managers (a draft's own history is also at /api/drafts/{jobId}/history).
        var api = endpoints.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Users.Policies.Managers);
        api.MapGet("/{accountId}/export.csv", async (string accountId, AuditLog audit, HttpContext http, CancellationToken cancel) =>
        {
            var rows = await audit.ChainAsync(accountId, cancel).ConfigureAwait(false);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{Sanitize(accountId)}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false));
            await AuditCsv.WriteAsync(writer, rows, cancel).ConfigureAwait(false);
            await writer.FlushAsync(cancel).ConfigureAwait(false);
        }).Produces(StatusCodes.Status200OK, contentType: "text/csv");
        api.MapGet("/{accountId}/verify", async (string accountId, AuditLog audit, CancellationToken cancel) =>
            await audit.VerifyAsync(accountId, cancel).ConfigureAwait(false));
        api.MapGet("/{accountId}/history", async (string accountId, string subject, IAuditTrail audit, CancellationToken cancel) =>
            await audit.HistoryAsync(accountId, subject, cancel).ConfigureAwait(false));
        return endpoints;
    }

    private static string Sanitize(string accountId) => new(accountId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
