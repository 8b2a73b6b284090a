using System.Text.RegularExpressions;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;

namespace Closeout.Drafting.Reading;

/// <summary>
/// Reads one note: splits it into sentences and fragments, finds the catalog items each fragment mentions, and
/// decides from the cue words around them what happened to each (done, declined, supplied by the customer...).
/// </summary>
internal sealed class NoteReader(CatalogIndex index, IReadOnlySet<string> loggedItemIds, IReadOnlyList<string> jobContext)
{
    private const double MinScore = 1.2;

    private sealed record FragmentInfo(
        Fragment Fragment,
        List<string> Stems,
        List<Size> Sizes,
        List<Amount> Amounts,
        List<(ItemMatch Match, int Start, int End)> Items,
        bool Install,
        bool Negated,
        bool CameWith,
        bool Recommend,
        bool CustomerSupplied,
        bool Conditional,
        bool Vague);

    public (List<Mention> Mentions, List<UnmatchedWork> Unmatched) Read(
        string noteId, string text, int noteOrder, string? visitId, bool correctionNote)
    {
        var mentions = new List<Mention>();
        var unmatched = new List<UnmatchedWork>();
        foreach (var sentence in ClauseSplitter.Split(noteId, text))
        {
            var sentenceStems = TextExpansion.Expand(Tokenizer.Tokenize(sentence.Text));
            var infos = sentence.Fragments.Select(f => Describe(f, sentenceStems)).ToList();
            var approval = Cues.Approval().IsMatch(sentence.Text);
            var refusal = Cues.Refusal().IsMatch(sentence.Text);
            for (var i = 0; i < infos.Count; i++)
            {
                var info = infos[i];
                if (info.Items.Count == 0)
                {
                    if (info.Install && !info.Negated && !info.Recommend && !info.Conditional && !info.CustomerSupplied && LooksLikeThing(info))
                    {
                        unmatched.Add(new UnmatchedWork(info.Fragment.Text, Span(noteId, info.Fragment.Start, info.Fragment.Length, text), visitId));
                    }

                    continue;
                }

                var status = StatusOf(infos, i, approval, refusal);
                foreach (var (match, start, end) in info.Items)
                {
                    var (quantity, vague, isTotal) = QuantityFor(infos, i, match.Item, start);
                    var plural = IsPlural(text, start, end);
                    mentions.Add(new Mention(
                        match.Item,
                        status,
                        quantity,
                        vague,
                        isTotal,
                        plural,
                        Span(noteId, info.Fragment.Start, info.Fragment.Length, text),
                        noteOrder,
                        visitId,
                        correctionNote,
                        Math.Min(0.95, 0.5 + (match.ItemCoverage * 0.3) + (match.PhraseCoverage * 0.2))));
                }
            }
        }

        return (mentions, unmatched);
    }

    private static Evidence.NoteSpan Span(string noteId, int start, int length, string text) => new(noteId, start, length, text.Substring(start, length));

    private FragmentInfo Describe(Fragment fragment, List<string> sentenceStems)
    {
        var tokens = Tokenizer.Tokenize(fragment.Text);
        var stems = TextExpansion.Expand(tokens);
        var sizes = Size.Find(fragment.Text);
        var amounts = Amounts.Find(fragment.Text);
        var items = FindItems(fragment, tokens, stems, sizes, amounts, sentenceStems);
        return new FragmentInfo(
            fragment,
            stems,
            sizes,
            amounts,
            items,
            Cues.InstallVerb().IsMatch(fragment.Text),
            Cues.Negation().IsMatch(fragment.Text),
            Cues.CameWith().IsMatch(fragment.Text),
            Cues.Recommend().IsMatch(fragment.Text) || Cues.Refusal().IsMatch(fragment.Text),
            Cues.CustomerSupplied().IsMatch(fragment.Text),
            Cues.Conditional().IsMatch(fragment.Text),
            Cues.Vague().IsMatch(fragment.Text));
    }

