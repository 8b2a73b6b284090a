using System.Globalization;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Extraction;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Leakage;

/// <summary>
/// How sure the history must be before a missing item is suggested. Generic: no business, item or word is named. The
/// defaults were chosen on the leave-one-out view of the dataset's history only (never on its jobs): see ADR 0010.
/// </summary>
public sealed record LeakageThresholds
{
    /// <summary>Past invoices that must have both the antecedent and the item.</summary>
    public int MinSupportingInvoices { get; init; } = 2;

    /// <summary>Share of the antecedent's invoices that billed the item, after rejections are counted against it.</summary>
    public double MinConfidence { get; init; } = 0.75;

    /// <summary>The antecedent must make the item likelier than on any invoice.</summary>
    public double MinLift { get; init; } = 1.0;

    /// <summary>Extra past invoices a word rule needs beyond an item rule's: words are noisier evidence than billed items.</summary>
    public int ExtraSupportForWords { get; init; } = 1;

    /// <summary>At most this many suggestions per draft, strongest first.</summary>
    public int MaxSuggestions { get; init; } = 3;

    /// <summary>Title words as antecedents ("jobs like this one").</summary>
    public bool UseTitleWords { get; init; } = true;

    /// <summary>Note words as antecedents (the phrases technicians write for what ends up billed).</summary>
    public bool UseNoteWords { get; init; } = true;
}

/// <summary>
/// What people decided on suggestions: a rejected suggestion is one more job that did not bill the item, so it counts
/// against every rule of that item the job had (its <see cref="LeakageSuggestion.RuleKeys"/>), not only the one shown.
/// </summary>
public sealed record RuleFeedback(IReadOnlyDictionary<string, int> RejectionsByRule)
{
    public static RuleFeedback None { get; } = new(new Dictionary<string, int>(StringComparer.Ordinal));

    public int Rejections(AssociationRule rule) => RejectionsByRule.GetValueOrDefault(rule.Key);
}

/// <summary>An item the history says jobs like this one bill and the draft lacks: for a person to add or reject, never a line.</summary>
public sealed record LeakageSuggestion(
    string ItemId,
    string Name,
    decimal Quantity,
    decimal UnitPrice,
    decimal Value,
    double Confidence,
    AssociationRule Rule,
    int Rejections,
    string Reason,
    IReadOnlyList<string> RuleKeys);

/// <summary>
/// Suggests, for a draft, the items its business's own history usually bills with what the draft has (its items, its
/// title words, its note words) and that the draft lacks. Items the written policy decides (labor, the trip charge,
/// companion items) are left to the policy: the engine already applied it, so their absence is a decision, not a leak.
/// </summary>
public sealed class LeakageAdvisor
{
    private readonly Catalog _catalog;
    private readonly HashSet<string> _policyItems;
    private readonly CatalogIndex _index;

    public LeakageAdvisor(Catalog catalog, BillingPolicy policy, HistoryMiner miner, LeakageThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _catalog = catalog;
        Miner = miner;
        Thresholds = thresholds ?? new LeakageThresholds();
        _policyItems = PolicyItems(policy);
        _index = new CatalogIndex(catalog);
    }

    public HistoryMiner Miner { get; }

    public LeakageThresholds Thresholds { get; }

    /// <summary>The items the written policy bills or waives: labor rates, the trip charge, companion items.</summary>
    public static HashSet<string> PolicyItems(BillingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (policy.TripCharge is { } trip)
        {
            ids.Add(trip.Item);
        }

        foreach (var rule in policy.Companions)
        {
            ids.UnionWith(rule.Add.Select(a => a.Item));
        }

        foreach (var rate in policy.Labor.Rates.Values)
        {
            ids.Add(rate.Regular);
            if (rate.AfterHours is { } afterHours)
            {
                ids.Add(afterHours);
            }
        }

        return ids;
    }

    /// <summary>True when the leakage suggestions may name <paramref name="itemId"/> (a catalog item the policy does not decide).</summary>
    public bool MaySuggest(string itemId) =>
        !_policyItems.Contains(itemId) && _catalog.Find(itemId) is { Kind: not ItemKind.Labor };

