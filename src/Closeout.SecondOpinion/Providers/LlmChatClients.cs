using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OllamaSharp;
using OpenAI;

namespace Closeout.SecondOpinion.Providers;

/// <summary>A chat client for a profile, or why there is none (no key, no endpoint, an unknown provider).</summary>
public sealed record ChatClientResult(IChatClient? Client, string? Problem)
{
    public bool IsSuccess => Client is not null;

    /// <summary>The profile's embedding generator; null when it names no embedding model or its provider offers none.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; init; }

    /// <summary>Why a profile that asked for embeddings has none.</summary>
    public string? EmbeddingsProblem { get; init; }
}

/// <summary>
/// Builds the <see cref="IChatClient"/> of a profile over an HttpClient from <see cref="IHttpClientFactory"/>, so the
/// handlers are pooled and a test can point any provider at a loopback server. The SDKs' own retries are off: the
/// timeout is the whole budget of a call, and a rate limit goes back to the worker with the server's wait hint.
/// </summary>
public sealed class LlmChatClients(IHttpClientFactory httpClients, Func<string, string?>? environment = null)
{
    /// <summary>The named HttpClient every provider uses; <see cref="SecondOpinionServices.AddSecondOpinion"/> registers it.</summary>
    public const string HttpClientName = "Closeout.SecondOpinion";

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <param name="profile">The profile.</param>
    /// <param name="secret">The value of the profile's <see cref="LlmProfile.ApiKeySecret"/>, read from the secret store by the caller; null when it has none.</param>
    public ChatClientResult Create(LlmProfile profile, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Kind is not { } kind)
        {
            return new(null, $"Unknown provider '{profile.Provider}'; use openai, openai-compatible, anthropic or ollama.");
        }

        if (string.IsNullOrWhiteSpace(profile.Model))
        {
            return new(null, "The profile names no model.");
        }

        var key = profile.ApiKeySecret is not null ? secret : profile.KeyVariable is { } variable ? _environment(variable) : null;
        if (profile.ApiKeySecret is { } name && string.IsNullOrEmpty(key))
        {
            return new(null, $"No API key: the secret {name} is not in the secret store (closeout secrets set {name}).");
        }

        if (kind is LlmProvider.OpenAI or LlmProvider.Anthropic && string.IsNullOrEmpty(key))
        {
            return new(null, $"No API key: set the environment variable {profile.KeyVariable}, or name a stored secret with ApiKeySecret.");
        }

        if (kind is LlmProvider.OpenAICompatible && profile.Endpoint is null)
        {
            return new(null, "An openai-compatible profile needs an endpoint (the server's /v1 address).");
        }

        var client = kind switch
        {
            LlmProvider.OpenAI or LlmProvider.OpenAICompatible => OpenAi(profile, key, Http(profile)),
            LlmProvider.Anthropic => Anthropic(profile, key!, Http(profile)),
            _ => (IChatClient)Ollama(profile, profile.Model, Http(profile)),
        };
        if (string.IsNullOrWhiteSpace(profile.EmbeddingModel))
        {
            return new(client, null);
        }

        return kind switch
        {
            LlmProvider.OpenAI or LlmProvider.OpenAICompatible => new(client, null)
            {
                Embeddings = new OpenAI.Embeddings.EmbeddingClient(profile.EmbeddingModel, Credential(key), OpenAiOptions(profile, Http(profile))).AsIEmbeddingGenerator(),
            },
            LlmProvider.Ollama => new(client, null) { Embeddings = Ollama(profile, profile.EmbeddingModel, Http(profile)) },
            _ => new(client, null) { EmbeddingsProblem = $"{profile.Provider} offers no embeddings; retrieval stays lexical." },
        };
    }

    private HttpClient Http(LlmProfile profile)
    {
        var http = httpClients.CreateClient(HttpClientName);

        // The caller's deadline decides; the HttpClient only must not cut in first.
        http.Timeout = profile.Timeout + TimeSpan.FromSeconds(5);
        return http;
    }

    private static IChatClient OpenAi(LlmProfile profile, string? key, HttpClient http) =>
        new OpenAI.Chat.ChatClient(profile.Model, Credential(key), OpenAiOptions(profile, http)).AsIChatClient();

    // Local OpenAI-compatible servers often want no key, but the SDK wants a credential.
    private static ApiKeyCredential Credential(string? key) => new(string.IsNullOrEmpty(key) ? "no-key" : key);

    private static OpenAIClientOptions OpenAiOptions(LlmProfile profile, HttpClient http)
    {
        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = profile.Timeout,
        };
        if (profile.Endpoint is { } endpoint)
        {
            options.Endpoint = endpoint;
        }

        return options;
    }

    private static IChatClient Anthropic(LlmProfile profile, string key, HttpClient http)
    {
        var options = new ClientOptions
        {
            ApiKey = key,
            HttpClient = http,
            MaxRetries = 0,
            Timeout = profile.Timeout,
        };
        if (profile.Endpoint is { } endpoint)
        {
            options.BaseUrl = endpoint.ToString().TrimEnd('/');
        }

        return new AnthropicClient(options).AsIChatClient(profile.Model, profile.MaxOutputTokens);
    }

    private static OllamaApiClient Ollama(LlmProfile profile, string model, HttpClient http)
    {
        http.BaseAddress = profile.Endpoint ?? new Uri("http://localhost:11434");
        return new OllamaApiClient(http, model);
    }
}

/// <summary>Registration of the second opinion's plumbing.</summary>
public static class SecondOpinionServices
{
    /// <summary>The named HttpClient the providers use (with the recorder that keeps raw answers and wait hints) and the client builder.</summary>
    public static IServiceCollection AddSecondOpinion(this IServiceCollection services)
    {
        services.AddHttpClient(LlmChatClients.HttpClientName)
            .AddHttpMessageHandler(sp => new ProviderCallRecorder(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton(sp => new LlmChatClients(sp.GetRequiredService<IHttpClientFactory>()));
        return services;
    }
}
