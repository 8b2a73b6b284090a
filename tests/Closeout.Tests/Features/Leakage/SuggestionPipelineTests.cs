using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Leakage;
using Closeout.Features.Leakage;
using Closeout.Tests.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Closeout.Tests.Features.Leakage;

/// <summary>Suggestions made with the draft by the real pipeline, stored with it, returned by the drafts API and decided by a person.</summary>
public abstract class SuggestionPipelineTests
{
    protected abstract Provider Provider { get; }

    [Fact]
    public async Task A_drafted_job_carries_the_suggestions_of_its_business_history_and_a_rejection_is_counted_against_its_rules()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "evergreen");
        var (job, expected) = await FirstJobWithSuggestionsAsync(pipeline);

        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        var stored = await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);

        // The same suggestions the pure advisor makes for the engine's draft, as review suggestions beside the lines.
        Assert.Equal(expected.Select(s => (s.ItemId, s.Value, s.Reason)), stored.Draft.Suggestions.Select(s => (s.ItemId, s.Value, s.Reason)));
        Assert.All(stored.Draft.Suggestions, s => Assert.DoesNotContain(stored.Draft.Lines, l => l.ItemId == s.ItemId));
        Assert.All(stored.Draft.Suggestions, s => Assert.Equal(s.Rule.BothCount, s.Rule.Supporting.Count));
        Assert.Equal(stored.Draft.Lines.Sum(l => l.Total), stored.Draft.Subtotal);

        var suggestion = stored.Draft.Suggestions[0];
        using var rejected = await pipeline.Closeout.Http.PostAsJsonAsync($"/api/drafts/{Uri.EscapeDataString(job.Id)}/suggestions/{suggestion.ItemId}/reject", new { by = "office@example.test" });
        using var again = await pipeline.Closeout.Http.PostAsJsonAsync($"/api/drafts/{Uri.EscapeDataString(job.Id)}/suggestions/{suggestion.ItemId}/accept", new { by = "office@example.test" });
        using var unknown = await pipeline.Closeout.Http.PostAsJsonAsync($"/api/drafts/{Uri.EscapeDataString(job.Id)}/suggestions/NOT-SUGGESTED/reject", new { by = "x" });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var feedback = await pipeline.Closeout.Services.GetRequiredService<SuggestionFeedback>().FeedbackAsync(job.AccountId, CancellationToken.None);
        Assert.All(suggestion.RuleKeys, k => Assert.Equal(1, feedback.RejectionsByRule[k]));
        var after = (await pipeline.Closeout.DraftAsync(job.Id))!.Draft.Suggestions;
        Assert.Equal(stored.Draft.Suggestions.Count, after.Count);
    }

    [Fact]
    public async Task An_invoice_is_learned_by_the_history_when_Jobber_says_it_was_sent()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "evergreen");
        var (job, _) = await FirstJobWithSuggestionsAsync(pipeline);
        var account = (await pipeline.Closeout.Services.GetRequiredService<Closeout.Features.Accounts.AccountStore>().FindAsync(job.AccountId, CancellationToken.None))!;
        var miner = pipeline.Closeout.Services.GetRequiredService<LeakageAdvisors>().For(account)!.Miner;
        var before = miner.Invoices;

        await pipeline.Sandbox.CompleteJobAsync(job.Id);
        await pipeline.Closeout.WaitForInvoicedDraftAsync(job.Id);
        await Task.Delay(300);
        Assert.Equal(before, miner.Invoices); // written to Jobber as a draft: nothing sent yet

        await pipeline.Sandbox.SendInvoiceAsync(job.AccountId, (await pipeline.Sandbox.InvoicesAsync(job.Id)).Single().Id);
        for (var waited = 0; miner.Invoices == before && waited < 15_000; waited += 50)
        {
            await Task.Delay(50);
        }

        Assert.Equal(before + 1, miner.Invoices);
        var stored = (await pipeline.Closeout.DraftAsync(job.Id))!.Draft;
        var rule = miner.Rule(new JobFeature(FeatureKind.Item, stored.Lines[0].ItemId), stored.Lines[^1].ItemId)!;
        Assert.Contains(rule.Supporting, i => i.Key == job.Id);
    }

    [Fact]
    public async Task The_rules_endpoint_explains_every_rule_with_its_invoices()
    {
        await using var pipeline = await Pipeline.StartAsync(Provider, "evergreen");
        var account = (await pipeline.Sandbox.AccountsAsync())[0];

        var rules = await pipeline.Closeout.Http.GetFromJsonAsync<JsonElement>($"/api/leakage/{Uri.EscapeDataString(account.Id)}/rules?minSupport=2&minConfidence=0.5");

        Assert.True(rules.GetArrayLength() > 0);
        foreach (var rule in rules.EnumerateArray())
        {
            var view = rule.GetProperty("rule");
            Assert.Equal(view.GetProperty("bothCount").GetInt32(), view.GetProperty("supporting").GetArrayLength());
            Assert.Equal(view.GetProperty("antecedentCount").GetInt32() - view.GetProperty("bothCount").GetInt32(), view.GetProperty("against").GetArrayLength());
            Assert.StartsWith($"{view.GetProperty("bothCount").GetInt32()} of the {view.GetProperty("antecedentCount").GetInt32()} ", rule.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>The first dataset job whose engine draft the business's history has a suggestion for (computed, not named).</summary>
    internal static async Task<(JobberJobSummary Job, IReadOnlyList<LeakageSuggestion> Expected)> FirstJobWithSuggestionsAsync(Pipeline pipeline)
    {
        var jobs = await pipeline.Sandbox.JobsAsync();
        var accountId = jobs[0].AccountId;
        var folder = new BusinessFolder(pipeline.Folders[accountId]);
        var business = LoadedBusiness.Load(folder);
        var advisor = new LeakageAdvisor(business.Catalog, business.Policy, new HistoryMiner(business.History.Select(LeakageAblation.ToSent)));
        var engine = new BusinessEngineFactory().Create(folder);
        foreach (var @case in DatasetReader.ReadCases(folder.JobsPath))
        {
            var suggestions = advisor.Suggest(@case.Job, engine.Draft(@case.Job).Lines.Select(l => l.ItemId));
            if (suggestions.Count > 0 && jobs.FirstOrDefault(j => j.JobNumber == @case.Job.JobNumber) is { } job)
            {
                return (new JobberJobSummary(job.Id, job.AccountId), suggestions);
            }
        }

        throw new InvalidOperationException("no job of the business gets a suggestion; the test needs one");
    }

    internal sealed record JobberJobSummary(string Id, string AccountId);
}

public sealed class SqliteSuggestionPipelineTests : SuggestionPipelineTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresSuggestionPipelineTests : SuggestionPipelineTests
{
    protected override Provider Provider => Provider.Postgres;
}
