namespace Closeout.Infrastructure.Jobber;

internal static class JobberExtensions
{
    public const string HttpClientName = "jobber";

    public static IServiceCollection AddJobberClient(this IServiceCollection services)
    {
        services.AddOptions<JobberOptions>().BindConfiguration(JobberOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Timeouts are per request (linked tokens) so that a timeout is told apart from shutdown; no blanket resilience
        // handler, because every GraphQL call is a POST and mutations must not be retried blindly.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<CostBudget>();
        services.AddSingleton<JobberTokenService>();
        services.AddSingleton<JobberGraphQLClient>();
        services.AddSingleton<JobberApi>();
        services.AddSingleton<JobberBillingApi>();
        services.AddSingleton<JobberLateFeeApi>();
        return services;
    }
}
