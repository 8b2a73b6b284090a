using System.Text;
using System.Text.Json.Nodes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;
using Closeout.Features.Inbox;

namespace Closeout.Tests.Service;

/// <summary>
/// What Jobber and the owner can hand the running service that a dataset job never does: a megabyte of notes, line
/// items with nonsense quantities and prices, a policy file broken while the service runs. Real sandbox, real HTTP.
/// </summary>
public sealed class HostileInputTests
{
    [Fact]
    public async Task A_megabyte_note_and_nonsense_line_items_are_drafted_from_the_catalog_and_a_broken_policy_waits_for_its_fix()
    {
        using var business = new TempFolder();
        var source = Path.Combine(Repo.Dataset, "cascade");
        File.Copy(Path.Combine(source, "catalog.json"), business.File("catalog.json"));
        File.Copy(Path.Combine(source, "policy.json"), business.File("policy.json"));
        Directory.CreateDirectory(business.File("jobs"));
        var cases = DatasetReader.ReadCases(Path.Combine(source, "jobs")).ToDictionary(c => c.Job.JobNumber ?? 0);
        Write(business, cases[1001].SourcePath, "ordinary", _ => { });
        Write(business, cases[1002].SourcePath, "huge-note", job =>
        {
            var note = job["notes"]!["nodes"]![0]!;
            note["message"] = note["message"]!.GetValue<string>() + " " + string.Concat(Enumerable.Repeat("checked everything twice, all good. ", 30_000));
        });
        Write(business, cases[1003].SourcePath, "nonsense-lines", job =>
        {
            var lines = job["lineItems"]!["nodes"]!.AsArray();
            lines[0]!["quantity"] = -5;
            lines[0]!["unitPrice"] = 1e12;
            lines.Add(new JsonObject { ["id"] = "LI-NULL", ["name"] = null, ["quantity"] = null, ["unitPrice"] = null, ["linkedProductOrService"] = null });
            lines.Add(new JsonObject { ["id"] = "LI-GHOST", ["name"] = "Gold-plated unobtainium", ["quantity"] = 1e9, ["unitPrice"] = 0.01, ["linkedProductOrService"] = new JsonObject { ["id"] = "NO-SUCH-ITEM" } });
        });
        Write(business, cases[1004].SourcePath, "after-policy-break", _ => { });
        var catalog = CatalogLoader.LoadOrThrow(business.File("catalog.json"));

        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        await using var sandbox = await Sandbox.StartAsync([business.Path]);
        var account = Assert.Single(await sandbox.AccountsAsync());
        await using var closeout = await CloseoutServer.StartAsync(database, sandbox, new Dictionary<string, string> { [account.Id] = business.Path });
        await sandbox.SubscribeAsync(closeout.WebhookUrl);
        await closeout.ConnectAsync(sandbox, account.Id, account.Name);
        var jobs = (await sandbox.JobsAsync()).ToDictionary(j => j.JobNumber);

        foreach (var number in new[] { 1001, 1002, 1003 })
        {
            await sandbox.CompleteJobAsync(jobs[number].Id);
        }

        var engine = new BusinessEngineFactory().Create(new BusinessFolder(business.Path));
        foreach (var number in new[] { 1001, 1002, 1003 })
        {
            var stored = await closeout.WaitForInvoicedDraftAsync(jobs[number].Id);
            var drafted = engine.Draft(DatasetReader.ReadCases(business.File("jobs")).Single(c => c.Job.JobNumber == number).Job);

            // Every price is the catalog's, every quantity positive, whatever the job carried; and it is the engine's draft.
            Assert.All(stored.Draft.Lines, l => Assert.Equal(catalog.Find(l.ItemId)!.UnitPrice, l.UnitPrice));
            Assert.All(stored.Draft.Lines, l => Assert.True(l.Quantity > 0, $"{number}: {l.ItemId} x {l.Quantity}"));
            Assert.Equal(drafted.Lines.Select(l => (l.ItemId, l.Quantity)), stored.Draft.Lines.Select(l => (l.ItemId, l.Quantity)));
            Assert.Equal(drafted.Total, stored.Draft.Total);
        }

        // The owner breaks the policy file while Closeout runs: the job waits with an error naming it, and drafts once fixed.
        var policy = await File.ReadAllTextAsync(business.File("policy.json"));
        await File.WriteAllTextAsync(business.File("policy.json"), "{ \"labor\": [ this is not json");
        await sandbox.CompleteJobAsync(jobs[1004].Id);
        var waiting = await closeout.WaitForInboxStateAsync(
            i => i.ItemId == jobs[1004].Id && i.ErrorKind is not null, InboxState.Pending);
        Assert.Equal("Configuration", waiting.ErrorKind);
        Assert.Contains("policy.json", waiting.LastError, StringComparison.Ordinal);
        Assert.Null(await closeout.DraftAsync(jobs[1004].Id));

        await File.WriteAllTextAsync(business.File("policy.json"), policy);
        var fixedDraft = await closeout.WaitForInvoicedDraftAsync(jobs[1004].Id);
        Assert.Single(await sandbox.InvoicesAsync(jobs[1004].Id));
        Assert.NotEmpty(fixedDraft.Draft.Lines);
    }

    private static void Write(TempFolder business, string sourceFile, string name, Action<JsonNode> change)
    {
        var document = JsonNode.Parse(File.ReadAllText(sourceFile))!;
        change(document["job"]!);
        File.WriteAllText(business.File(Path.Combine("jobs", name + ".json")), document.ToJsonString(), Encoding.UTF8);
    }
}
