using System.Text.Json.Serialization;
using Closeout.QuickBooksSandbox.Api;
using Closeout.QuickBooksSandbox.Company;
using Closeout.QuickBooksSandbox.Control;
using Closeout.QuickBooksSandbox.OAuth;
using Closeout.QuickBooksSandbox.Webhooks;

namespace Closeout.QuickBooksSandbox;

/// <summary>Builds the QuickBooks Online sandbox host; Program runs it, tests and Closeout's demo start it in-process on a loopback port.</summary>
public static class QuickBooksSandboxApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--seed"] = $"{QuickBooksSandboxOptions.Section}:Companies:0:Seed" });

        builder.Services.AddOptions<QuickBooksSandboxOptions>().BindConfiguration(QuickBooksSandboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WebhookDeliveryOptions>().BindConfiguration(WebhookDeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new SandboxClock(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<CompanyStore>();
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName);
        builder.Services.AddSingleton<WebhookEndpoints>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddSingleton<IWebhookEvents>(sp => sp.GetRequiredService<WebhookDispatcher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        builder.Services
            .AddSandboxOAuth()
            .AddQuickBooksApi()
            .AddSandboxControl();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapOAuthEndpoints();
        app.MapQuickBooksApi();
        app.MapControlEndpoints();
        app.MapGet("/healthz", () => Results.Ok("ok"));
        return app;
    }
}
