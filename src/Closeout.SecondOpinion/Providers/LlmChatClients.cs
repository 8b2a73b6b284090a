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

    public ChatClientResult Create(LlmProfile profile)
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

        var key = profile.KeyVariable is { } variable ? _environment(variable) : null;
        if (kind is LlmProvider.OpenAI or LlmProvider.Anthropic && string.IsNullOrEmpty(key))
        {
            return new(null, $"No API key: set the environment variable {profile.KeyVariable}.");
        }

        if (kind is LlmProvider.OpenAICompatible && profile.Endpoint is null)
        {
            return new(null, "An openai-compatible profile needs an endpoint (the server's /v1 address).");
        }

        var http = httpClients.CreateClient(HttpClientName);

        // The caller's deadline decides; the HttpClient only must not cut in first.
        http.Timeout = profile.Timeout + TimeSpan.FromSeconds(5);
        return new(kind switch
        {
            LlmProvider.OpenAI or LlmProvider.OpenAICompatible => OpenAi(profile, key, http),
            LlmProvider.Anthropic => Anthropic(profile, key!, http),
            _ => Ollama(profile, http),
        }, null);
    }

    private static IChatClient OpenAi(LlmProfile profile, string? key, HttpClient http)
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

        // Local OpenAI-compatible servers often want no key, but the SDK wants a credential.
        var credential = new ApiKeyCredential(string.IsNullOrEmpty(key) ? "no-key" : key);
        return new OpenAI.Chat.ChatClient(profile.Model, credential, options).AsIChatClient();
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

    private static OllamaApiClient Ollama(LlmProfile profile, HttpClient http)
    {
        http.BaseAddress = profile.Endpoint ?? new Uri("http://localhost:11434");
        return new OllamaApiClient(http, profile.Model);
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
