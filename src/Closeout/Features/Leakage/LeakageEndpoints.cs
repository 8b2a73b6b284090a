using System.Security.Claims;
using Closeout.Features.Accounts;
using Closeout.Features.Drafts;
using Closeout.Features.Processing;

namespace Closeout.Features.Leakage;

/// <summary>A person's decision on a suggestion: who decided, when no one is signed in (the signed-in person otherwise).</summary>
public sealed record SuggestionDecisionRequest(string? By);

/// <summary>
/// Missed billables and unbilled work: POST /api/drafts/{jobId}/suggestions/{itemId}/accept|reject, GET
/// /api/leakage/{accountId}/rules (every learned rule with its invoices), and the unbilled-work report of a month
/// (/api/leakage/{accountId}/report, report.csv, report.pdf; ?month=yyyy-MM, by default the previous month).
/// </summary>
internal static class LeakageEndpoints
{
    public static IServiceCollection AddLeakage(this IServiceCollection services)
    {
        services.AddOptions<LeakageMailOptions>().BindConfiguration(LeakageMailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddKeyedSingleton(MonthEndMailScheduler.ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddHostedService<MonthEndMailScheduler>();
        return services.AddSingleton<SuggestionFeedback>().AddSingleton<LeakageAdvisors>().AddSingleton<UnbilledWork>().AddSingleton<MonthEndMailer>().AddSingleton<ISentInvoiceLearner, LearnSentInvoice>();
    }

    public static IEndpointRouteBuilder MapLeakageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var suggestions = endpoints.MapGroup("/api/drafts/{jobId}/suggestions").WithTags("Leakage").RequireAuthorization(Users.Policies.Staff);
        suggestions.MapPost("/{itemId}/accept", (string jobId, string itemId, SuggestionDecisionRequest? request, ClaimsPrincipal user, DraftStore drafts, SuggestionFeedback feedback, CancellationToken cancel) =>
            Decide(jobId, itemId, Person(user, request), SuggestionFeedback.Accepted, drafts, feedback, cancel));
        suggestions.MapPost("/{itemId}/reject", (string jobId, string itemId, SuggestionDecisionRequest? request, ClaimsPrincipal user, DraftStore drafts, SuggestionFeedback feedback, CancellationToken cancel) =>
            Decide(jobId, itemId, Person(user, request), SuggestionFeedback.Rejected, drafts, feedback, cancel));
        suggestions.MapGet("/decisions", async (string jobId, DraftStore drafts, SuggestionFeedback feedback, CancellationToken cancel) =>
            await drafts.FindAsync(jobId, cancel).ConfigureAwait(false) is { } draft
                ? Results.Ok(await feedback.DecisionsAsync(draft.Draft.AccountId, jobId, cancel).ConfigureAwait(false))
                : NotFound($"No draft for job {jobId}"));

        // Dollars slipping are the owner's and managers' business.
        var leakage = endpoints.MapGroup("/api/leakage/{accountId}").WithTags("Leakage").RequireAuthorization(Users.Policies.Managers);
        leakage.MapGet("/rules", Rules);
        MapReports(leakage);
        return endpoints;
    }

    private static void MapReports(RouteGroupBuilder endpoints)
    {
        endpoints.MapGet("/report", async (string accountId, string? month, UnbilledWork work, TimeProvider time, CancellationToken cancel) =>
            await ReportAsync(accountId, month, work, time, cancel).ConfigureAwait(false) is var (report, problem) && problem is null ? Results.Ok(report) : problem!);
        endpoints.MapGet("/report.csv", async (string accountId, string? month, UnbilledWork work, TimeProvider time, CancellationToken cancel) =>
            await ReportAsync(accountId, month, work, time, cancel).ConfigureAwait(false) is var (report, problem) && problem is null
                ? Results.Text(UnbilledCsv.Write(report!), "text/csv; charset=utf-8")
                : problem!);
        endpoints.MapGet("/charts/{dimension}.svg", async (string accountId, string dimension, string? month, UnbilledWork work, TimeProvider time, CancellationToken cancel) =>
        {
            if (!LeakageCharts.Dimensions.Contains(dimension))
            {
                return NotFound($"No chart by {dimension}; charts: {string.Join(", ", LeakageCharts.Dimensions)}");
            }

            var (report, problem) = await ReportAsync(accountId, month, work, time, cancel).ConfigureAwait(false);
            return problem ?? Results.Text(LeakageCharts.Svg(report!, dimension)!, "image/svg+xml; charset=utf-8");
        });
        endpoints.MapGet("/report.pdf", async (string accountId, string? month, UnbilledWork work, TimeProvider time, CancellationToken cancel) =>
            await ReportAsync(accountId, month, work, time, cancel).ConfigureAwait(false) is var (report, problem) && problem is null
                ? Results.File(UnbilledPdf.Render(report!), "application/pdf", $"unbilled-{report!.From:yyyy-MM}.pdf")
                : problem!);
    }

    /// <summary>Who decides: the signed-in person (their email, else their id), else the name the request gives.</summary>
    private static string? Person(ClaimsPrincipal user, SuggestionDecisionRequest? request) =>
        user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? request?.By;

    private static async Task<IResult> Decide(string jobId, string itemId, string? person, string decision, DraftStore drafts, SuggestionFeedback feedback, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(person) || person.Length > 200)
        {
            return Results.Problem("Say who decides: {\"by\": \"<person>\"}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        if (await drafts.FindAsync(jobId, cancel).ConfigureAwait(false) is not { } draft)
        {
            return NotFound($"No draft for job {jobId}");
        }

        if (draft.Draft.Suggestions.FirstOrDefault(s => s.ItemId == itemId) is not { } suggestion)
        {
            return NotFound($"The draft of job {jobId} has no suggestion of {itemId}");
        }

        return await feedback.DecideAsync(draft.Draft.AccountId, jobId, suggestion, decision, person, cancel).ConfigureAwait(false)
            ? Results.Ok(new { jobId, itemId, decision })
            : Results.Problem($"The suggestion of {itemId} on job {jobId} was already decided", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
    }

    private static async Task<IResult> Rules(string accountId, int? minSupport, double? minConfidence, AccountStore accounts, LeakageAdvisors advisors, CancellationToken cancel)
    {
        if (await accounts.FindAsync(accountId, cancel).ConfigureAwait(false) is not { } account)
        {
            return NotFound($"No account {accountId}");
        }

        if (advisors.For(account) is not { } advisor)
        {
            return Results.Ok(Array.Empty<object>());
        }

        var thresholds = advisor.Thresholds;
        return Results.Ok(advisor.Miner.Rules(Math.Max(1, minSupport ?? thresholds.MinSupportingInvoices), minConfidence ?? thresholds.MinConfidence)
            .Where(r => advisor.MaySuggest(r.Item))
            .Select(r => new { Explanation = advisor.Explain(r), Rule = RuleView.From(r) }));
    }

    /// <summary>The report of <paramref name="month"/> (yyyy-MM, in the business's time zone), by default the previous month.</summary>
    private static async Task<(UnbilledReport? Report, IResult? Problem)> ReportAsync(string accountId, string? month, UnbilledWork work, TimeProvider time, CancellationToken cancel)
    {
        var account = await work.AccountAsync(accountId, cancel).ConfigureAwait(false);
        if (!account.IsSuccess)
        {
            return (null, account.Failure!.Kind == Infrastructure.FailureKind.Permanent ? NotFound(account.Failure.Message) : Results.Problem(account.Failure.Message, statusCode: StatusCodes.Status409Conflict, title: "Not configured"));
        }

        var (found, zone) = account.Value;
        DateTimeOffset from, to;
        if (month is null)
        {
            (from, to) = UnbilledWork.PreviousMonth(time.GetUtcNow(), zone);
        }
        else if (DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var first))
        {
            (from, to) = UnbilledWork.Month(first, zone);
        }
        else
        {
            return (null, Results.Problem("month must be yyyy-MM", statusCode: StatusCodes.Status400BadRequest, title: "Invalid"));
        }

        var report = await work.RecentAsync(found, from, to, cancel).ConfigureAwait(false);
        return report.IsSuccess
            ? (report.Value, null)
            : (null, Results.Problem(report.Failure!.Message, statusCode: StatusCodes.Status502BadGateway, title: "Jobber could not be read"));
    }

    private static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
