using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Features.Review;
using Closeout.Tests.Service;

namespace Closeout.Tests.Features.SecondOpinion;

/// <summary>
/// The account's own invoice history reaches the model through the real pipeline: invoices the office sent from Jobber and
/// drafts a person approved in Closeout, the most similar to the job shown, an unrelated one not.
/// </summary>
public sealed class PastInvoiceGroundingTests
{
    private const string NoChanges = """{"proposals":[],"flags":[],"descriptions":[]}""";

    [Fact]
    public async Task The_prompt_carries_the_most_similar_past_invoices_sent_from_Jobber_or_approved_in_Closeout_and_not_an_unrelated_one()
    {
        using var business = new TempFolder();
        var source = Path.Combine(Repo.Dataset, "cascade");
        File.Copy(Path.Combine(source, "catalog.json"), business.File("catalog.json"));
        File.Copy(Path.Combine(source, "policy.json"), business.File("policy.json"));
        Directory.CreateDirectory(business.File("jobs"));
        var target = DatasetReader.ReadCases(Path.Combine(source, "jobs")).First(c => c.Job.Notes?.Items.Count > 0 && c.Job.LineItems?.Items.Count > 0);
        var original = JsonNode.Parse(File.ReadAllText(target.SourcePath))!;
        File.WriteAllText(business.File("jobs/target.json"), original.ToJsonString());
        WriteCopy(business, original, "sent", 9101, "Same work as before (sent from Jobber)", notes: null);
        WriteCopy(business, original, "approved", 9102, "Same work as before (approved in Closeout)", notes: null);
        WriteCopy(business, original, "unrelated", 9103, "Annual backflow certification",
            notes: "Annual backflow test at the irrigation assembly; passed, certificate filed with the city.");
        var catalog = CatalogLoader.LoadOrThrow(business.File("catalog.json"));
        var billed = catalog.Items.First(i => i.Kind == ItemKind.Product);

        await using var llm = await ProviderStub.StartAsync();
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([business.Path]);
        var account = Assert.Single(await sandbox.AccountsAsync());
        var settings = new Dictionary<string, string?>
        {
            ["SecondOpinion:Profiles:stub:Provider"] = "openai-compatible",
            ["SecondOpinion:Profiles:stub:Model"] = "gpt-4.1-mini",
            ["SecondOpinion:Profiles:stub:Endpoint"] = new Uri(llm.BaseAddress, "v1/").ToString(),
            ["SecondOpinion:Accounts:0:Account"] = account.Name,
            ["SecondOpinion:Accounts:0:Mode"] = "suggest",
            ["SecondOpinion:Accounts:0:Profile"] = "stub",
            ["SecondOpinion:PastInvoices"] = "2",
            ["Review:SendOnApprove"] = "false",
        };
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string> { [account.Id] = business.Path }, settings);
        await sandbox.SubscribeAsync(closeout.WebhookUrl);
        await closeout.ConnectAsync(sandbox, account.Id, account.Name);
        var jobs = await sandbox.JobsAsync();
        var job = jobs.Single(j => j.JobNumber == target.Job.JobNumber);

        // The office invoices two jobs by hand in Jobber and sends them: Closeout hears INVOICE_UPDATE and keeps them.
        foreach (var number in new[] { 9101, 9103 })
        {
            var past = jobs.Single(j => j.JobNumber == number);
            var invoice = await sandbox.CreateOfficeInvoiceAsync(account.Id, past.Id, past.ClientId, [(billed.Name, 1m, billed.UnitPrice, billed.Taxable)]);
            await sandbox.SendInvoiceAsync(account.Id, invoice);
            await closeout.WaitForInboxStateAsync(i => i.Topic == "INVOICE_UPDATE" && i.ItemId == invoice, "done");
        }

        // A person approves Closeout's draft of a third job (not sent: only Closeout knows it).
        var approved = jobs.Single(j => j.JobNumber == 9102);
        Recorded.Enqueue(llm, Wire.OpenAI, NoChanges);
        await sandbox.CompleteJobAsync(approved.Id);
        await closeout.WaitForInvoicedDraftAsync(approved.Id);
        using var decision = await closeout.Http.PostAsJsonAsync($"/api/drafts/{Uri.EscapeDataString(approved.Id)}/approve", new Decision(0));
        Assert.Equal(ReviewStates.Approved, (await decision.Content.ReadFromJsonAsync<DraftReviewView>())!.State);

        Recorded.Enqueue(llm, Wire.OpenAI, NoChanges);
        await sandbox.CompleteJobAsync(job.Id);
        await closeout.WaitForInvoicedDraftAsync(job.Id);

        var shown = SimilarPastInvoices(llm.Requests[^1].Body);
        Assert.Equal([9101L, 9102L], shown.Select(s => s["jobNumber"]!.GetValue<long>()).Order());
        Assert.All(shown, s => Assert.Contains(s["billed"]!.AsArray(), b => b!["itemId"]!.GetValue<string>() is { Length: > 0 }));
        Assert.Equal(billed.Id, Assert.Single(shown.Single(s => s["jobNumber"]!.GetValue<long>() == 9101)["billed"]!.AsArray())!["itemId"]!.GetValue<string>());
    }

    private static void WriteCopy(TempFolder business, JsonNode original, string name, int number, string title, string? notes)
    {
        var copy = original.DeepClone();
        var job = copy["job"]!;
        job["id"] = $"past-{name}";
        job["jobNumber"] = number;
        job["title"] = title;
        // The sandbox maps source ids to its own: a copy needs ids of its own, or its notes and lines would be the original's.
        foreach (var node in new[] { "notes", "lineItems", "visits", "timesheetEntries" }.SelectMany(c => job[c]?["nodes"]?.AsArray() ?? []))
        {
            node!["id"] = $"{name}-{node["id"]}";
        }

        if (notes is not null)
        {
            job["instructions"] = null;
            job["lineItems"] = new JsonObject { ["nodes"] = new JsonArray() };
            var first = job["notes"]!["nodes"]![0]!.DeepClone();
            first["id"] = $"N-{name}";
            first["message"] = notes;
            job["notes"] = new JsonObject { ["nodes"] = new JsonArray(first) };
        }

        File.WriteAllText(business.File($"jobs/{name}.json"), copy.ToJsonString());
    }

    /// <summary>The similar past invoices in the job-data block of the user message the provider received.</summary>
    private static List<JsonNode> SimilarPastInvoices(string requestBody)
    {
        var user = JsonNode.Parse(requestBody)!["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!;
        var text = user is JsonArray parts ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())) : user.GetValue<string>();
        var start = text.IndexOf("<job-data>", StringComparison.Ordinal) + "<job-data>".Length;
        var data = JsonNode.Parse(text[start..text.IndexOf("</job-data>", StringComparison.Ordinal)])!;
        return [.. data["similarPastInvoices"]!.AsArray().Select(s => s!)];
    }
}
