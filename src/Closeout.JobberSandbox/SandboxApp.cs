using Closeout.JobberSandbox.Control;
using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.GraphQL;
using Closeout.JobberSandbox.OAuth;
using Closeout.JobberSandbox.Seeding;
using Closeout.JobberSandbox.Webhooks;

namespace Closeout.JobberSandbox;

/// <summary>Builds the sandbox host; Program runs it, tests and Closeout's demo start it in-process on a loopback port.</summary>
public static class SandboxApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--seed"] = $"{SandboxOptions.Section}:Seed:0" });

        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WebhookDeliveryOptions>().BindConfiguration(WebhookDeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SandboxStore>();

        builder.Services
            .AddSandboxOAuth()
            .AddSandboxGraphQL()
            .AddSandboxWebhooks()
            .AddSandboxControl()
            .AddSandboxSeeding();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapOAuthEndpoints();
        app.MapGraphQLEndpoint();
        app.MapControlEndpoints();
        app.MapGet("/healthz", () => Results.Ok("ok"));
        return app;
    }
}
