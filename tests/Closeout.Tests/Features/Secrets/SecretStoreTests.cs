using System.Collections.Concurrent;
using System.Text.Json;
using Closeout.Drafting.Catalogs;
using Closeout.Features.SecondOpinion;
using Closeout.Features.Secrets;
using Closeout.Infrastructure.Persistence;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closeout.Tests.Features.Secrets;

/// <summary>
/// <c>closeout secrets</c> over the real service's database on both providers, and a stored key in the real pipeline: it
/// reaches the provider's Authorization header and nowhere else (logs, llm_calls, the API, the stored draft).
/// </summary>
public sealed class SecretStoreTests
{
    public static TheoryData<Provider> Providers => [Provider.Sqlite, Provider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Set_list_and_remove_round_trip_with_the_value_read_from_stdin_and_stored_encrypted(Provider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await Sandbox.StartAsync([]);
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string>());
        const string value = "sk-proj-roundtrip-0123456789abcdef";

        var (set, setOutput) = await RunAsync(closeout, value + "\n", "set", "openai-key");
        var (list, listOutput) = await RunAsync(closeout, "", "list");
        var store = closeout.Services.GetRequiredService<SecretStore>();
        var read = await store.FindAsync("openai-key", CancellationToken.None);
        var stored = await RawValueAsync(closeout, "openai-key");

        Assert.Equal((0, 0), (set, list));
        Assert.Equal(value, read);
        Assert.NotNull(stored);
        Assert.DoesNotContain(value, stored, StringComparison.Ordinal);
        Assert.Contains("openai-key", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(value, setOutput + listOutput, StringComparison.Ordinal);

        // Set again replaces; a value on the command line is refused and stores nothing.
        Assert.Equal(0, (await RunAsync(closeout, "sk-second\r\n", "set", "openai-key")).Exit);
        Assert.Equal("sk-second", await store.FindAsync("openai-key", CancellationToken.None));
        Assert.NotEqual(0, (await RunAsync(closeout, "", "set", "argv-key", "sk-from-argv")).Exit);
        Assert.NotEqual(0, (await RunAsync(closeout, "", "set", "empty-key")).Exit);
        Assert.Equal(["openai-key"], (await store.ListAsync(CancellationToken.None)).Select(s => s.Name));

        var (removed, _) = await RunAsync(closeout, "", "remove", "openai-key");
        var (again, _) = await RunAsync(closeout, "", "remove", "openai-key");
        Assert.Equal((0, 1), (removed, again));
        Assert.Null(await store.FindAsync("openai-key", CancellationToken.None));
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_stored_key_reaches_the_providers_Authorization_header_and_never_the_logs_the_audit_the_API_or_the_draft()
    {
        const string first = "sk-proj-stored-FIRST-7f3a9c1e5b2d4f60";
        const string second = "sk-proj-stored-SECOND-0a1b2c3d4e5f6789";
        var logs = new ConcurrentQueue<string>();
        await using var llm = await ProviderStub.StartAsync();
        var name = CatalogLoader.LoadOrThrow(Path.Combine(Repo.Dataset, "cascade", "catalog.json")).Business;
        await using var pipeline = await Pipeline.StartAsync(Provider.Sqlite, ["cascade"], new Dictionary<string, string?>
        {
            ["SecondOpinion:Profiles:hosted:Provider"] = "openai",
            ["SecondOpinion:Profiles:hosted:Model"] = "gpt-4.1-mini",
            ["SecondOpinion:Profiles:hosted:Endpoint"] = new Uri(llm.BaseAddress, "v1/").ToString(),
            ["SecondOpinion:Profiles:hosted:ApiKeySecret"] = "openai-key",
            ["SecondOpinion:Accounts:0:Account"] = name,
            ["SecondOpinion:Accounts:0:Mode"] = "suggest",
            ["SecondOpinion:Accounts:0:Profile"] = "hosted",
        }, null, builder =>
        {
            builder.Logging.AddProvider(new CapturingLoggerProvider(logs));
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        });
        var jobs = (await pipeline.Sandbox.JobsAsync()).Where(j => j.JobStatus != "archived" && pipeline.IsDatasetJob(j.AccountId, j.JobNumber)).Take(2).ToList();
        Assert.Equal(0, (await RunAsync(pipeline.Closeout, first, "set", "openai-key")).Exit);

        // The provider refuses the first key, echoing part of it as OpenAI does; the second key is accepted.
        llm.Then(new Reply(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{first[..8]}}}****{{{first[^4..]}}}.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"""));
        await pipeline.Sandbox.CompleteJobAsync(jobs[0].Id);
        var refused = await pipeline.Closeout.WaitForInvoicedDraftAsync(jobs[0].Id);
        Assert.Equal(0, (await RunAsync(pipeline.Closeout, second, "set", "openai-key")).Exit);
        Recorded.Enqueue(llm, Wire.OpenAI, """{"proposals":[],"flags":[],"descriptions":[]}""");
        await pipeline.Sandbox.CompleteJobAsync(jobs[1].Id);
        var answered = await pipeline.Closeout.WaitForInvoicedDraftAsync(jobs[1].Id);

        Assert.Equal([$"Bearer {first}", $"Bearer {second}"], llm.Requests.Select(r => r.Headers["Authorization"]));
        Assert.Equal(("ProviderError", "NoChanges"), (refused.Draft.SecondOpinion!.Outcome, answered.Draft.SecondOpinion!.Outcome));
        Assert.Contains("check the key", refused.Draft.SecondOpinion.Reason, StringComparison.Ordinal);
        var calls = pipeline.Closeout.Services.GetRequiredService<LlmCallStore>();
        var rows = (await calls.ForDraftAsync(refused.Id, CancellationToken.None)).Concat(await calls.ForDraftAsync(answered.Id, CancellationToken.None)).ToList();
        Assert.Equal(2, rows.Count);
        var everywhere = string.Join('\n',
            JsonSerializer.Serialize(rows),
            await pipeline.Closeout.Http.GetStringAsync($"/api/drafts/{Uri.EscapeDataString(jobs[0].Id)}/llm-calls"),
            await pipeline.Closeout.Http.GetStringAsync($"/api/drafts/{Uri.EscapeDataString(jobs[0].Id)}"),
            await pipeline.Closeout.Http.GetStringAsync($"/api/drafts/{Uri.EscapeDataString(jobs[1].Id)}"),
            string.Join('\n', logs));
        Assert.NotEmpty(logs);
        foreach (var key in new[] { first, second })
        {
            Assert.DoesNotContain(key, everywhere, StringComparison.Ordinal);
            Assert.DoesNotContain(key[8..^4], everywhere, StringComparison.Ordinal);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(CloseoutServer closeout, string stdin, params string[] args)
    {
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(SecretsCommand.Create(() => closeout.Services, () => new StringReader(stdin)));
        using var output = new StringWriter();
        var exit = await root.Parse(["secrets", .. args]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    private static async Task<string?> RawValueAsync(CloseoutServer closeout, string name)
    {
        await using var connection = await closeout.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync("SELECT value FROM secrets WHERE name = @name", null, r => r.String("value"), CancellationToken.None, ("name", name));
        return rows.Count == 0 ? null : rows[0];
    }
}
