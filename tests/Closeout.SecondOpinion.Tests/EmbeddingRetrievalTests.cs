using System.Text.Json.Nodes;
using Closeout.SecondOpinion.Grounding;
using Closeout.SecondOpinion.Tests.Support;

namespace Closeout.SecondOpinion.Tests;

/// <summary>
/// Catalog retrieval with the provider's embeddings, over each embeddings wire against a loopback server: what meaning
/// finds joins the candidates, the catalog is embedded once per version, and a failing endpoint leaves the words' ranking.
/// </summary>
public sealed class EmbeddingRetrievalTests
{
    public static TheoryData<Wire> EmbeddingWires => [Wire.OpenAI, Wire.Ollama];

    private const string NoChanges = """{"proposals":[],"flags":[],"descriptions":[]}""";

    [Theory]
    [MemberData(nameof(EmbeddingWires))]
    public async Task An_item_only_meaning_finds_joins_the_candidates_and_the_catalog_is_embedded_once(Wire wire)
    {
        await using var llm = await Harness.StartAsync();
        var options = Options(llm, wire);
        var lexical = LexicalCandidates(options);
        var meant = Shop.Catalog.Items.First(i => lexical.All(c => c != i.Id));
        var reviewer = llm.Reviewer(options);

        llm.Stub.Then(Recorded.Embeddings(wire, text => text.StartsWith(meant.Name, StringComparison.Ordinal) ? [1f, 0f] : [0f, 1f]));
        llm.Stub.Then(Recorded.Embeddings(wire, _ => [1f, 0f]));
        Recorded.Enqueue(llm.Stub, wire, NoChanges);
        var first = await reviewer.ReviewAsync("acct-1", Shop.Job(), Shop.Engine, Shop.Engine.Draft(Shop.Job()), [], CancellationToken.None);

        var sent = Candidates(llm.Stub.Requests[^1].Body);
        Assert.Contains(meant.Id, sent);
        Assert.DoesNotContain(meant.Id, lexical);
        Assert.StartsWith("lexical and embeddings (embed-model)", first.Retrieval, StringComparison.Ordinal);
        var embedPath = wire == Wire.Ollama ? "/api/embed" : "/v1/embeddings";
        Assert.Equal([embedPath, embedPath], llm.Stub.Requests.Take(2).Select(r => r.Path));
        var embedded = first.Calls.Where(c => c.Model == "embed-model").ToList();
        Assert.Equal([10L * Shop.Catalog.Items.Count, 10L], embedded.Select(c => c.InputTokens!.Value));
        Assert.Equal(10L * (Shop.Catalog.Items.Count + 1) * 0.02m / 1_000_000m, embedded.Sum(c => c.EstimatedCost!.Value));
        Assert.Equal(first.Cost, await llm.Budget.SpentAsync("acct-1", Month(), CancellationToken.None));
        Assert.All(embedded, c => Assert.StartsWith("embedded:", c.Outcome, StringComparison.Ordinal));

        // The next job with the same catalog embeds only its own text.
        llm.Stub.Then(Recorded.Embeddings(wire, _ => [0f, 1f]));
        Recorded.Enqueue(llm.Stub, wire, NoChanges);
        var job = Shop.Job() with { Id = "J-43" };
        await reviewer.ReviewAsync("acct-1", job, Shop.Engine, Shop.Engine.Draft(job), [], CancellationToken.None);

        Assert.Equal(5, llm.Stub.Requests.Count);
        Assert.Equal(embedPath, llm.Stub.Requests[3].Path);
        Assert.Equal(1, JsonNode.Parse(llm.Stub.Requests[3].Body)!["input"] is JsonArray inputs ? inputs.Count : 1);
        Assert.DoesNotContain(meant.Id, Candidates(llm.Stub.Requests[^1].Body));
    }

    [Theory]
    [MemberData(nameof(EmbeddingWires))]
    public async Task A_failing_embeddings_endpoint_leaves_the_lexical_candidates_and_records_why(Wire wire)
    {
        await using var llm = await Harness.StartAsync();
        var options = Options(llm, wire);
        llm.Stub.Then(Recorded.ServerError(wire));
        Recorded.Enqueue(llm.Stub, wire, NoChanges);

        var result = await llm.ReviewAsync(options);

        Assert.Equal(SecondOpinionOutcome.NoChanges, result.Outcome);
        Assert.Equal(LexicalCandidates(options), Candidates(llm.Stub.Requests[^1].Body));
        Assert.StartsWith("lexical only: the embeddings endpoint answered 500", result.Retrieval, StringComparison.Ordinal);
        var failed = Assert.Single(result.Calls, c => c.Model == "embed-model");
        Assert.StartsWith("embeddings failed: the embeddings endpoint answered 500", failed.Outcome, StringComparison.Ordinal);
        Assert.Contains(failed, llm.Audit.Records);
    }

    [Fact]
    public async Task A_provider_without_embeddings_keeps_retrieval_lexical_and_says_so()
    {
        await using var llm = await Harness.StartAsync();
        var options = Options(llm, Wire.Anthropic);
        Recorded.Enqueue(llm.Stub, Wire.Anthropic, NoChanges);

        var result = await llm.ReviewAsync(options);

        Assert.Equal("lexical: anthropic offers no embeddings; retrieval stays lexical.", result.Retrieval);
        Assert.Single(llm.Stub.Requests);
    }

    private static SecondOpinionOptions Options(Harness llm, Wire wire)
    {
        var options = llm.Options(wire, SecondOpinionMode.Suggest);
        options.Profile.EmbeddingModel = "embed-model";
        options.Prices["embed-model"] = new Providers.ModelPrice { InputPerMillion = 0.02m };
        var draft = Shop.Engine.Draft(Shop.Job());
        var pinned = Retrieval.Candidates(Shop.Catalog, Shop.Job(), draft, 1, []).Count;
        options.CatalogCandidates = pinned + 2;
        return options;
    }

    private static List<string> LexicalCandidates(SecondOpinionOptions options) =>
        [.. Retrieval.Candidates(Shop.Catalog, Shop.Job(), Shop.Engine.Draft(Shop.Job()), options.CatalogCandidates).Select(i => i.Id)];

    /// <summary>The candidate ids in the job-data block of the user message the provider received (OpenAI or Ollama chat).</summary>
    private static List<string> Candidates(string chatRequest)
    {
        var user = JsonNode.Parse(chatRequest)!["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!;
        var text = user is JsonArray parts ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())) : user.GetValue<string>();
        var start = text.IndexOf("<job-data>", StringComparison.Ordinal) + "<job-data>".Length;
        var data = JsonNode.Parse(text[start..text.IndexOf("</job-data>", StringComparison.Ordinal)])!;
        return [.. data["candidates"]!.AsArray().Select(c => c!["id"]!.GetValue<string>())];
    }

    private static DateOnly Month()
    {
        var now = TimeProvider.System.GetUtcNow();
        return new DateOnly(now.Year, now.Month, 1);
    }

}
