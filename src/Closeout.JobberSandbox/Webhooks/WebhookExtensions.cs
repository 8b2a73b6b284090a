namespace Closeout.JobberSandbox.Webhooks;

internal static class WebhookExtensions
{
    public static IServiceCollection AddSandboxWebhooks(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookDeliveryWorker.HttpClientName);
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<IWebhookEvents>(sp => sp.GetRequiredService<WebhookEvents>());
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliveryWorker>());
        return services;
    }
}
