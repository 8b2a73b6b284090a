using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Closeout.Features.Evaluation;

namespace Closeout.Tests.Features.Evaluation;

/// <summary><c>closeout eval --llm PROFILE</c> against an OpenAI-compatible server on loopback.</summary>
public sealed class LlmEvaluationCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_llm_lines_come_before_the_engine_line_which_stays_last()
    {
        using var server = OpenAiStub.Start("""{"proposals":[],"flags":[],"descriptions":[]}""");
        var settings = Settings(server.Endpoint);

        var run = await Closeout("eval", "--dataset", Path.Combine(Repo.Dataset, "evergreen"), "--out", _temp.File("p.jsonl"), "--llm", "local", "--llm-settings", settings);

        Assert.True(run.Exit == 0, run.Err);
        var lines = run.Out.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Matches(@"^engine: itemF1=\d\.\d{3} qtyF1=\d\.\d{3} jobExact=\d\.\d{3} totalExact=\d\.\d{3} flagF1=\d\.\d{3}$", lines[^1]);
        Assert.Matches(@"^llm: itemF1=\d\.\d{3} qtyF1=\d\.\d{3} jobExact=\d\.\d{3} totalExact=\d\.\d{3} flagF1=\d\.\d{3}$", lines[^2]);
        Assert.Equal("llm effect: itemF1=+0.000 qtyF1=+0.000 jobExact=+0.000 totalExact=+0.000 flagF1=+0.000", lines[^3]);
        Assert.Matches(@"^llm cost: 0\.\d{4} in all, 0\.\d{4} per job$", lines[^4]);
        var jobs = Directory.GetFiles(Path.Combine(Repo.Dataset, "evergreen", "jobs"), "*.json").Length;
        Assert.StartsWith($"llm local: {jobs} jobs reviewed; proposals 0 accepted, 0 rejected, 0 changed nothing; outcomes no_changes {jobs}", lines[^5], StringComparison.Ordinal);
        Assert.Equal(jobs, server.Requests);
    }

    [Fact]
    public async Task An_unknown_profile_fails_before_drafting()
    {
        var settings = Settings(new Uri("http://127.0.0.1:9/v1/"));

        var run = await Closeout("eval", "--dataset", Path.Combine(Repo.Dataset, "evergreen"), "--out", _temp.File("p.jsonl"), "--llm", "nope", "--llm-settings", settings);

        Assert.Equal(2, run.Exit);
        Assert.Contains("No profile 'nope'", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_naming_a_stored_secret_uses_it_and_a_missing_one_says_how_to_store_it()
    {
        var path = _temp.File("hosted.json");
        File.WriteAllText(path, """
            { "SecondOpinion": { "Profiles": { "hosted": { "Provider": "openai", "Model": "gpt-4.1-mini", "ApiKeySecret": "eval-key" } } } }
            """);
        var asked = new List<string>();

        var (found, _) = LlmEvaluation.Create("hosted", path, name =>
        {
            asked.Add(name);
            return "sk-from-the-store";
        });
        using var disposeFound = found;
        var (missing, problem) = LlmEvaluation.Create("hosted", path, _ => null);

        Assert.NotNull(found);
        Assert.Equal(["eval-key"], asked);
        Assert.Null(missing);
        Assert.Contains("closeout secrets set eval-key", problem, StringComparison.Ordinal);
    }

    private string Settings(Uri endpoint)
    {
        var path = _temp.File("appsettings.json");
        File.WriteAllText(path, $$"""
            {
              "SecondOpinion": {
                "Prices": { "stub-model": { "InputPerMillion": 1.0, "OutputPerMillion": 2.0 } },
                "Profiles": {
                  "local": { "Provider": "openai-compatible", "Model": "stub-model", "Endpoint": "{{endpoint}}", "Timeout": "00:00:10" }
                }
              }
            }
            """);
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> Closeout(params string[] args)
    {
        var closeout = new RootCommand().AddEvaluation();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await closeout.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Answers every chat completion with the same model text, as OpenAI's wire format has it.</summary>
    private sealed class OpenAiStub : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _body;
        private int _requests;

        private OpenAiStub(int port, string modelText)
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/v1/");
            _body = $$"""
                {"id":"chatcmpl-1","object":"chat.completion","created":1760000000,"model":"stub-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":{{System.Text.Json.JsonSerializer.Serialize(modelText)}},"refusal":null},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1000,"completion_tokens":20,"total_tokens":1020} }
                """;
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public Uri Endpoint { get; }

        public int Requests => Volatile.Read(ref _requests);

        public static OpenAiStub Start(string modelText)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new OpenAiStub(port, modelText);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    await reader.ReadToEndAsync();
                }

                Interlocked.Increment(ref _requests);
                var bytes = Encoding.UTF8.GetBytes(_body);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
