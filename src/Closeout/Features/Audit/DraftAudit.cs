using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Features.Drafts;

namespace Closeout.Features.Audit;

/// <summary>The entries the pipeline records: a draft made (with every line proposed and why) and its invoice written.</summary>
internal static class DraftAudit
{
    public const string Engine = "engine";
    public const string System = "system";

    public static string Subject(string jobId) => $"draft:{jobId}";

    /// <summary>draft.created by the engine, then one line.proposed per line by whoever proposed it (engine, or llm:&lt;model&gt;).</summary>
    public static IReadOnlyList<AuditEntry> Created(DraftDocument draft, string? llmModel = null)
    {
        var subject = Subject(draft.JobId);
        var entries = new List<AuditEntry>
        {
            new(draft.AccountId, subject, "draft.created", Engine,
                After: Json(new { draft.JobNumber, draft.Subtotal, draft.Tax, draft.Total, Lines = draft.Lines.Count, Flags = draft.Flags }),
                Evidence: Json(draft.Flags.SelectMany(f => f.Evidence))),
        };
        entries.AddRange(draft.Lines.Select((line, index) => new AuditEntry(
            draft.AccountId, subject, "line.proposed", ActorOf(line, llmModel),
            After: Json(new { Index = index, line.ItemId, line.Name, line.Description, line.Quantity, line.UnitPrice, line.Total, line.Taxable, line.Source, line.Confidence }),
            Evidence: Json(line.Evidence))));
        return entries;
    }

    public static AuditEntry InvoiceWritten(string accountId, string jobId, string invoiceId, bool alreadyThere, JsonNode? payload) => new(
        accountId, Subject(jobId), alreadyThere ? "invoice.found" : "invoice.written", System,
        After: new JsonObject { ["invoiceId"] = invoiceId, ["input"] = payload?.DeepClone() });

    public static string ActorOf(DraftLineView line, string? llmModel) =>
        Approvals.ApprovalRouter.IsLlm(line) ? $"llm:{llmModel ?? "unknown"}" : Engine;

    private static JsonNode? Json<T>(T value) => JsonSerializer.SerializeToNode(value, DraftDocument.JsonOptions);
}
