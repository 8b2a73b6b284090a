namespace Closeout.Features.Collections;

internal static class CollectionsExtensions
{
    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        services.AddOptions<CollectionsOptions>().BindConfiguration(CollectionsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<TwilioBaseUrlHandler>();
        services.AddHttpClient(TwilioSmsChannel.HttpClientName).AddHttpMessageHandler<TwilioBaseUrlHandler>();
        services.AddSingleton<CollectionsStore>();
        services.AddSingleton<CollectionsSignal>();
        services.AddSingleton<ReceivableSync>();
        services.AddSingleton<ReceivableEvents>();
        services.AddSingleton<IPaidSource, JobberPaidSource>();
        services.AddSingleton<PaidCheck>();
        services.AddSingleton<IReminderChannel, SmtpEmailChannel>();
        services.AddSingleton<IReminderChannel, TwilioSmsChannel>();
        services.AddSingleton<IReminderChannel, CallTaskChannel>();
        services.AddSingleton<AccountBook>();
        services.AddSingleton(sp => ReminderRewriter.FromOptions(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CollectionsOptions>>(), sp.GetRequiredService<IHttpClientFactory>()));
        services.AddSingleton<ReminderCycle>();
        services.AddSingleton<ReminderWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderWorker>());
        return services;
    }

    public static IEndpointRouteBuilder MapCollectionsEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReceivablesEndpoints().MapTwilioEndpoints();
}
