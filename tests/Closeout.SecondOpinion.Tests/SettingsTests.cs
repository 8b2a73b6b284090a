using Closeout.SecondOpinion.Providers;

namespace Closeout.SecondOpinion.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void A_profile_comes_from_the_environment_alone()
    {
        var env = new Dictionary<string, string?>
        {
            ["CLOSEOUT_SecondOpinion__Profiles__claude__Provider"] = "anthropic",
            ["CLOSEOUT_SecondOpinion__Profiles__claude__Model"] = "claude-sonnet-4-5",
            ["CLOSEOUT_SecondOpinion__Profiles__claude__Timeout"] = "00:00:20",
            ["CLOSEOUT_SecondOpinion__Prices__claude-sonnet-4-5__InputPerMillion"] = "3",
            ["CLOSEOUT_SecondOpinion__MonthlyBudget"] = "25",
            ["HOME"] = "/root",
        };

        var result = LlmSettings.Load("claude", null, env);

        Assert.Null(result.Problem);
        var options = result.Options!;
        Assert.Equal(LlmProvider.Anthropic, options.Profile.Kind);
        Assert.Equal("ANTHROPIC_API_KEY", options.Profile.KeyVariable);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Profile.Timeout);
        Assert.Equal(0f, options.Profile.Temperature);
        Assert.Equal(3m, options.Prices["claude-sonnet-4-5"].InputPerMillion);
        Assert.Equal(25m, options.MonthlyBudget);
    }

    [Fact]
    public void The_environment_overrides_the_settings_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"llm-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"SecondOpinion":{"Profiles":{"local":{"Provider":"ollama","Model":"llama3.1","Endpoint":"http://127.0.0.1:11434"}}}}""");
        try
        {
            var result = LlmSettings.Load("local", file, [new("CLOSEOUT_SecondOpinion__Profiles__local__Model", "qwen2.5")]);

            Assert.Equal("qwen2.5", result.Options!.Profile.Model);
            Assert.Equal(new Uri("http://127.0.0.1:11434"), result.Options.Profile.Endpoint);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("""{"SecondOpinion":{"Profiles":{"x":{"Provider":"bard","Model":"m"}}}}""", "unknown provider")]
    [InlineData("""{"SecondOpinion":{"Profiles":{"x":{"Provider":"openai"}}}}""", "invalid")]
    [InlineData("""{"SecondOpinion":{"Profiles":{"y":{"Provider":"openai","Model":"m"}}}}""", "No profile 'x'")]
    public void A_bad_profile_says_what_is_wrong(string json, string problem)
    {
        var file = Path.Combine(Path.GetTempPath(), $"llm-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            Assert.Contains(problem, LlmSettings.Load("x", file, []).Problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
