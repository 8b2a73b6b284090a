using Closeout.Drafting.Drafts;
using Closeout.Drafting.Jobs;
using Closeout.SecondOpinion.Audit;
using Closeout.SecondOpinion.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.SecondOpinion.Tests.Support;

/// <summary>A reviewer wired as the service wires it (IHttpClientFactory, the recorder handler), pointed at a stub.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private Harness(ProviderStub stub, ServiceProvider services)
    {
        Stub = stub;
        _services = services;
    }

    public ProviderStub Stub { get; }

    public InMemorySecondOpinionAudit Audit { get; } = new();

    public InMemorySecondOpinionBudget Budget { get; } = new();

    public static async Task<Harness> StartAsync()
    {
        var services = new ServiceCollection().AddSecondOpinion().BuildServiceProvider();
        return new Harness(await ProviderStub.StartAsync(), services);
    }

    public static string Provider(Wire wire) => wire switch
    {
        Wire.OpenAI => "openai",
        Wire.Anthropic => "anthropic",
        _ => "ollama",
    };

    public SecondOpinionOptions Options(Wire wire, SecondOpinionMode mode = SecondOpinionMode.Merge, TimeSpan? timeout = null) => new()
    {
        Mode = mode,
        Profile = new LlmProfile
        {
            Provider = Provider(wire),
            Model = "test-model",
            Endpoint = wire == Wire.OpenAI ? new Uri(Stub.BaseAddress, "v1/") : Stub.BaseAddress,
            ApiKeyVariable = "TEST_LLM_KEY",
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        },
        Prices = { ["test-model"] = new ModelPrice { InputPerMillion = 3m, OutputPerMillion = 15m } },
    };

    public SecondOpinionReviewer Reviewer(SecondOpinionOptions options, TimeProvider? time = null)
    {
        var clients = new LlmChatClients(_services.GetRequiredService<IHttpClientFactory>(), name => name == "TEST_LLM_KEY" ? "sk-test-not-a-real-key" : null);
        return new SecondOpinionReviewer(options, clients.Create(options.Profile), Audit, Budget, time ?? TimeProvider.System);
    }

    public Task<SecondOpinionResult> ReviewAsync(SecondOpinionOptions options, JobberJob? job = null, TimeProvider? time = null)
    {
        job ??= Shop.Job();
        DraftInvoice draft = Shop.Engine.Draft(job);
        return Reviewer(options, time).ReviewAsync("acct-1", job, Shop.Engine, draft, Shop.History, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Stub.DisposeAsync();
        await _services.DisposeAsync();
    }
}
