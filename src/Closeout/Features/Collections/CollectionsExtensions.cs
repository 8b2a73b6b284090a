namespace Closeout.Features.Collections;

internal static class CollectionsExtensions
{
    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        services.AddOptions<CollectionsOptions>().BindConfiguration(CollectionsOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.LateFees.Problem is null && o.Accounts.TrueForAll(a => a.LateFees?.Problem is null), "Collections:LateFees: a fee is not negative, its percentage is 0-100, its grace days are not negative and its line has a name")
            .ValidateOnStart();
        services.AddTransient<TwilioBaseUrlHandler>();
        services.AddHttpClient(TwilioSmsChannel.HttpClientName).AddHttpMessageHandler<TwilioBaseUrlHandler>();
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Collections", Users.Policies.Staff));
        services.AddSingleton<CollectionsStore>();
        services.AddSingleton<CollectionsSignal>();
        services.AddSingleton<ReversedPayments>();
        services.AddSingleton<ReceivableSync>();
        services.AddSingleton<ReceivableEvents>();
        services.AddSingleton<Inbox.IInboxHandler>(sp => sp.GetRequiredService<ReceivableEvents>());
        services.AddSingleton<IPaidSource, JobberPaidSource>();
        services.AddSingleton<PaidCheck>();
        services.AddSingleton<PaidNoticeReader>();
        services.AddSingleton<IReminderChannel, SmtpEmailChannel>();
        services.AddSingleton<IReminderChannel, TwilioSmsChannel>();
        services.AddSingleton<IReminderChannel, CallTaskChannel>();
        services.AddSingleton<AccountBook>();
        services.AddSingleton(sp => ReminderRewriter.FromOptions(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CollectionsOptions>>(), sp.GetRequiredService<IHttpClientFactory>()));
        services.AddSingleton<ReminderCycle>();
        services.AddSingleton<ReceivablesQueries>();
        services.AddSingleton<ReminderWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderWorker>());
        services.AddSingleton<LateFeeStore>();
        services.AddSingleton<LateFeeCharger>();
        services.AddHostedService<LateFeeWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapCollectionsEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReceivablesEndpoints().MapTwilioEndpoints().MapLateFeeEndpoints();
}
