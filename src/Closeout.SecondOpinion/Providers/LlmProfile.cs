using System.ComponentModel.DataAnnotations;

namespace Closeout.SecondOpinion.Providers;

/// <summary>Which wire protocol a profile speaks.</summary>
public enum LlmProvider
{
    /// <summary>OpenAI's chat completions at api.openai.com (or <see cref="LlmProfile.Endpoint"/>).</summary>
    OpenAI,

    /// <summary>Any server that speaks OpenAI's chat completions: vLLM, LM Studio, llama.cpp server, Azure OpenAI. Needs an endpoint.</summary>
    OpenAICompatible,

    /// <summary>Anthropic's messages API.</summary>
    Anthropic,

    /// <summary>Ollama's /api/chat. Needs an endpoint (http://localhost:11434 by default).</summary>
    Ollama,
}

/// <summary>
/// One model a business may ask for a second opinion: who serves it and how long and how much it may talk. The key
/// itself never sits in configuration: <see cref="ApiKeySecret"/> names it in Closeout's secret store, or
/// <see cref="ApiKeyVariable"/> names the environment variable that holds it.
/// </summary>
public sealed class LlmProfile
{
    /// <summary><c>openai</c>, <c>openai-compatible</c>, <c>anthropic</c> or <c>ollama</c>.</summary>
    [Required]
    public string Provider { get; set; } = "openai";

    /// <summary>The parsed <see cref="Provider"/>; null when it names none.</summary>
    public LlmProvider? Kind => ParseProvider(Provider);

    [Required]
    public string Model { get; set; } = string.Empty;

    /// <summary>The server's base address; null for the provider's public one.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The name of the key in Closeout's secret store (<c>closeout secrets set NAME</c>); when set, it is used instead of any environment variable.</summary>
    public string? ApiKeySecret { get; set; }

    /// <summary>The environment variable holding the key; null for the provider's usual one (OPENAI_API_KEY, ANTHROPIC_API_KEY).</summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary>
    /// The provider's embedding model (OpenAI or compatible: /v1/embeddings; Ollama: /api/embed); null keeps retrieval
    /// lexical. With it, catalog candidates are ranked by words and by meaning together.
    /// </summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>The longest one embeddings call may take before retrieval falls back to words alone (within <see cref="Timeout"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan EmbeddingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest the pipeline waits for one answer, re-ask included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(64, 32_000)]
    public int MaxOutputTokens { get; set; } = 2_000;

    /// <summary>The model accepts images: the job's note photos are sent with the prompt, by URL, as image content.</summary>
    public bool Vision { get; set; }

    /// <summary>The most note images sent with one job (the latest notes' first).</summary>
    [Range(0, 50)]
    public int MaxImages { get; set; } = 8;

    /// <summary>0: the same job should get the same opinion.</summary>
    [Range(0.0, 2.0)]
    public float Temperature { get; set; }

    /// <summary>The key's environment variable, or the provider's usual one.</summary>
    public string? KeyVariable => ApiKeyVariable ?? Kind switch
    {
        LlmProvider.OpenAI => "OPENAI_API_KEY",
        LlmProvider.Anthropic => "ANTHROPIC_API_KEY",
        _ => null,
    };

    /// <summary>Names as configuration spells them: <c>openai</c>, <c>openai-compatible</c>, <c>anthropic</c>, <c>ollama</c>.</summary>
    public static LlmProvider? ParseProvider(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "OPENAI" => LlmProvider.OpenAI,
        "OPENAI-COMPATIBLE" or "OPENAICOMPATIBLE" or "OPENAI_COMPATIBLE" => LlmProvider.OpenAICompatible,
        "ANTHROPIC" => LlmProvider.Anthropic,
        "OLLAMA" => LlmProvider.Ollama,
        _ => null,
    };
}

/// <summary>What a model charges, in the account's currency per million tokens.</summary>
public sealed class ModelPrice
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m;
}
