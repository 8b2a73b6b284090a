using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Closeout.Features.Notifications;

internal static class NotificationExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        services.AddSingleton<NotificationOutbox>();
        services.TryAddSingleton<IApproverDirectory, UserApproverDirectory>();
        services.AddHttpClient(NotificationSender.SlackClient, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        return services;
    }
}
