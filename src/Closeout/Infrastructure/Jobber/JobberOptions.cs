using System.ComponentModel.DataAnnotations;

namespace Closeout.Infrastructure.Jobber;

/// <summary>Section "Jobber": the app's credentials and Jobber's endpoints (the sandbox's, locally).</summary>
internal sealed class JobberOptions
{
    public const string Section = "Jobber";

    /// <summary>Jobber's origin; the API, authorize and token URLs hang off it as in Jobber's documentation.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.getjobber.com");

    [Required]
    public string ClientId { get; set; } = "";

    /// <summary>Also the key of the webhook signature. From the environment (Jobber__ClientSecret) or a secret store only.</summary>
    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>The X-JOBBER-GRAPHQL-VERSION every request names.</summary>
    [Required]
    [RegularExpression(@"^\d{4}-\d{2}-\d{2}$")]
    public string ApiVersion { get; set; } = "2025-01-20";

    /// <summary>Closeout's public origin, for the OAuth callback (…/jobber/callback); defaults to the request's.</summary>
    public Uri? PublicUrl { get; set; }

    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts of a query on 5xx or timeouts (mutations are never retried blindly).</summary>
    [Range(1, 10)]
    public int QueryAttempts { get; set; } = 3;

    /// <summary>How often a THROTTLED request waits out the restore rate before the step fails as Throttled.</summary>
    [Range(0, 20)]
    public int ThrottleWaits { get; set; } = 4;

    [Range(1, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>
    /// The <c>first</c> of every list Closeout reads; the client pages through the rest with <c>after</c>. Jobber charges a
    /// connection's fields times its <c>first</c>, so 20 keeps a whole job near 1,400 points (a job rarely has more).
    /// </summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 20;

    /// <summary>The most pages read of one list, so a server that always says hasNextPage cannot hold a worker forever.</summary>
    [Range(1, 10_000)]
    public int MaxPages { get; set; } = 200;

    public Uri GraphQLUrl => new(BaseUrl, "/api/graphql");

    public Uri AuthorizeUrl => new(BaseUrl, "/api/oauth/authorize");

    public Uri TokenUrl => new(BaseUrl, "/api/oauth/token");
}
