using Closeout.Features.Accounts;
using Closeout.Features.PriceBook;
using Closeout.Features.Approvals;
using Closeout.Features.Audit;
using Closeout.Features.Collections;
using Closeout.Features.Drafts;
using Closeout.Features.Health;
using Closeout.Features.Leakage;
using Closeout.Features.Notifications;
using Closeout.Features.Pilot;
using Closeout.Features.Processing;
using Closeout.Features.QuickBooks;
using Closeout.Features.SecondOpinion;
using Closeout.Features.Secrets;
using Closeout.Features.Review;
using Closeout.Features.Users;
using Closeout.Features.Webhooks;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Web;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.Observability;
using Closeout.Infrastructure.Persistence;

namespace Closeout;

/// <summary>Builds the Closeout web host; Program runs it, tests start it in-process on a loopback port. Reads as the list of features.</summary>
public static class CloseoutApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, ApplicationName = typeof(CloseoutApp).Assembly.GetName().Name });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostPlumbing();

        builder.Services
            .AddPersistence()
            .AddJobberClient()
            .AddAccounts()
            .AddCatalogSync()
            .AddInbox()
            .AddWebhooks()
            .AddSecretStore()
            .AddSecondOpinionReviews()
            .AddProcessing()
            .AddDrafts()
            .AddAudit()
            .AddApprovals()
            .AddNotifications()
            .AddPilot()
            .AddUsers()
            .AddUserManagement()
            .AddReview()
            .AddWebUi()
            .AddLeakage()
            .AddCollections()
            .AddQuickBooks()
            .AddHealth();

        configure?.Invoke(builder);
        builder.AddTelemetry();
        builder.AddOpenIdConnectSignIn();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapWebhookEndpoints();
        app.MapAccountEndpoints();
        app.MapDraftEndpoints();
        app.MapSecondOpinionEndpoints();
        app.MapAuditEndpoints();
        app.MapApprovalEndpoints();
        app.MapPilotEndpoints();
        app.MapUserEndpoints();
        app.MapReviewEndpoints();
        app.MapWebUi();
        app.MapLeakageEndpoints();
        app.MapCollectionsEndpoints();
        app.MapQuickBooksEndpoints();
        app.MapHealthEndpoints();
        return app;
    }
}
