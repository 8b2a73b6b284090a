using System.Text.Json;
using System.Text.Json.Nodes;

namespace Closeout.Testing.ProviderFakes;

public enum Wire
{
    OpenAI,
    Anthropic,
    Ollama,
}

/// <summary>Answers as each provider sends them (shapes recorded from the real APIs), carrying a given model text.</summary>
internal static class Recorded
{
    public static Reply Answer(Wire wire, string modelText) => wire switch
    {
        Wire.OpenAI => new Reply(200, $$"""
            {"id":"chatcmpl-rec1","object":"chat.completion","created":1760000000,"model":"gpt-4.1-mini-2025-04-14",
             "choices":[{"index":0,"message":{"role":"assistant","content":{{Json(modelText)}},"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1200,"completion_tokens":150,"total_tokens":1350},"service_tier":"default","system_fingerprint":"fp_rec"}
            """),
        Wire.Anthropic => new Reply(200, $$"""
            {"id":"msg_rec1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":{{Json(modelText)}} }],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1200,"output_tokens":150} }
            """),
        _ => throw new ArgumentOutOfRangeException(nameof(wire)),
    };

    /// <summary>Ollama frames by the request's stream flag: NDJSON chunks, or one object.</summary>
    public static Func<string, Reply> OllamaAnswer(string modelText) => request =>
    {
        var stream = JsonNode.Parse(request)?["stream"]?.GetValue<bool>() ?? true;
        const string head = "\"model\":\"llama3.1:8b\",\"created_at\":\"2025-10-01T12:00:00.000000Z\"";
        if (!stream)
        {
            return new Reply(200, $$"""{{{head}},"message":{"role":"assistant","content":{{Json(modelText)}} },"done":true,"done_reason":"stop","total_duration":1000,"prompt_eval_count":1200,"eval_count":150}""");
        }

        var half = modelText.Length / 2;
        var lines = new[]
        {
            $$"""{{{head}},"message":{"role":"assistant","content":{{Json(modelText[..half])}} },"done":false}""",
            $$"""{{{head}},"message":{"role":"assistant","content":{{Json(modelText[half..])}} },"done":false}""",
            $$"""{{{head}},"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":1000,"prompt_eval_count":1200,"eval_count":150}""",
        };
        return new Reply(200, string.Join('\n', lines) + "\n", "application/x-ndjson");
    };

    public static void Enqueue(ProviderStub stub, Wire wire, string modelText)
    {
        if (wire == Wire.Ollama)
        {
            stub.Then(OllamaAnswer(modelText));
        }
        else
        {
            stub.Then(Answer(wire, modelText));
        }
    }

    public static Reply Refusal(Wire wire) => wire switch
    {
        Wire.OpenAI => new Reply(200, """
            {"id":"chatcmpl-rec2","object":"chat.completion","created":1760000000,"model":"gpt-4.1-mini-2025-04-14",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I'm sorry, I can't help with that request.","annotations":[]},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1200,"completion_tokens":12,"total_tokens":1212}}
            """),
        Wire.Anthropic => new Reply(200, """
            {"id":"msg_rec2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],
             "stop_reason":"refusal","stop_sequence":null,"usage":{"input_tokens":1200,"output_tokens":0}}
            """),
        _ => new Reply(200, """{"model":"llama3.1:8b","created_at":"2025-10-01T12:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":1200,"eval_count":0}""", "application/x-ndjson"),
    };

    public static Reply RateLimited(Wire wire) => new(
        429,
        wire == Wire.Anthropic
            ? """{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"""
            : """{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}""",
        Headers: new Dictionary<string, string> { ["Retry-After"] = "7" });

    public static Reply ServerError(Wire wire) => new(
        500,
        wire == Wire.Anthropic
            ? """{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"""
            : """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""");

    /// <summary>
    /// An embeddings answer on the wire the request came in on: OpenAI's /v1/embeddings (floats, or base64 little-endian
    /// floats when the request asks for encoding_format base64, as the .NET SDK does) or Ollama's /api/embed. Ten
    /// tokens are counted per text.
    /// </summary>
    public static Func<string, Reply> Embeddings(Wire wire, Func<string, float[]> vectorOf) => request =>
    {
        var body = JsonNode.Parse(request)!;
        var input = body["input"] is JsonArray array ? array.Select(t => t!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var vectors = input.Select(vectorOf).ToList();
        if (wire == Wire.Ollama)
        {
            return new Reply(200, new JsonObject
            {
                ["model"] = body["model"]?.GetValue<string>(),
                ["embeddings"] = new JsonArray([.. vectors.Select(v => (JsonNode)new JsonArray([.. v.Select(x => (JsonNode)x)]))]),
                ["total_duration"] = 1000,
                ["load_duration"] = 10,
                ["prompt_eval_count"] = 10 * input.Count,
            }.ToJsonString());
        }

        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        return new Reply(200, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. vectors.Select((v, i) => (JsonNode)new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = base64 ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan())) : new JsonArray([.. v.Select(x => (JsonNode)x)]),
            })]),
            ["model"] = body["model"]?.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10 * input.Count, ["total_tokens"] = 10 * input.Count },
        }.ToJsonString());
    };

    private static string Json(string text) => JsonSerializer.Serialize(text);
}
