using System.Net.Mime;
using Closeout.JobberSandbox.Control;
using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.Limits;
using Closeout.JobberSandbox.OAuth;
using Closeout.JobberSandbox.Webhooks;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;

namespace Closeout.JobberSandbox.GraphQL;

/// <summary>
/// POST /api/graphql, in Jobber's order: bearer token (401), request rate (429), version header (400), then the
/// query cost against the account's bucket (THROTTLED), then execution; cost and versioning go in extensions.
/// </summary>
internal static class GraphQLEndpoint
{
    public const string Path = "/api/graphql";

    public static IServiceCollection AddSandboxGraphQL(this IServiceCollection services)
    {
        services.AddSingleton(_ => SandboxSchema.Build());
        services.AddSingleton<IDocumentExecuter, DocumentExecuter>();
        services.AddSingleton<IGraphQLTextSerializer>(new global::GraphQL.SystemTextJson.GraphQLSerializer(new JobberErrorInfoProvider()));
        services.AddSingleton<CostBucket>();
        services.AddSingleton<RequestRateLimiter>();
        return services;
    }

    public static IEndpointRouteBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, Handle);
        return endpoints;
    }

    private static async Task Handle(HttpContext http)
    {
        var services = http.RequestServices;
        var serializer = services.GetRequiredService<IGraphQLTextSerializer>();
        var options = services.GetRequiredService<IOptionsMonitor<SandboxOptions>>().CurrentValue;
        var faults = services.GetRequiredService<SandboxFaults>().Current;
        var cancel = http.RequestAborted;

        var grant = services.GetRequiredService<TokenService>().Validate(Bearer(http.Request));
        if (grant is null)
        {
            await Error(http, serializer, StatusCodes.Status401Unauthorized, "Unauthorized: missing, invalid or expired access token", "UNAUTHORIZED").ConfigureAwait(false);
            return;
        }

        if (!services.GetRequiredService<RequestRateLimiter>().TryAcquire(grant.ClientId, grant.AccountId, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Error(http, serializer, StatusCodes.Status429TooManyRequests, "Too many requests", "TOO_MANY_REQUESTS").ConfigureAwait(false);
            return;
        }

        var version = ApiVersioning.Resolve(http.Request.Headers[ApiVersioning.HeaderName].ToString(), options);
        if (version is null)
        {
            await Error(http, serializer, StatusCodes.Status400BadRequest, $"The {ApiVersioning.HeaderName} header (YYYY-MM-DD) is required", "VERSION_REQUIRED").ConfigureAwait(false);
            return;
        }

        if (faults.LatencyMilliseconds > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(faults.LatencyMilliseconds), cancel).ConfigureAwait(false);
        }

        if (faults.ServerErrorRate > 0 && Random.Shared.NextDouble() < faults.ServerErrorRate)
        {
            await Error(http, serializer, StatusCodes.Status500InternalServerError, "Internal server error (sandbox fault injection)", "INTERNAL_SERVER_ERROR").ConfigureAwait(false);
            return;
        }

        if (http.Request.ContentType is null || !http.Request.ContentType.StartsWith(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
        {
            await Error(http, serializer, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json", "UNSUPPORTED_MEDIA_TYPE").ConfigureAwait(false);
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            request = null;
        }

        if (request?.Query is null)
        {
            await Error(http, serializer, StatusCodes.Status400BadRequest, "Body must be JSON {query, variables, operationName}", "BAD_REQUEST").ConfigureAwait(false);
            return;
        }

        var store = services.GetRequiredService<SandboxStore>();
        var schema = services.GetRequiredService<ISchema>();
        GraphQLDocument? document = null;
        try
        {
            document = Parser.Parse(request.Query);
        }
        catch (GraphQLParserException)
        {
            // the executer reports the syntax error; such a request costs nothing
        }

        var requested = document is null ? 0 : QueryCost.Requested(schema, document, request.OperationName, request.Variables);
        var decision = services.GetRequiredService<CostBucket>().TryTake(grant.AccountId, requested, faults.ForceThrottled);
        ExecutionResult result;
        if (!decision.Allowed)
        {
            result = new ExecutionResult { Executed = false };
            result.AddError(new ExecutionError("Throttled") { Code = JobberErrorInfoProvider.ThrottledCode });
        }
        else
        {
            using (await store.EnterAsync(cancel).ConfigureAwait(false))
            {
                var account = store.FindAccount(grant.AccountId);
                if (account is null)
                {
                    await Error(http, serializer, StatusCodes.Status401Unauthorized, "Unauthorized: the token's account no longer exists", "UNAUTHORIZED").ConfigureAwait(false);
                    return;
                }

                result = await services.GetRequiredService<IDocumentExecuter>().ExecuteAsync(new ExecutionOptions
                {
                    Schema = schema,
                    Query = request.Query,
                    Document = document,
                    OperationName = request.OperationName,
                    Variables = request.Variables,
                    RequestServices = services,
                    CancellationToken = cancel,
                    UserContext = new RequestContext
                    {
                        Account = account,
                        Store = store,
                        Time = services.GetRequiredService<TimeProvider>(),
                        Events = services.GetRequiredService<IWebhookEvents>(),
                        StrictCatalogLines = options.StrictCatalogLines,
                    },
                }).ConfigureAwait(false);
            }
        }

        result.Extensions ??= [];
        result.Extensions["cost"] = new Dictionary<string, object?>
        {
            ["requestedQueryCost"] = requested,
            ["actualQueryCost"] = decision.Allowed ? requested : 0,
            ["throttleStatus"] = new Dictionary<string, object?>
            {
                ["maximumAvailable"] = decision.Status.MaximumAvailable,
                ["currentlyAvailable"] = decision.Status.CurrentlyAvailable,
                ["restoreRate"] = decision.Status.RestoreRate,
            },
        };
        result.Extensions["versioning"] = new Dictionary<string, object?> { ["version"] = version.Version, ["warning"] = version.Warning };
        http.Response.ContentType = MediaTypeNames.Application.Json;
        await serializer.WriteAsync(http.Response.Body, result, cancel).ConfigureAwait(false);
    }

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static async Task Error(HttpContext http, IGraphQLTextSerializer serializer, int status, string message, string code)
    {
        var result = new ExecutionResult { Executed = false };
        result.AddError(new ExecutionError(message) { Code = code });
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaTypeNames.Application.Json;
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }
}
