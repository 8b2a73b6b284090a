using Closeout.Drafting.Leakage;

namespace Closeout.Features.Leakage;

/// <summary>A past invoice behind a suggestion: its key (the job's id) and how a person finds it ("#1042 Water heater replacement").</summary>
public sealed record PastInvoiceView(string Key, string Label);

/// <summary>The rule a suggestion rests on, with its counts.</summary>
public sealed record RuleView(
    string Key, string Antecedent, string Item, int BothCount, int AntecedentCount, int ItemCount, int Invoices,
    double Support, double Confidence, double Lift, IReadOnlyList<PastInvoiceView> Supporting, IReadOnlyList<PastInvoiceView> Against)
{
    public static RuleView From(AssociationRule rule) => new(
        rule.Key, rule.Antecedent.ToString(), rule.Item, rule.BothCount, rule.AntecedentCount, rule.ItemCount, rule.Invoices,
        rule.Support, rule.Confidence, rule.Lift,
        rule.Supporting.Select(i => new PastInvoiceView(i.Key, i.Label)).ToList(),
        rule.Against.Select(i => new PastInvoiceView(i.Key, i.Label)).ToList());
}

/// <summary>
/// A review suggestion stored with a draft: an item jobs like this one usually bill and the draft lacks. Never a line:
/// a person adds it (or rejects it, which lowers the rule's weight).
/// </summary>
public sealed record SuggestionView(
    string ItemId, string Name, decimal Quantity, decimal UnitPrice, decimal Value, double Confidence, string Reason,
    RuleView Rule, IReadOnlyList<string> RuleKeys)
{
    public static SuggestionView From(LeakageSuggestion suggestion) => new(
        suggestion.ItemId, suggestion.Name, suggestion.Quantity, suggestion.UnitPrice, suggestion.Value, suggestion.Confidence, suggestion.Reason,
        RuleView.From(suggestion.Rule), suggestion.RuleKeys);
}
