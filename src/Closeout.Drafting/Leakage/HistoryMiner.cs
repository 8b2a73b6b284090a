namespace Closeout.Drafting.Leakage;

/// <summary>
/// An association rule mined from one business's sent invoices: jobs with <see cref="Antecedent"/> also billed
/// <see cref="Item"/>. <see cref="Supporting"/> are the invoices that did (newest first), <see cref="Against"/> those
/// that had the antecedent and did not: every figure is a count of invoices a person can open.
/// </summary>
public sealed record AssociationRule(
    JobFeature Antecedent,
    string AntecedentText,
    string Item,
    int Invoices,
    int AntecedentCount,
    int ItemCount,
    IReadOnlyList<SentInvoice> Supporting,
    IReadOnlyList<SentInvoice> Against)
{
    /// <summary>Invoices with both the antecedent and the item.</summary>
    public int BothCount => Supporting.Count;

    /// <summary>Share of all invoices that have both.</summary>
    public double Support => Invoices == 0 ? 0 : (double)BothCount / Invoices;

    /// <summary>Share of the antecedent's invoices that billed the item.</summary>
    public double Confidence => AntecedentCount == 0 ? 0 : (double)BothCount / AntecedentCount;

    /// <summary>How much likelier the item is with the antecedent than on any invoice (1 is no association).</summary>
    public double Lift => ItemCount == 0 || Invoices == 0 ? 0 : Confidence / ((double)ItemCount / Invoices);

    /// <summary>The key feedback is stored under: "title:heater->FEE-DISPOSAL".</summary>
    public string Key => $"{Antecedent}->{Item}";
}

/// <summary>
/// Mines one business's sent invoices for association rules, antecedent (an item billed, a title word, a note word)
/// to item. Incremental: <see cref="Add"/> indexes one invoice (a re-sent invoice with the same key replaces the
/// earlier one) and rules are counted from the index when asked, so a new invoice counts at once. One miner per
/// business: nothing is ever counted across businesses. Thread-safe.
/// </summary>
public sealed class HistoryMiner
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (SentInvoice Invoice, HashSet<JobFeature> Features, HashSet<string> Items)> _invoices = new(StringComparer.Ordinal);
    private readonly Dictionary<JobFeature, HashSet<string>> _byFeature = [];
    private readonly Dictionary<string, HashSet<string>> _byItem = new(StringComparer.Ordinal);
    private readonly Dictionary<JobFeature, string> _text = [];

    public HistoryMiner(IEnumerable<SentInvoice>? invoices = null)
    {
        foreach (var invoice in invoices ?? [])
        {
            Add(invoice);
        }
    }

    public int Invoices
    {
        get
        {
            lock (_gate)
            {
                return _invoices.Count;
            }
        }
    }

    /// <summary>Learns one sent invoice; one with the key of an invoice already learned replaces it.</summary>
    public void Add(SentInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var items = invoice.Lines.Where(l => !string.IsNullOrEmpty(l.Item)).Select(l => l.Item).ToHashSet(StringComparer.Ordinal);
        var features = JobFeatures.Of(invoice.Job, items);
        lock (_gate)
        {
            RemoveLocked(invoice.Key);
            _invoices[invoice.Key] = (invoice, features.Keys.ToHashSet(), items);
            foreach (var (feature, text) in features)
            {
                Index(_byFeature, feature, invoice.Key);
                _text.TryAdd(feature, text);
            }

            foreach (var item in items)
            {
                Index(_byItem, item, invoice.Key);
            }
        }
    }

    public bool Remove(string key)
    {
        lock (_gate)
        {
            return RemoveLocked(key);
        }
    }

    /// <summary>The rule <paramref name="antecedent"/> -> <paramref name="item"/> as the history stands, or null when no invoice has the antecedent.</summary>
    public AssociationRule? Rule(JobFeature antecedent, string item)
    {
        lock (_gate)
        {
            return _byFeature.TryGetValue(antecedent, out var keys) ? RuleLocked(antecedent, keys, item) : null;
        }
    }

    /// <summary>Every rule with at least <paramref name="minBoth"/> supporting invoices and <paramref name="minConfidence"/>, strongest first.</summary>
    public IReadOnlyList<AssociationRule> Rules(int minBoth = 2, double minConfidence = 0, double minLift = 0)
    {
        lock (_gate)
        {
            return RulesLocked(_byFeature.Keys, _ => true, minBoth)
                .Where(r => r.Confidence >= minConfidence && r.Lift >= minLift)
                .OrderByDescending(r => r.Confidence).ThenByDescending(r => r.BothCount).ThenBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The rules whose antecedent a job has, for the items <paramref name="candidate"/> accepts.</summary>
    public IReadOnlyList<AssociationRule> RulesFor(IEnumerable<JobFeature> features, Func<string, bool> candidate, int minBoth)
    {
        lock (_gate)
        {
            return RulesLocked(features, candidate, minBoth);
        }
    }

    private List<AssociationRule> RulesLocked(IEnumerable<JobFeature> features, Func<string, bool> candidate, int minBoth)
    {
        var rules = new List<AssociationRule>();
        foreach (var feature in features.Distinct())
        {
            if (!_byFeature.TryGetValue(feature, out var keys) || keys.Count < minBoth)
            {
                continue;
            }

            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                foreach (var item in _invoices[key].Items)
                {
                    counts[item] = counts.GetValueOrDefault(item) + 1;
                }
            }

            foreach (var (item, count) in counts)
            {
                if (count >= minBoth && !(feature.Kind == FeatureKind.Item && feature.Value == item) && candidate(item))
                {
                    rules.Add(RuleLocked(feature, keys, item));
                }
            }
        }

        return rules;
    }

    private AssociationRule RuleLocked(JobFeature antecedent, HashSet<string> keys, string item)
    {
        var withItem = _byItem.GetValueOrDefault(item) ?? [];
        var supporting = new List<SentInvoice>();
        var against = new List<SentInvoice>();
        foreach (var key in keys)
        {
            (withItem.Contains(key) ? supporting : against).Add(_invoices[key].Invoice);
        }

        return new AssociationRule(antecedent, _text.GetValueOrDefault(antecedent, antecedent.Value), item, _invoices.Count, keys.Count, withItem.Count,
            Newest(supporting), Newest(against));
    }

    private static List<SentInvoice> Newest(List<SentInvoice> invoices) =>
        invoices.OrderByDescending(i => i.Job.Visits?.Items.Max(v => v.CompletedAt ?? v.EndAt ?? v.StartAt))
            .ThenBy(i => i.Key, StringComparer.Ordinal).ToList();

    private bool RemoveLocked(string key)
    {
        if (!_invoices.Remove(key, out var old))
        {
            return false;
        }

        foreach (var feature in old.Features)
        {
            Unindex(_byFeature, feature, key);
        }

        foreach (var item in old.Items)
        {
            Unindex(_byItem, item, key);
        }

        return true;
    }

    private static void Index<TKey>(Dictionary<TKey, HashSet<string>> index, TKey value, string key)
        where TKey : notnull
    {
        if (!index.TryGetValue(value, out var keys))
        {
            index[value] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        keys.Add(key);
    }

    private static void Unindex<TKey>(Dictionary<TKey, HashSet<string>> index, TKey value, string key)
        where TKey : notnull
    {
        if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            index.Remove(value);
        }
    }
}
