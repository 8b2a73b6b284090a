using System.Text.Json;
using System.Text.Json.Nodes;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;

namespace Closeout.Features.Leakage;

/// <summary>The audit entries of suggestions: proposed with the draft (with the rule and its invoices), then decided by a person.</summary>
internal static class LeakageAudit
{
    public const string Actor = "leakage";

    public static IReadOnlyList<AuditEntry> Suggested(DraftDocument draft) =>
        draft.Suggestions.Select(s => new AuditEntry(
            draft.AccountId, DraftAudit.Subject(draft.JobId), "suggestion.proposed", Actor,
            After: Json(new { s.ItemId, s.Name, s.Quantity, s.UnitPrice, s.Value, s.Confidence, s.Reason }),
            Evidence: Json(s.Rule))).ToList();

    public static AuditEntry Decided(string accountId, string jobId, SuggestionView suggestion, string decision, string person) => new(
        accountId, DraftAudit.Subject(jobId), $"suggestion.{decision}", person,
        After: Json(new { suggestion.ItemId, suggestion.Name, suggestion.Value, Decision = decision, suggestion.RuleKeys }));

    private static JsonNode? Json<T>(T value) => JsonSerializer.SerializeToNode(value, DraftDocument.JsonOptions);
}