    public IReadOnlyList<LeakageSuggestion> Suggest(JobberJob job, IEnumerable<string> draftItems, RuleFeedback? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        feedback ??= RuleFeedback.None;
        var onDraft = draftItems.ToHashSet(StringComparer.Ordinal);
        // A variant of what the draft bills (another size of the same pipe, another tune-up) is a different choice, not a missed item.
        var heads = onDraft.Select(_catalog.Find).OfType<CatalogItem>().Select(_index.HeadOf).ToHashSet(StringComparer.Ordinal);
        var features = JobFeatures.Of(job, onDraft).Keys
            .Where(f => f.Kind == FeatureKind.Item || (f.Kind == FeatureKind.Title && Thresholds.UseTitleWords) || (f.Kind == FeatureKind.Note && Thresholds.UseNoteWords));
        var rules = Miner.RulesFor(features, item => !onDraft.Contains(item) && MaySuggest(item) && !heads.Contains(_index.HeadOf(_catalog.Find(item)!)), Thresholds.MinSupportingInvoices);

        var best = new Dictionary<string, (AssociationRule Rule, double Confidence, int Rejections)>(StringComparer.Ordinal);
        var keys = rules.GroupBy(r => r.Item, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Key).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var rejections = feedback.Rejections(rule);
            var confidence = (double)rule.BothCount / (rule.AntecedentCount + rejections);
            if (confidence < Thresholds.MinConfidence || rule.Lift < Thresholds.MinLift
                || (rule.Antecedent.Kind != FeatureKind.Item && rule.BothCount < Thresholds.MinSupportingInvoices + Thresholds.ExtraSupportForWords))
            {
                continue;
            }

            if (!best.TryGetValue(rule.Item, out var current) || Stronger(rule, confidence, current.Rule, current.Confidence))
            {
                best[rule.Item] = (rule, confidence, rejections);
            }
        }

        return best.Values
            .OrderByDescending(b => b.Confidence).ThenByDescending(b => b.Rule.BothCount).ThenBy(b => b.Rule.Item, StringComparer.Ordinal)
            .Take(Thresholds.MaxSuggestions)
            .Select(b => ToSuggestion(b.Rule, b.Confidence, b.Rejections, keys[b.Rule.Item]))
            .ToList();
    }

    private static bool Stronger(AssociationRule rule, double confidence, AssociationRule other, double otherConfidence) =>
        confidence > otherConfidence
        || (confidence.Equals(otherConfidence) && (rule.BothCount > other.BothCount
            || (rule.BothCount == other.BothCount && string.CompareOrdinal(rule.Key, other.Key) < 0)));

    private LeakageSuggestion ToSuggestion(AssociationRule rule, double confidence, int rejections, IReadOnlyList<string> ruleKeys)
    {
        var item = _catalog.Find(rule.Item)!;
        var quantities = rule.Supporting.Select(i => i.Lines.Where(l => l.Item == rule.Item).Sum(l => l.Quantity)).Where(q => q > 0).Order().ToList();
        var quantity = quantities.Count == 0 ? 1m : quantities[quantities.Count / 2];
        var value = Math.Round(quantity * item.UnitPrice, 2, MidpointRounding.AwayFromZero);
        return new LeakageSuggestion(item.Id, item.Name, quantity, item.UnitPrice, value, confidence, rule, rejections, Explain(rule, item), ruleKeys);
    }

    /// <summary>"8 of the 9 past jobs with 'heater' in the title billed Disposal fee", in the business's own words.</summary>
    public string Explain(AssociationRule rule, CatalogItem? item = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var name = (item ?? _catalog.Find(rule.Item))?.Name ?? rule.Item;
        var jobs = rule.Antecedent.Kind switch
        {
            FeatureKind.Item => $"past invoices that billed {_catalog.Find(rule.Antecedent.Value)?.Name ?? rule.Antecedent.Value}",
            FeatureKind.Title => $"past jobs with \u201c{rule.AntecedentText}\u201d in the title",
            _ => $"past jobs whose notes say \u201c{rule.AntecedentText}\u201d",
        };
        var also = rule.Antecedent.Kind == FeatureKind.Item ? "also billed" : "billed";
        return string.Create(CultureInfo.InvariantCulture, $"{rule.BothCount} of the {rule.AntecedentCount} {jobs} {also} {name}");
    }
}
