using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Users;

/// <summary>
/// Sign-in and roles: ASP.NET Core Identity over our own stores, a cookie for people and bearer API tokens for scripts, and a
/// fallback policy so that nothing is reachable without signing in unless it says so (webhook, health, sign-in, first run).
/// </summary>
internal static class UsersExtensions
{
    public const string JobberUserClaim = "closeout:jobber_user";
    private const string Selector = "Closeout";

    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OpenIdConnectSettings>().BindConfiguration(OpenIdConnectSettings.Section);
        services.AddIdentityCore<CloseoutUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<CloseoutRole>()
            .AddUserStore<UserStore>()
            .AddRoleStore<RoleStore>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<CloseoutClaims>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<UsersOptions>>((identity, users) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = users.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(users.Value.LockoutMinutes);
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddSingleton<ApiTokenStore>();
        services.AddScoped<UserStore>();
        services.AddHostedService<BootstrapOwnerService>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Selector;
                o.DefaultChallengeScheme = Selector;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Selector, "Cookie or API token", o =>
                o.ForwardDefaultSelector = http => ApiTokenHandler.HasToken(http.Request) ? ApiTokenHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "closeout";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/denied";
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,
                    // The JSON API answers 401/403 (as ProblemDetails, by the status code pages) instead of redirecting to a page.
                    OnRedirectToLogin = c => Answer(c, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = c => Answer(c, StatusCodes.Status403Forbidden),
                };
            })
            .AddCookie(IdentityConstants.ExternalScheme, o =>
            {
                o.Cookie.Name = "closeout.external";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Staff))
            .AddPolicy(Policies.Managers, p => p.RequireRole(Roles.Owner, Roles.Manager))
            .AddPolicy(Policies.Owner, p => p.RequireRole(Roles.Owner));
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "closeout.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>Single sign-on by OpenID Connect, when configured: the provider's email picks the local user, whose role applies.</summary>
    public static WebApplicationBuilder AddOpenIdConnectSignIn(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(OpenIdConnectSettings.Section).Get<OpenIdConnectSettings>() ?? new();
        if (!settings.Enabled)
        {
            return builder;
        }

        new AuthenticationBuilder(builder.Services).AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, settings.DisplayName, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.Scope.Add("email");
            o.SignInScheme = IdentityConstants.ApplicationScheme;
            o.CallbackPath = "/signin-oidc";
            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = MapToLocalUserAsync,
                // A refused or broken sign-in goes back to the sign-in page with the reason, not to an error page.
                OnRemoteFailure = context =>
                {
                    context.Response.Redirect("/signin?sso=failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
            };
        });
        return builder;
    }

    private static async Task MapToLocalUserAsync(TokenValidatedContext context)
    {
        var email = context.Principal?.FindFirstValue(ClaimTypes.Email) ?? context.Principal?.FindFirstValue("email");
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<CloseoutUser>>();
        var user = email is null ? null : await users.FindByEmailAsync(email).ConfigureAwait(false);
        if (user is null || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            context.Fail("No Closeout user has this email, or the user is locked out; ask the owner to add you.");
            return;
        }

        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<CloseoutUser>>();
        context.Principal = await signIn.CreateUserPrincipalAsync(user).ConfigureAwait(false);
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request) || context.Request.Headers.ContainsKey("HX-Request"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The JSON API accepts cookies (the browser) or API tokens (scripts). A cookie-authenticated write must carry the
    /// anti-forgery header, as the pages' htmx posts do; a token cannot be sent by another site, so it needs none.
    /// </summary>
    public static RouteGroupBuilder RequireAntiforgeryForCookies(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !ApiTokenHandler.HasToken(http.Request))
            {
                try
                {
                    await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
                }
                catch (AntiforgeryValidationException)
                {
                    return Results.Problem("Missing or invalid anti-forgery token (send the RequestVerificationToken header, or use an API token).",
                        statusCode: StatusCodes.Status400BadRequest, title: "Anti-forgery check failed");
                }
            }

            return await next(context).ConfigureAwait(false);
        });

    public static string? Role(this ClaimsPrincipal user) => Roles.All.FirstOrDefault(user.IsInRole);

    public static IReadOnlyList<string> JobberUserIds(this ClaimsPrincipal user) => user.FindAll(JobberUserClaim).Select(c => c.Value).ToList();
}

/// <summary>Adds the user's Jobber user ids and display name to the role claims Identity puts in the cookie.</summary>
internal sealed class CloseoutClaims(UserManager<CloseoutUser> users, RoleManager<CloseoutRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CloseoutUser, CloseoutRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CloseoutUser user)
    {
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        identity.AddClaim(new Claim("name", user.DisplayName));
        foreach (var id in user.JobberUserIds)
        {
            identity.AddClaim(new Claim(UsersExtensions.JobberUserClaim, id));
        }

        return identity;
    }
}

/// <summary>Creates the configured owner (Users:Bootstrap) at start while no user exists; runs after the migrations.</summary>
internal sealed partial class BootstrapOwnerService(IServiceProvider services, IOptions<UsersOptions> options, ILogger<BootstrapOwnerService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = options.Value.Bootstrap;
        if (string.IsNullOrWhiteSpace(bootstrap.Email) || string.IsNullOrWhiteSpace(bootstrap.Password))
        {
            return;
        }

        using var scope = services.CreateScope();
        var create = scope.ServiceProvider.GetRequiredService<CreateUser>();
        var created = await create.RunAsync(new NewUser(bootstrap.Email, bootstrap.Email, Roles.Owner, bootstrap.Password, []), onlyIfNoUsers: true, cancellationToken).ConfigureAwait(false);
        if (created.IsSuccess && !string.IsNullOrWhiteSpace(bootstrap.ApiToken))
        {
            await scope.ServiceProvider.GetRequiredService<ApiTokenStore>().IssueAsync(created.Value!.Id, "bootstrap", cancellationToken, bootstrap.ApiToken).ConfigureAwait(false);
        }

        if (created.IsSuccess)
        {
            LogCreated(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the configured owner")]
    private static partial void LogCreated(ILogger logger);
}
