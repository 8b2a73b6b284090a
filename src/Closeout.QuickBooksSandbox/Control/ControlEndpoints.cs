using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Api;
using Closeout.QuickBooksSandbox.Company;
using Closeout.QuickBooksSandbox.OAuth;
using Closeout.QuickBooksSandbox.Webhooks;
using Microsoft.Extensions.Options;

namespace Closeout.QuickBooksSandbox.Control;

public sealed record CompanySummary(string RealmId, string CompanyName, bool AutomatedSalesTax, IReadOnlyDictionary<string, int> Records);

public sealed record TokenRequest(string? RealmId, string? ClientId);

public sealed record AddWebhookRequest(string Url, WebhookFormat Format, string? ClientId);

public sealed record ClockRequest(double AdvanceSeconds);

public sealed record ClockView(DateTimeOffset Now, TimeSpan Offset);

/// <summary>
/// Endpoints under /sandbox/ (not Intuit's): companies, tokens without the consent screen, the clock, faults,
/// webhook endpoints and deliveries, and writes "by a QuickBooks user" that go through the same rules as the API
/// (and send the same webhooks) without a token or throttling.
/// </summary>
internal static class ControlEndpoints
{
    public static IServiceCollection AddSandboxControl(this IServiceCollection services) =>
        services.AddSingleton<SandboxFaults>().AddSingleton<CompanySeeder>().AddHostedService<StartupSeeding>();

    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/sandbox");
        group.MapGet("/companies", Companies);
        group.MapPost("/companies", CreateCompany);
        group.MapGet("/companies/{realmId}/{entity}", List);
        group.MapPost("/companies/{realmId}/{entity}", WriteAsUser);
        group.MapPost("/tokens", IssueTokens);
        group.MapGet("/clock", (SandboxClock clock) => new ClockView(clock.GetUtcNow(), clock.Offset));
        group.MapPost("/clock", AdvanceClock);
        group.MapGet("/faults", (SandboxFaults faults) => faults.Current);
        group.MapPost("/faults", (FaultSettings settings, SandboxFaults faults) =>
        {
            faults.Set(settings);
            return faults.Current;
        });
        group.MapDelete("/faults", (SandboxFaults faults) =>
        {
            faults.Set(new FaultSettings());
            return faults.Current;
        });
        group.MapPost("/webhooks", AddWebhook);
        group.MapGet("/webhooks/deliveries", (WebhookDispatcher dispatcher) => dispatcher.Records);
        return endpoints;
    }

    internal static CompanySummary Summary(Realm realm) => new(
        realm.Id, realm.CompanyName, realm.AutomatedSalesTax,
        EntityNames.All.ToDictionary(e => e, e => realm.All(e).Count, StringComparer.Ordinal));

    private static async Task<IReadOnlyList<CompanySummary>> Companies(CompanyStore store, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            return [.. store.Realms.Select(Summary)];
        }
    }

    private static async Task<IResult> CreateCompany(CompanySeed seed, CompanyStore store, CompanySeeder seeder, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            try
            {
                return Results.Ok(Summary(seeder.Seed(seed)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Cannot create the company");
            }
        }
    }

    private static async Task<IResult> List(string realmId, string entity, CompanyStore store, CancellationToken cancel)
    {
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            var realm = store.Find(realmId);
            var name = EntityNames.Resolve(entity);
            return realm is null || name is null
                ? Results.Problem($"No company {realmId} or entity {entity}", statusCode: StatusCodes.Status404NotFound, title: "Not found")
                : Results.Text(new JsonArray([.. realm.All(name).Select(r => (JsonNode)Books.Output(realm, name, r))]).ToJsonString(), "application/json");
        }
    }

    /// <summary>A change made in QuickBooks by a person: the body and <c>operation</c>/<c>include</c> as for the API.</summary>
    private static async Task<IResult> WriteAsUser(HttpContext http, string realmId, string entity, CompanyStore store, Books books)
    {
        var name = EntityNames.Resolve(entity);
        var (body, error) = await ApiPipeline.ReadObjectAsync(http.Request).ConfigureAwait(false);
        using (await store.EnterAsync(http.RequestAborted).ConfigureAwait(false))
        {
            var realm = store.Find(realmId);
            if (realm is null || name is null)
            {
                return Results.Problem($"No company {realmId} or entity {entity}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            if (body is null)
            {
                return Results.Text(error!.Body.ToJsonString(), "application/json", statusCode: error.Status);
            }

            var include = ApiPipeline.Include(http.Request);
            var result = ApiResult.From(name, books.Write(realm, name, Books.OperationOf(http.Request.Query["operation"].ToString(), include, body), body, include));
            return Results.Text(result.Body.ToJsonString(), "application/json", statusCode: result.Status);
        }
    }

    private static async Task<IResult> IssueTokens(TokenRequest request, IOptionsMonitor<QuickBooksSandboxOptions> options, TokenService tokens, CompanyStore store, CancellationToken cancel)
    {
        var app = request.ClientId is null ? options.CurrentValue.Apps.FirstOrDefault() : options.CurrentValue.Apps.Find(a => a.ClientId == request.ClientId);
        string? realmId;
        using (await store.EnterAsync(cancel).ConfigureAwait(false))
        {
            realmId = (request.RealmId is null ? store.Realms.FirstOrDefault() : store.Find(request.RealmId))?.Id;
        }

        if (app is null || realmId is null)
        {
            return Results.Problem("Unknown app or company", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        var issued = tokens.Connect(app.ClientId, realmId);
        return Results.Ok(new
        {
            token_type = "bearer",
            access_token = issued.AccessToken,
            refresh_token = issued.RefreshToken,
            expires_in = issued.ExpiresIn,
            x_refresh_token_expires_in = issued.RefreshExpiresIn,
            realmId,
        });
    }

    private static IResult AdvanceClock(ClockRequest request, SandboxClock clock, WebhookDispatcher dispatcher)
    {
        if (request.AdvanceSeconds < 0 || double.IsNaN(request.AdvanceSeconds) || request.AdvanceSeconds > TimeSpan.FromDays(3650).TotalSeconds)
        {
            return Results.Problem("advanceSeconds must be between 0 and ten years", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        clock.Advance(TimeSpan.FromSeconds(request.AdvanceSeconds));
        dispatcher.Wake();
        return Results.Ok(new ClockView(clock.GetUtcNow(), clock.Offset));
    }

    private static IResult AddWebhook(AddWebhookRequest request, IOptionsMonitor<QuickBooksSandboxOptions> options, WebhookEndpoints endpoints)
    {
        var app = request.ClientId is null ? options.CurrentValue.Apps.FirstOrDefault() : options.CurrentValue.Apps.Find(a => a.ClientId == request.ClientId);
        if (app is null || !Uri.TryCreate(request.Url, UriKind.Absolute, out _))
        {
            return Results.Problem("Unknown app or bad URL", statusCode: StatusCodes.Status400BadRequest, title: "Invalid");
        }

        endpoints.Add(app.ClientId, new WebhookEndpoint { Url = request.Url, Format = request.Format });
        return Results.Ok(new { app.ClientId, request.Url, request.Format });
    }
}

/// <summary>Creates the configured companies when the host starts.</summary>
internal sealed class StartupSeeding(IOptions<QuickBooksSandboxOptions> options, CompanyStore store, CompanySeeder seeder) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using (await store.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var company in options.Value.Companies)
            {
                seeder.Seed(company);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
