using Closeout.Features.Accounts;
using Closeout.Features.Inbox;

namespace Closeout.Features.Processing;

internal static class ProcessingExtensions
{
    public static IServiceCollection AddProcessing(this IServiceCollection services)
    {
        services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BusinessEngines>();
        services.AddSingleton<DraftJob>();
        services.AddSingleton<IInboxHandler, SentInvoiceHandler>();
        services.AddSingleton<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWorker>());
        return services;
    }

    public static IServiceCollection AddInbox(this IServiceCollection services) =>
        services.AddSingleton<InboxStore>().AddSingleton<WorkSignal>()
            .AddSingleton(sp => new IntakeJournal(sp.GetRequiredService<Infrastructure.Persistence.Database>().SqliteFile + "-intake"));
}
