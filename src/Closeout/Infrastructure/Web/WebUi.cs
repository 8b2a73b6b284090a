using Closeout.Features.Users;
using Microsoft.AspNetCore.Mvc;

namespace Closeout.Infrastructure.Web;

/// <summary>
/// The server-rendered UI and the API's description: Razor Pages kept in the feature folders (Features/Review,
/// Features/Users), htmx and our CSS as static files, OpenAPI at /openapi/v1.json, and the security headers every answer carries.
/// </summary>
internal static class WebUi
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AllowAnonymousToPage("/Users/SignIn");
            o.Conventions.AllowAnonymousToPage("/Users/FirstRun");
            o.Conventions.AuthorizeFolder("/Users", Policies.SignedIn);
            o.Conventions.AuthorizePage("/Users/Manage", Policies.Owner);
            o.Conventions.AuthorizePage("/Review/DraftActions", Policies.Staff);
            o.Conventions.AuthorizeFolder("/Pilot", Policies.Managers);
        });
        services.Configure<MvcOptions>(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Closeout";
            document.Info.Description = "Drafts, their review (edit, approve, reject), users. Authenticate with the sign-in cookie (writes then need the RequestVerificationToken header) or an API token: Authorization: Bearer cot_...";
            return Task.CompletedTask;
        }));
        return services;
    }

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        endpoints.MapOpenApi().RequireAuthorization(Policies.SignedIn);
        return endpoints;
    }

    /// <summary>No framing, no sniffing, scripts and styles only from Closeout itself.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'";
            return next(context);
        });

}
