using Closeout.Infrastructure.Jobber;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Accounts;

/// <summary>
/// Connecting a Jobber account (OAuth authorization code): GET /jobber/connect sends the browser to Jobber's authorize
/// page; Jobber sends it back to GET /jobber/callback with a code, which becomes tokens, stored encrypted, for the account
/// that <c>account { id name }</c> names. GET /api/accounts lists them (never the tokens).
/// </summary>
internal static partial class AccountEndpoints
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<BusinessOptions>().BindConfiguration(BusinessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<ConnectAccount>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/jobber/connect", (HttpContext http, IOptions<JobberOptions> jobber, IDataProtectionProvider protection, TimeProvider time) =>
        {
            var state = protection.CreateProtector("Closeout.OAuth.State").ToTimeLimitedDataProtector()
                .Protect(Guid.NewGuid().ToString("N"), TimeSpan.FromMinutes(10));
            var authorize = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(jobber.Value.AuthorizeUrl.ToString(), new Dictionary<string, string?>
            {
                ["response_type"] = "code",
                ["client_id"] = jobber.Value.ClientId,
                ["redirect_uri"] = CallbackUri(http, jobber.Value).ToString(),
                ["state"] = state,
            });
            return Results.Redirect(authorize);
        }).RequireAuthorization(Users.Policies.Owner);

        endpoints.MapGet("/jobber/callback", async (HttpContext http, string? code, string? state, IOptions<JobberOptions> jobber, IDataProtectionProvider protection, ConnectAccount connect, CancellationToken cancel) =>
        {
            if (string.IsNullOrEmpty(code))
            {
                return Results.Problem("Jobber did not authorize Closeout (no code): the connection was declined.", statusCode: StatusCodes.Status400BadRequest, title: "Not connected");
            }

            // Connections started from Jobber's App Marketplace carry no state; ours always do, and must be ours.
            if (state is not null)
            {
                try
                {
                    protection.CreateProtector("Closeout.OAuth.State").ToTimeLimitedDataProtector().Unprotect(state);
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    return Results.Problem("The OAuth state is invalid or expired; start again at /jobber/connect.", statusCode: StatusCodes.Status400BadRequest, title: "Not connected");
                }
            }

            var account = await connect.RunAsync(code, CallbackUri(http, jobber.Value), cancel).ConfigureAwait(false);
            return account.IsSuccess
                ? Results.Ok(new { connected = true, accountId = account.Value!.Id, account.Value.Name, business = account.Value.Business })
                : Results.Problem(account.Failure!.Message, statusCode: StatusCodes.Status502BadGateway, title: "Not connected");
        }).RequireAuthorization(Users.Policies.Owner);

        endpoints.MapGet("/api/accounts", async (AccountStore accounts, CancellationToken cancel) =>
            (await accounts.ListAsync(cancel).ConfigureAwait(false)).Select(a => new { a.Id, a.Name, a.Business, connected = a.Tokens is not null, a.ConnectedAt, a.DisconnectedAt }))
            .RequireAuthorization(Users.Policies.Managers);
        return endpoints;
    }

    private static Uri CallbackUri(HttpContext http, JobberOptions jobber) =>
        new(jobber.PublicUrl ?? new Uri($"{http.Request.Scheme}://{http.Request.Host}"), "/jobber/callback");
}

/// <summary>Turns an authorization code into a connected account with its catalog and policy.</summary>
internal sealed partial class ConnectAccount(
    JobberTokenService tokens,
    JobberApi jobber,
    AccountStore accounts,
    Inbox.InboxStore inbox,
    Inbox.WorkSignal signal,
    IOptions<BusinessOptions> businesses,
    TimeProvider time,
    ILogger<ConnectAccount> logger)
{
    public async Task<Infrastructure.Result<Account>> RunAsync(string code, Uri redirectUri, CancellationToken cancellationToken)
    {
        var pair = await tokens.ExchangeCodeAsync(code, redirectUri, cancellationToken).ConfigureAwait(false);
        if (!pair.IsSuccess)
        {
            return pair.Failure!;
        }

        var info = await jobber.GetAccountAsync(pair.Value!.AccessToken, cancellationToken).ConfigureAwait(false);
        if (!info.IsSuccess)
        {
            return info.Failure!;
        }

        return await ConnectAsync(info.Value!, pair.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the tokens of a known account (also how tests and scripts connect with tokens issued directly).</summary>
    public async Task<Account> ConnectAsync(JobberAccountInfo info, JobberTokens pair, CancellationToken cancellationToken)
    {
        var account = await accounts.ConnectAsync(info.Id, info.Name, pair, businesses.Value.FolderFor(info.Id, info.Name), cancellationToken).ConfigureAwait(false);
        if (BusinessEngines.UsesSyncedCatalog(account))
        {
            await PriceBook.CatalogRefresher.QueueAsync(inbox, account.Id, $"connect-{time.GetUtcNow().ToUnixTimeMilliseconds()}", cancellationToken).ConfigureAwait(false);
            signal.Notify();
        }

        LogConnected(logger, account.Id, account.Business is not null);
        return account;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected Jobber account {AccountId} (catalog and policy configured: {Configured})")]
    private static partial void LogConnected(ILogger logger, string accountId, bool configured);
}