    private List<(ItemMatch, int, int)> FindItems(Fragment fragment, List<Token> tokens, List<string> stems, List<Size> sizes, List<Amount> amounts, List<string> sentenceStems)
    {
        var found = new List<(ItemMatch, int, int)>();
        var content = tokens.Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem)).ToList();
        if (content.Count == 0)
        {
            return found;
        }

        var amountUnit = amounts.FirstOrDefault(a => a.Unit != "each")?.Unit;
        var best = Best(stems, sizes, content[^1].Stem, sentenceStems, amountUnit);
        if (best is null)
        {
            return found;
        }

        found.Add((best, fragment.Start, fragment.Start + fragment.Length));

        // A second item in the same fragment: words the first match did not use ("6' of poly w/ 2 couplings").
        var rest = content.Where(t => !ItemWords(best.Item).Contains(t.Stem) && !TextExpansion.Expand([t]).Any(s => ItemWords(best.Item).Contains(s))).ToList();
        if (rest.Count > 0 && rest.Count < content.Count)
        {
            var restStems = TextExpansion.Expand(rest);
            var second = Best(restStems, [], rest[^1].Stem, [], null);
            if (second is not null && second.Item.Id != best.Item.Id && second.PhraseCoverage >= 0.5)
            {
                found.Add((second, fragment.Start + rest[0].Start, fragment.Start + rest[^1].End));
            }
        }

        return found;
    }

    private readonly Dictionary<string, HashSet<string>> _itemWords = new(StringComparer.Ordinal);

    private HashSet<string> ItemWords(CatalogItem item)
    {
        if (!_itemWords.TryGetValue(item.Id, out var words))
        {
            words = TextExpansion.Expand(Tokenizer.Tokenize(item.Name + " " + item.Description)).ToHashSet(StringComparer.Ordinal);
            _itemWords[item.Id] = words;
        }

        return words;
    }

    private ItemMatch? Best(List<string> stems, List<Size> sizes, string head, List<string> sentenceStems, string? amountUnit)
    {
        var matches = index.Match(stems, sizes, head);
        if (matches.Count == 0)
        {
            return null;
        }

        ItemMatch? best = null;
        double bestTotal = double.MinValue;
        var context = sentenceStems.Count > 0 ? index.Match(sentenceStems, [], null).ToDictionary(m => m.Item.Id, m => m.Score, StringComparer.Ordinal) : [];
        var job = index.Match(jobContext, [], null).ToDictionary(m => m.Item.Id, m => m.Score, StringComparer.Ordinal);
        foreach (var m in matches)
        {
            if (m.Score < MinScore || (m.ItemCoverage < 0.3 && m.PhraseCoverage < 0.5 && !m.HeadMatched))
            {
                continue;
            }

            if (m.Item.Kind == ItemKind.Labor)
            {
                continue;
            }

            if (amountUnit is not null && Amounts.ToItemUnit(new Amount(1, amountUnit, 0, 0, false), m.Item.Unit, m.Item.Description) is null)
            {
                continue;
            }

            var total = m.Score + (0.3 * context.GetValueOrDefault(m.Item.Id)) + (0.1 * job.GetValueOrDefault(m.Item.Id))
                + (loggedItemIds.Contains(m.Item.Id) ? 1.5 : 0);
            if (total > bestTotal)
            {
                bestTotal = total;
                best = m;
            }
        }

        return best;
    }

    private static MentionStatus StatusOf(List<FragmentInfo> infos, int i, bool approval, bool refusal)
    {
        var own = infos[i];
        if (own.CustomerSupplied)
        {
            return MentionStatus.CustomerSupplied;
        }

        if (own.CameWith)
        {
            return MentionStatus.CameWith;
        }

        if (own.Negated)
        {
            return MentionStatus.NotDone;
        }

        if (own.Recommend)
        {
            return approval && !refusal ? MentionStatus.Planned : MentionStatus.Declined;
        }

        if (own.Conditional)
        {
            return MentionStatus.Conditional;
        }

        if (own.Install)
        {
            return MentionStatus.Done;
        }

        // Later fragments with nothing of their own often speak of what came before: "..., left it", "..., cust said not now".
        for (var j = i + 1; j < infos.Count; j++)
        {
            var later = infos[j];
            if (later.Items.Count > 0)
            {
                break;
            }

            if (later.CustomerSupplied)
            {
                return MentionStatus.CustomerSupplied;
            }

            if (later.Negated)
            {
                return MentionStatus.NotDone;
            }

            if (later.Recommend)
            {
                return approval && !refusal ? MentionStatus.Planned : MentionStatus.Declined;
            }

            if (later.Conditional)
            {
                return MentionStatus.Conditional;
            }

            if (later.CameWith)
            {
                return MentionStatus.CameWith;
            }

            if (later.Install)
            {
                return MentionStatus.Done;
            }
        }

        // Earlier fragments set the verb for a list: "New straps, gas flex, pair of water flexes".
        for (var j = i - 1; j >= 0; j--)
        {
            var earlier = infos[j];
            if (earlier.CustomerSupplied)
            {
                return MentionStatus.CustomerSupplied;
            }

            if (earlier.Negated && earlier.Items.Count == 0)
            {
                return MentionStatus.NotDone;
            }

            if (earlier.Recommend)
            {
                return approval && !refusal ? MentionStatus.Planned : MentionStatus.Declined;
            }

            if (earlier.Install)
            {
                return MentionStatus.Done;
            }
        }

        // A plain amount of a material is a statement of what was used ("120' edging around both").
        return own.Amounts.Count > 0 ? MentionStatus.Done : MentionStatus.Observed;
    }

    private static (decimal? Quantity, bool Vague, bool IsTotal) QuantityFor(List<FragmentInfo> infos, int i, CatalogItem item, int mentionStart)
    {
        var own = infos[i];
        var candidates = own.Amounts.Select(a => a with { Start = a.Start + own.Fragment.Start }).ToList();
        if (candidates.Count == 0)
        {
            // An amount alone in the next fragment belongs to this item: "fabric - 600 sf", "2in PVC, 16' total".
            foreach (var j in new[] { i + 1, i - 1 })
            {
                if (j >= 0 && j < infos.Count && infos[j].Items.Count == 0 && infos[j].Amounts.Count > 0)
                {
                    candidates.AddRange(infos[j].Amounts);
                    break;
                }
            }
        }

        Amount? chosen = null;
        decimal? value = null;
        foreach (var amount in candidates.OrderBy(a => Math.Abs(a.Start - mentionStart)))
        {
            var converted = Amounts.ToItemUnit(amount, item.Unit, item.Description);
            if (converted is not null && converted > 0)
            {
                chosen = amount;
                value = converted;
                break;
            }
        }

        if (value is not null && IsPairItem(item) && chosen!.Unit == "each")
        {
            value = Math.Max(1, Math.Ceiling(value.Value / 2m));
        }

        return (value, value is null && own.Vague, chosen?.IsTotal ?? false);
    }

    private static bool IsPairItem(CatalogItem item) =>
        Regex.IsMatch(item.Name + " " + item.Description, @"\bpair\b", RegexOptions.IgnoreCase);

    private static bool IsPlural(string text, int start, int end)
    {
        var span = text[start..end];
        var words = Tokenizer.Tokenize(span).Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem)).ToList();
        return words.Any(w => w.Text.Length > 3 && w.Text.EndsWith('s') && !w.Text.EndsWith("ss", StringComparison.Ordinal) && !string.Equals(w.Stem, w.Text, StringComparison.OrdinalIgnoreCase));
    }

    // A fragment with an install verb and a noun we do not know: "installed whole house filter", "DBY splices on all 7".
    private bool LooksLikeThing(FragmentInfo info)
    {
        var tokens = Tokenizer.Tokenize(info.Fragment.Text)
            .Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem) && !Cues.InstallVerb().IsMatch(t.Text) && t.Text.Length > 2)
            .ToList();
        return tokens.Count >= 1 && tokens.Any(t => !index.IsCatalogWord(t.Stem) && !CommonWords.Contains(t.Stem));
    }

    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "piece", "part", "one", "thing", "stuff", "side", "back", "front", "top", "bottom", "line", "wall", "floor", "yard", "house", "garage",
        "crawl", "basement", "attic", "kitchen", "bath", "bathroom", "room", "truck", "shop", "code", "place", "spot", "area", "corner", "bed", "lawn",
        "putty", "tape", "screw", "glue", "sealant", "caulk", "teflon", "dope", "wire nut", "zip", "tie", "strap", "clamp", "bolt", "nut", "washer",
    };
}
