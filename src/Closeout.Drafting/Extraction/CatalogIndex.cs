using Closeout.Drafting.Catalogs;

namespace Closeout.Drafting.Extraction;

/// <summary>A catalog item a phrase may mean, with how well the words agree both ways.</summary>
internal sealed record ItemMatch(CatalogItem Item, double Score, double ItemCoverage, double PhraseCoverage, bool HeadMatched)
{
    /// <summary>Share of the item's name words the phrase has, each word counted once whatever its weight.</summary>
    public double NameWordShare { get; init; }

    public bool SizeAgrees { get; init; }

    public bool SizeConflicts { get; init; }

    /// <summary>The last word of the noun phrase around the match, its head noun, is one of the item's name words.</summary>
    public bool PhraseHeadNamed { get; init; }

    /// <summary>Set by the reader: the words name this item clearly enough to bill it.</summary>
    public bool Strict { get; init; } = true;

    /// <summary>Named by its own words, without leaning on the logged lines: enough to drop a logged line.</summary>
    public bool Named { get; init; } = true;

    /// <summary>Proposed by the sentence model, not by shared words: billed with low confidence, always reviewed.</summary>
    public bool Semantic { get; init; }
}

/// <summary>
/// The catalog's own words, stemmed and expanded with the trade lexicon, weighted by how rare they are in this
/// catalog (a word every item shares tells nothing). Built once per catalog.
/// </summary>
internal sealed class CatalogIndex
{
    private readonly List<Entry> _entries;

    private readonly Dictionary<string, double> _idf;
    private readonly Dictionary<string, Dictionary<string, double>> _learned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _heads;
    private readonly Dictionary<string, CatalogItem> _oneWordServices = new(StringComparer.Ordinal);
    private readonly HashSet<Size> _pieceSizes;
    private readonly Dictionary<string, List<CatalogItem>> _madeBy = new(StringComparer.Ordinal);

    private sealed record Entry(
        CatalogItem Item,
        HashSet<string> Name,
        HashSet<string> Extra,
        string Head,
        string Distinctive,
        IReadOnlyList<Size> Sizes,
        HashSet<string> AllWords,
        HashSet<string> NameStems)
    {
        public bool Standard { get; init; }

        public string DescriptionHead { get; init; } = string.Empty;

        public HashSet<string> Included { get; init; } = [];

        public HashSet<string> Participles { get; init; } = [];
    }

    public CatalogIndex(Catalog catalog)
    {
        Catalog = catalog;
        _entries = catalog.Items.Select(Describe).ToList();
        _pieceSizes = _entries.Where(e => Amounts.IsCountUnit(e.Item.Unit)).SelectMany(e => e.Sizes).Where(z => z.Kind != Size.FiguresKind).ToHashSet();
        foreach (var e in _entries.Where(e => e.Item.Kind == ItemKind.Product))
        {
            foreach (var participle in e.Participles)
            {
                if (!_madeBy.TryGetValue(participle, out var made))
                {
                    _madeBy[participle] = made = [];
                }

                made.Add(e.Item);
            }
        }
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in _entries)
        {
            foreach (var t in e.Name.Union(e.Extra))
            {
                df[t] = df.GetValueOrDefault(t) + 1;
            }
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            _byId[_entries[i].Item.Id] = i;
            foreach (var t in _entries[i].Name)
            {
                if (!_postings.TryGetValue(t, out var list))
                {
                    _postings[t] = list = [];
                }

                list.Add(i);
            }
        }

        foreach (var group in _entries.Where(e => e.Item.Kind == ItemKind.Service)
            .Select(e => (e.Item, Words: e.NameStems.Where(w => !StopWords.Contains(w)).ToList()))
            .Where(x => x.Words.Count == 1).GroupBy(x => x.Words[0], StringComparer.Ordinal))
        {
            if (group.Count() == 1)
            {
                _oneWordServices[group.Key] = group.First().Item;
            }
        }

        var n = Math.Max(1, _entries.Count);
        _idf = df.ToDictionary(kv => kv.Key, kv => Math.Log(1.0 + (n / (double)kv.Value)), StringComparer.Ordinal);

        // An item's most distinctive name word stands for it as well as its last one ("3/4 copper" for "Copper pipe 3/4 in").
        _heads = _entries.Select(e => e.Head).Where(h => h.Length > 0).ToHashSet(StringComparer.Ordinal);
        _sizedHeads = _entries.Where(e => e.Sizes.Count > 0 && e.Head.Length > 0).GroupBy(e => (e.Head, e.Item.Kind))
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        _entries = _entries.Select(e => e with { Distinctive = MainWords(e.Item).OrderByDescending(Idf).ThenBy(t => t, StringComparer.Ordinal).FirstOrDefault() ?? string.Empty }).ToList();
    }

    public Catalog Catalog { get; }

    public double Idf(string stem) => _idf.TryGetValue(stem, out var v) ? v : 0.0;

    public bool IsCatalogWord(string stem) => _idf.ContainsKey(stem);

    /// <summary>The catalog calls the item its standard, basic or regular one: what a noun with no qualifier means.</summary>
    public bool IsStandardVariant(CatalogItem item) => _entries[_byId[item.Id]].Standard;

    /// <summary>The flat-rate service whose whole name is this one word ("Rekey"), when exactly one is.</summary>
    public bool HasOneWordServices => _oneWordServices.Count > 0;

    public CatalogItem? ServiceNamedBy(string stem) => _oneWordServices.TryGetValue(stem, out var item) ? item : null;

    /// <summary>
    /// The words of what an item's description says it includes ("drier, refrigerant and evacuation included", "with
    /// battery backup, Wi-Fi, 2 remotes and sensors included"), stemmed; empty when it says nothing of the kind.
    /// </summary>
    public IReadOnlySet<string> IncludedWordsOf(CatalogItem item) => _entries[_byId[item.Id]].Included;

    // A kit, set or assortment: its description lists what is in it.
    private static bool IsKit(string name) => System.Text.RegularExpressions.Regex.IsMatch(name, @"\b(kit|assortment)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static HashSet<string> IncludedWords(string description, bool kit)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (kit && !description.Contains("includ", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var t in Tokenizer.Tokenize(description).Where(t => !t.IsNumber && !StopWords.Contains(t.Stem)))
            {
                words.Add(t.Stem);
            }

            return words;
        }

        foreach (var segment in description.Split([';', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            var at = System.Text.RegularExpressions.Regex.Match(segment, @"\binclud\w*", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            if (!at.Success)
            {
                continue;
            }

            string list;
            var after = segment[(at.Index + at.Length)..];
            if (Tokenizer.Tokenize(after).Count > 0)
            {
                list = after; // "includes drier and refrigerant"
            }
            else
            {
                // "... with battery backup, 2 remotes and sensors included": the list after "with"; else the short
                // comma pieces before "included" ("drier, refrigerant and evacuation"), not the sentence they end
                // ("Install a dishwasher on existing hookups, labor included" includes only labor).
                var before = segment[..at.Index];
                var with = System.Text.RegularExpressions.Regex.Matches(before, @"\b(with|w/|plus)\s", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                if (with.Count > 0)
                {
                    list = before[(with[^1].Index + with[^1].Length)..];
                }
                else
                {
                    var pieces = before.Split(',');
                    var taken = new List<string> { pieces[^1] };
                    for (var k = pieces.Length - 2; k >= 0 && Tokenizer.Tokenize(pieces[k]).Count <= 3; k--)
                    {
                        taken.Add(pieces[k]);
                    }

                    list = string.Join(' ', taken);
                }
            }

            foreach (var t in Tokenizer.Tokenize(list).Where(t => !t.IsNumber && !StopWords.Contains(t.Stem)))
            {
                words.Add(t.Stem);
            }
        }

        return words;
    }

    /// <summary>
    /// The irregular participles an item's description says it is made by ("key cut from an original"): written as a
    /// clause's verb ("cut a couple of keys"), they are doing the item, as a regular verb of its name is ("Cabled the main").
    /// </summary>
    public IReadOnlySet<string> ParticiplesOf(CatalogItem item) => _entries[_byId[item.Id]].Participles;

    /// <summary>
    /// The one fee whose name or description takes away, recycles or disposes of the kind of thing this item is ("Old
    /// opener haul-away: take away and recycle the old opener" for a "Chain drive opener"); null when none or several do.
    /// </summary>
    public CatalogItem? DisposalFeeFor(CatalogItem removed)
    {
        var head = HeadOf(removed);
        var fees = _entries.Where(e => e.Item.Kind == ItemKind.Fee && e.AllWords.Contains(head)
            && System.Text.RegularExpressions.Regex.IsMatch(e.Item.Name + " " + e.Item.Description, @"\b(haul|recycl|dispos|take away|remov)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)).ToList();
        return fees.Count == 1 ? fees[0].Item : null;
    }

    /// <summary>The products whose description says they are made by this participle ("cut").</summary>
    public bool HasParticiples => _madeBy.Count > 0;

    public IReadOnlyList<CatalogItem> MadeBy(string participle) => _madeBy.TryGetValue(participle, out var items) ? items : [];

    private static readonly HashSet<string> IrregularParticiples = new(StringComparer.Ordinal)
    {
        "cut", "sewn", "hung", "laid", "built", "spun", "made", "wound", "woven", "drawn", "blown", "struck",
    };

    /// <summary>Some item sold by the piece carries this size ("Extension spring 130 lb", each).</summary>
    public bool SellsByThePieceSized(decimal value, string kind) => _pieceSizes.Contains(new Size(value, kind));

    /// <summary>The sizes an item's name and description carry ("2 in", "50 gal").</summary>
    public IReadOnlyList<Size> SizesOf(CatalogItem item) => _entries[_byId[item.Id]].Sizes;

    /// <summary>The last noun of the description's first phrase, what the description calls the item ("... natural gas tank").</summary>
    public string DescriptionHeadOf(CatalogItem item) => _entries[_byId[item.Id]].DescriptionHead;

    /// <summary>The text has a word of <paramref name="item"/>'s name that <paramref name="other"/>'s name lacks ("dual" of a dual capacitor).</summary>
    public bool NamesOnly(CatalogItem item, CatalogItem other, IReadOnlyList<string[]> text)
    {
        var own = _entries[_byId[item.Id]].Name;
        var theirs = _entries[_byId[other.Id]].Name;
        return text.Any(group => group.Any(t => own.Contains(t) && !theirs.Contains(t)));
    }

    /// <summary>An item's name and description stems with their lexicon readings, built once per catalog.</summary>
    public HashSet<string> WordsOf(CatalogItem item) => _entries[_byId[item.Id]].AllWords;

    /// <summary>How much a wider text (the sentence, the job's title) speaks of an item: its name words, and a little its description's.</summary>
    public double ContextScore(CatalogItem item, IReadOnlyList<string[]> text)
    {
        var e = _entries[_byId[item.Id]];
        double score = 0;
        foreach (var group in text)
        {
            foreach (var t in group)
            {
                if (e.Name.Contains(t))
                {
                    score += Idf(t);
                }
                else if (e.Extra.Contains(t))
                {
                    score += 0.3 * Idf(t);
                }
            }
        }

        return score;
    }

    /// <summary>The last word of an item's name, leaving out sizes, units and the parenthesised ("Sump pump 1/3 HP" is "pump").</summary>
    public string HeadOf(CatalogItem item) => _entries[_byId[item.Id]].Head is { Length: > 0 } head ? head : item.Name;

    /// <summary>An item's name stems.</summary>
    public HashSet<string> NameWordsOf(CatalogItem item) => _entries[_byId[item.Id]].NameStems;

    /// <summary>True when some part's (product's) name has this word ("hang" of "Opener hanging kit").</summary>
    public bool IsProductNameWord(string stem) =>
        _postings.TryGetValue(stem, out var entries) && entries.Any(i => _entries[i].Item.Kind == ItemKind.Product);

    /// <summary>
    /// The items that carry this dimension ("13x18") in their name: what "put on a 13x18" names when it is exactly one.
    /// </summary>
    public List<CatalogItem> ItemsSized(Size dimension) =>
        _entries.Where(e => e.Sizes.Contains(dimension) && Size.Find(e.Item.Name).Contains(dimension)).Select(e => e.Item).ToList();

    /// <summary>Another item of the same head word and kind carries a size too: the item is one of sized siblings.</summary>
    public bool HasSizedSibling(CatalogItem item)
    {
        var e = _entries[_byId[item.Id]];
        return e.Sizes.Count > 0 && _sizedHeads.Contains((e.Head, e.Item.Kind));
    }

    private readonly HashSet<(string, ItemKind)> _sizedHeads;

    /// <summary>True when some flat-rate service's name has this word ("sweep" of "Chimney sweep, one flue").</summary>
    public bool IsServiceNameWord(string stem) =>
        _postings.TryGetValue(stem, out var entries) && entries.Any(i => _entries[i].Item.Kind == ItemKind.Service && _entries[i].NameStems.Contains(stem));

    /// <summary>True when some item's name ends in this word ("strap" of "Seismic strap kit").</summary>
    public bool IsHeadWord(string stem) => _heads.Contains(stem);

    private const int MaxCandidates = 64;

    // Only the items that share a name word with the phrase can score; of those, the ones whose shared words weigh
    // most (at most MaxCandidates, plus the included ones) are scored in full, which keeps a 5,000-item catalog fast.
    private List<Entry> Candidates(IReadOnlyList<string[]> phrase, IReadOnlySet<string>? include)
    {
        var weights = new Dictionary<int, double>();
        foreach (var group in phrase)
        {
            foreach (var t in group)
            {
                if (_postings.TryGetValue(t, out var entries))
                {
                    var idf = Idf(t);
                    foreach (var e in entries)
                    {
                        weights[e] = weights.GetValueOrDefault(e) + idf;
                    }
                }

                if (_learned.TryGetValue(t, out var learned))
                {
                    foreach (var id in learned.Keys)
                    {
                        if (_byId.TryGetValue(id, out var index))
                        {
                            weights[index] = weights.GetValueOrDefault(index) + 1.0;
                        }
                    }
                }
            }
        }

        var chosen = weights.Count <= MaxCandidates
            ? weights.Keys.ToList()
            : weights.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(MaxCandidates).Select(kv => kv.Key).ToList();
        foreach (var id in include ?? (IEnumerable<string>)[])
        {
            if (_byId.TryGetValue(id, out var index) && !chosen.Contains(index))
            {
                chosen.Add(index);
            }
        }

        chosen.Sort();
        return chosen.ConvertAll(i => _entries[i]);
    }

    /// <summary>Teaches the index that <paramref name="stem"/> in this business's notes meant <paramref name="itemId"/> (from history).</summary>
    public void Learn(string stem, string itemId, double weight)
    {
        if (!_learned.TryGetValue(stem, out var items))
        {
            _learned[stem] = items = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        items[itemId] = Math.Max(items.GetValueOrDefault(itemId), weight);
    }

    /// <summary>
    /// Scores every item against a phrase: one group per written word, holding the word's stem and the plain words
    /// the trade lexicon reads it as ("cap" is also "capacitor"). A group counts once, by its best reading.
    /// </summary>
    /// <summary>
    /// Scores the items that share a name word with the phrase (and the <paramref name="include"/>d ones, such as the
    /// job's logged items, which a description word alone may name).
    /// </summary>
    public List<ItemMatch> Match(IReadOnlyList<string[]> phrase, IReadOnlyList<Size> sizes, IReadOnlyList<bool>? boundaries = null, IReadOnlySet<string>? include = null)
    {
        var content = new bool[phrase.Count];
        var weights = new double[phrase.Count];
        for (var i = 0; i < phrase.Count; i++)
        {
            var g = phrase[i];
            // Measures ("qt", "gal", "ft") say how much, not what: they neither count for nor against an item.
            content[i] = g.Length > 0 && !StopWords.Contains(g[0]) && !(char.IsDigit(g[0][0]) && g.Length == 1 && !IsCode(g[0])) && !Units.Contains(g[0])
                && Quantities.Units.Normalize(g[0]) is null && (boundaries is null || !boundaries[i]);
            weights[i] = content[i] ? g.Where(t => !StopWords.Contains(t)).Select(PhraseWeight).DefaultIfEmpty(0).Max() : 0;
        }

        var results = new List<ItemMatch>();
        var matchedAt = new int[phrase.Count]; // 0 none, 1 name, 2 description
        var inWindow = new bool[phrase.Count];
        var nameWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Candidates(phrase, include))
        {
            double score = 0, nameHit = 0, nameTotal = 0, extra = 0;
            nameWords.Clear();
            foreach (var t in e.Name)
            {
                nameTotal += Idf(t);
            }

            Array.Clear(matchedAt);
            for (var i = 0; i < phrase.Count; i++)
            {
                var group = phrase[i];
                if (group.Length == 0 || StopWords.Contains(group[0]) || (char.IsDigit(group[0][0]) && group.Length == 1 && !IsCode(group[0])))
                {
                    continue;
                }

                // All the plain words a written word stands for may match ("PRV" is pressure, reducing and valve);
                // the literal word of an abbreviation counts for less than its reading ("cap" is a capacitor first).
                double groupName = 0, bestExtra = 0, bestLearned = 0;
                var matched = false;
                for (var k = 0; k < group.Length; k++)
                {
                    var t = group[k];
                    if (StopWords.Contains(t))
                    {
                        continue;
                    }

                    if (e.Name.Contains(t))
                    {
                        if (nameWords.Add(t))
                        {
                            var weight = k == 0 && group.Length > 1 ? 0.6 : 1.0;
                            groupName += weight * Idf(t);
                            nameHit += Idf(t);
                        }

                        matched = true;
                    }
                    else if (e.Extra.Contains(t))
                    {
                        bestExtra = Math.Max(bestExtra, Idf(t));
                    }

                    if (_learned.TryGetValue(t, out var learned) && learned.TryGetValue(e.Item.Id, out var w))
                    {
                        bestLearned = Math.Max(bestLearned, w);
                    }
                }

                if (matched)
                {
                    score += groupName;
                    matchedAt[i] = 1;
                }
                else if (bestExtra > 0)
                {
                    extra += bestExtra;
                    matchedAt[i] = 2;
                }

                if (bestLearned > 0)
                {
                    score += bestLearned;
                    matchedAt[i] = matchedAt[i] == 0 ? 3 : matchedAt[i];
                }
            }

            // Description and category words only break ties between names; they never outweigh a name word.
            score += 0.3 * extra;
            if (score <= 0)
            {
                continue;
            }

            var sizeAgreement = SizeAgreement(e.Sizes, sizes, e.Item.Unit);
            score += sizeAgreement;

            // How much of the noun phrase around the matched words the item explains: "whole house filter" is not an
            // air filter, "2 moss rock boulders" not decorative rock. The phrase runs over content words on both sides.
            Array.Clear(inWindow);
            for (var i = 0; i < phrase.Count; i++)
            {
                if (matchedAt[i] == 0)
                {
                    continue;
                }

                inWindow[i] = true;
                for (var j = i - 1; j >= 0 && content[j]; j--)
                {
                    inWindow[j] = true;
                }

                for (var j = i + 1; j < phrase.Count && content[j]; j++)
                {
                    inWindow[j] = true;
                }
            }

            double phraseWeight = 0, phraseHit = 0;
            var lastInWindow = -1;
            for (var i = 0; i < phrase.Count; i++)
            {
                if (!inWindow[i])
                {
                    continue;
                }

                lastInWindow = i;

                var w = Math.Max(weights[i], matchedAt[i] > 0 ? PhraseWeight(phrase[i][0]) : 0);
                var verb = VerbWords.Contains(phrase[i][0]);
                if (matchedAt[i] == 0 && verb)
                {
                    continue; // a verb left unmatched says nothing about the object
                }

                phraseWeight += w;
                phraseHit += matchedAt[i] switch { 1 => w, 2 => 0.5 * w, 3 => w, _ => 0 };
            }

            // A size that agrees is a word of the phrase the item explains ("3/4 union-end PRV").
            if (sizeAgreement > 0)
            {
                phraseHit += 2.0;
                phraseWeight += 2.0;
            }

            // The item's head word, its rarest name word, or half its name plus an agreeing size ("4 ft of 2in pvc").
            var head = (e.Head.Length > 0 && nameWords.Contains(e.Head)) || (e.Distinctive.Length > 0 && nameWords.Contains(e.Distinctive))
                || (sizeAgreement > 0 && nameTotal > 0 && nameHit / nameTotal >= 0.4);
            results.Add(new ItemMatch(
                e.Item,
                score,
                nameTotal > 0 ? Math.Min(1.0, nameHit / nameTotal) : 0,
                phraseWeight > 0 ? Math.Min(1.0, phraseHit / phraseWeight) : 0,
                head)
            {
                NameWordShare = e.Name.Count > 0 ? nameWords.Count / (double)e.Name.Count : 0,
                PhraseHeadNamed = lastInWindow >= 0 && matchedAt[lastInWindow] is 1 or 3,
                SizeAgrees = sizeAgreement > 0,
                SizeConflicts = sizeAgreement < 0,
            });
        }

        results.Sort((a, b) => b.Score.CompareTo(a.Score));
        return results;
    }

    /// <summary>A number written like a code, not a size or count: "12/2" cable, "18/7" wire, "14/3".</summary>
    internal static bool IsCode(string stem)
    {
        var slash = stem.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && int.TryParse(stem.AsSpan(0, slash), out var a) && int.TryParse(stem.AsSpan(slash + 1), out var b) && b > 0 && a > b;
    }

    private double PhraseWeight(string stem) => _idf.TryGetValue(stem, out var v) ? Math.Max(v, 0.3) : (_learned.ContainsKey(stem) ? 1.0 : 2.0);

    /// <summary>Verbs that carry no object meaning; a phrase is not measured by them.</summary>
    internal static readonly HashSet<string> VerbWords = new(StringComparer.Ordinal)
    {
        "replac", "install", "swap", "swapp", "put", "ad", "add", "set", "mount", "hang", "hung", "plant", "lay", "laid", "spread", "rebuil",
        "rebuilt", "splic", "sweat", "throw", "chang", "upgrad", "fit", "fitt", "us", "run", "ran", "tie", "wir", "go", "feather", "work", "cut",
        "drop", "dropp", "top", "topp", "weigh", "finish", "do", "did", "don", "got", "get", "took", "take", "need", "needed", "had", "came",
    };

    private static double SizeAgreement(IReadOnlyList<Size> itemSizes, IReadOnlyList<Size> phraseSizes, string itemUnit)
    {
        double bonus = 0;
        foreach (var p in phraseSizes)
        {
            if (p.Kind == Size.FiguresKind)
            {
                // "springs .218 x 2 x 30": the figures of the item's name, all of them, in order.
                var dims = itemSizes.Where(s => s.Kind == Size.FiguresKind).ToList();
                if (dims.Count > 0)
                {
                    bonus += dims.Any(s => s.Dimensions == p.Dimensions) ? 1.5 : -2.0;
                }

                continue;
            }

            var sameKind = itemSizes.Where(s => s.Kind != Size.FiguresKind && (s.Kind == p.Kind || p.Kind.Length == 0 || s.Kind.Length == 0)).ToList();
            if (sameKind.Count == 0)
            {
                continue;
            }

            // A weight may be how much was used ("8 lbs of salt" of a 40 lb bag); it speaks against an item only when the
            // item is sold by the piece and the weight is its size ("130#" is no 150 lb spring).
            var agrees = sameKind.Any(s => s.Value == p.Value);
            bonus += agrees ? 1.5 : (p.Kind.Length == 0 ? -0.5 : p.Kind == "lb" && !Amounts.IsCountUnit(itemUnit) ? 0 : -2.0);
        }

        return bonus;
    }

    private static Entry Describe(CatalogItem item)
    {
        var name = Words(item.Name);
        var extra = Words(item.Description + " " + item.Category);
        extra.ExceptWith(name);
        var nameTokens = Tokenizer.Tokenize(System.Text.RegularExpressions.Regex.Replace(item.Name, @"\(.*?\)", " ")).Where(t => !t.IsNumber && !StopWords.Contains(t.Stem) && !Units.Contains(t.Stem)).ToList();
        var head = nameTokens.Count > 0 ? nameTokens[^1].Stem : string.Empty;
        var sizes = Size.Find(item.Name + " " + item.Description);
        var all = TextExpansion.Expand(Tokenizer.Tokenize(item.Name + " " + item.Description)).ToHashSet(StringComparer.Ordinal);
        var nameStems = Tokenizer.Tokenize(item.Name).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        var standard = System.Text.RegularExpressions.Regex.IsMatch(item.Name + " " + item.Description, @"\b(standard|basic|regular|single)\b(?! (size|hours?|rate))", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var described = Tokenizer.Tokenize(item.Description.Split([',', ';', '(', '.'], 2)[0]).Where(t => !t.IsNumber && !StopWords.Contains(t.Stem) && !Units.Contains(t.Stem)).ToList();
        return new Entry(item, name, extra, head, string.Empty, sizes, all, nameStems)
        {
            Standard = standard,
            DescriptionHead = described.Count > 0 ? described[^1].Stem : string.Empty,
            Included = IncludedWords(item.Description, IsKit(item.Name)),
            Participles = Tokenizer.Tokenize(item.Description).Select(t => t.Text.ToLowerInvariant()).Where(IrregularParticiples.Contains).ToHashSet(StringComparer.Ordinal),
        };
    }

    private static List<string> MainWords(CatalogItem item) =>
        Tokenizer.Tokenize(System.Text.RegularExpressions.Regex.Replace(item.Name, @"\(.*?\)", " "))
            .Where(t => !t.IsNumber && !StopWords.Contains(t.Stem) && !Units.Contains(t.Stem)).Select(t => t.Stem).ToList();

    private static HashSet<string> Words(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match code in System.Text.RegularExpressions.Regex.Matches(text, @"\b[A-Za-z]{1,3}-?(\d{2,4})[A-Za-z]?\b"))
        {
            set.Add(code.Groups[1].Value);
        }

        foreach (var t in Tokenizer.Tokenize(text).Select(t => t.Stem))
        {
            if (!StopWords.Contains(t) && (!(t.Length > 0 && char.IsDigit(t[0])) || IsCode(t)))
            {
                set.Add(t);
            }
        }

        return set;
    }

    internal static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "in", "gal", "foot", "pound", "oz", "yard", "ton", "hp", "btu", "k", "w", "v", "mm", "cm", "m", "qt", "quart", "square", "cubic",
        "psi", "amp", "a", "microfarad", "x", "bag", "box", "roll", "case", "pallet", "bundle", "sheet", "ga",
    };

    internal static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "on", "in", "at", "to", "for", "and", "or", "with", "w", "by", "from", "per", "any", "each", "it", "its",
        "one", "new", "old", "our", "ours", "all", "both", "be", "have", "do", "up", "out", "off", "into", "thru", "through", "so", "as",
        "that", "this", "these", "those", "them", "em", "they", "we", "he", "she", "his", "her", "their", "i", "me", "my", "just", "also",
        "then", "after", "before", "while", "since", "but", "not", "no", "only", "more", "less", "than", "there", "here", "what", "x",
        "customer", "cust", "quantity", "approximately", "about", "around", "standard", "replacement", "replace", "install",
        "including", "regul", "hour", "hours", "unit", "item", "kit", "set", "put", "run", "use", "used", "add", "added",
        // where and which one, not what: "the lower element", "hot side stop", "front strip"
        "upper", "lower", "hot", "cold", "front", "back", "left", "right", "side", "main", "top", "bottom", "north", "south", "east",
        "west", "inner", "outer", "first", "second", "third", "other", "same", "whole", "full", "existing", "original", "current",
        // "RF 8 in element", "LH cable", "the infinite switch too": which side, or an adverb, is not what
        "rf", "lf", "rr", "lr", "lh", "rh", "too", "again",
    };
}

/// <summary>
/// A size written with an item: "1/2 in", "50 gal", "3/4 hp", "130 lb", or dimensions ("16x7", ".218 x 2 x 30", kind
/// <see cref="DimensionKind"/> or <see cref="FiguresKind"/>). Kind is empty when no unit was written.
/// </summary>
internal readonly partial record struct Size(decimal Value, string Kind)
{
    /// <summary>
    /// The kind of dimensions of three figures or more, or with fractions (".218 x 2 x 30", "1-3/4 x 28"), compared by
    /// <see cref="Dimensions"/>; two whole figures ("16x7") are a <see cref="DimensionKind"/>.
    /// </summary>
    public const string FiguresKind = "x";

    /// <summary>For <see cref="FiguresKind"/>, the figures in order ("0.218x2x30"); null for any other size.</summary>
    public string? Dimensions { get; init; }

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["in"] = "in", ["inch"] = "in", ["gal"] = "gal", ["g"] = "gal", ["gallon"] = "gal", ["hp"] = "hp", ["horsepower"] = "hp",
        ["k"] = "k", ["btu"] = "btu", ["mfd"] = "mfd", ["uf"] = "mfd", ["microfarad"] = "mfd", ["v"] = "v", ["volt"] = "v", ["amp"] = "amp", ["a"] = "amp",
        ["w"] = "w", ["watt"] = "w", ["ton"] = "ton", ["pole"] = "pole", ["zone"] = "zone", ["station"] = "zone",
        ["lb"] = "lb", ["pound"] = "lb",
    };

    public static List<Size> Find(string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        var sizes = new List<Size>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].IsNumber || !TryValue(tokens[i].Stem, out var value))
            {
                continue;
            }

            // "1-1/2": a whole number then a fraction written together.
            if (i + 1 < tokens.Count && tokens[i + 1].Stem.Contains('/', StringComparison.Ordinal) && tokens[i + 1].Start - tokens[i].End <= 1
                && !tokens[i].Stem.Contains('/', StringComparison.Ordinal) && TryValue(tokens[i + 1].Stem, out var frac) && frac < 1)
            {
                value += frac;
                i++;
            }

            // "13x13", "2 x 6": two whole numbers joined by x are one size, a dimension, whatever order they are written in
            // ("13x18" and "18x13" alike); not a third part ("4x4x8") and not lengths ("2 x 10'", "3x4 ft").
            if (Dimension(text, tokens, i) is { } dimension)
            {
                sizes.Add(dimension);
                i += 2;
                continue;
            }

            var isHash = tokens[i].Start > 0 && text[tokens[i].Start - 1] == '#';
            // "new 130#": a weight written with a pound sign after the figure.
            var hashAfter = tokens[i].End < text.Length && text[tokens[i].End] == '#' && !isHash;
            var next = i + 1 < tokens.Count ? tokens[i + 1] : default;
            var nextIsNear = next.Text is not null && next.Start - tokens[i].End <= 1;
            var quoteInch = tokens[i].End < text.Length && text[tokens[i].End] == '"';
            if (isHash)
            {
                sizes.Add(new Size(value, "gal"));
            }
            else if (hashAfter)
            {
                sizes.Add(new Size(value, "lb"));
            }
            else if (quoteInch)
            {
                sizes.Add(new Size(value, "in"));
            }
            else if (next.Text is not null && nextIsNear && Kinds.TryGetValue(next.Stem, out var kind))
            {
                sizes.Add(new Size(value, kind));
            }
            else if (tokens[i].Stem.Contains('/', StringComparison.Ordinal) && value < 1)
            {
                sizes.Add(new Size(value, string.Empty));
            }
        }

        foreach (System.Text.RegularExpressions.Match m in HasDimensions(text) ? DimensionPattern().Matches(text) : Enumerable.Empty<System.Text.RegularExpressions.Match>())
        {
            var figures = m.Groups["n"].Captures.Select(c => Figure(c.Value)).ToList();
            // "2 x 4" spaced may be a count times a length; three figures, or figures written together ("16x7"), are a size.
            // Two whole figures are read above as one two-part dimension.
            if (figures.All(f => f is not null) && (figures.Count >= 3 || (!m.Value.Contains(' ', StringComparison.Ordinal) && figures.Any(f => f != Math.Floor(f!.Value)))))
            {
                sizes.Add(new Size(0, FiguresKind) { Dimensions = string.Join('x', figures.Select(f => f!.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture))) });
            }
        }

        return sizes;
    }

    /// <summary>The characters of a text's dimension strings ("16x7", ".218 x 2 x 30"): figures of a size, never amounts.</summary>
    public static bool HasDimensions(string text) => DimensionPattern().IsMatch(text);

    public static IEnumerable<(int Start, int End)> DimensionSpans(string text)
    {
        foreach (System.Text.RegularExpressions.Match m in DimensionPattern().Matches(text))
        {
            if (m.Groups["n"].Captures.Count >= 3 || !m.Value.Contains(' ', StringComparison.Ordinal))
            {
                yield return (m.Index, m.Index + m.Length);
            }
        }
    }

    // "1-3/4" is one figure; ".218" keeps its point.
    private static decimal? Figure(string written)
    {
        var parts = written.Split('-', 2);
        if (parts.Length == 2 && TryValue(parts[0], out var whole) && TryValue(parts[1], out var frac))
        {
            return whole + frac;
        }

        var w = written.StartsWith('.') ? "0" + written : written;
        return TryValue(w, out var v) ? v : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.])(?<n>\.?\d+(?:\.\d+)?(?:-\d+/\d+|/\d+)?)(?:\s*[x\u00d7]\s*(?<n>\.?\d+(?:\.\d+)?(?:-\d+/\d+|/\d+)?))+(?!\w|\.\d)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DimensionPattern();

    /// <summary>The kind of a two-part dimension ("13x18"); its value is the smaller figure plus the larger in thousandths.</summary>
    public const string DimensionKind = "dim";

    private static Size? Dimension(string text, List<Token> tokens, int i)
    {
        if (i + 2 >= tokens.Count || tokens[i + 1].Stem != "x" || !tokens[i + 2].IsNumber
            || tokens[i + 1].Start - tokens[i].End > 1 || tokens[i + 2].Start - tokens[i + 1].End > 1
            || !int.TryParse(tokens[i].Stem, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a)
            || !int.TryParse(tokens[i + 2].Stem, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b)
            || a < 1 || b < 1 || a > 999 || b > 999)
        {
            return null;
        }

        var before = tokens[i].Start > 0 ? text[tokens[i].Start - 1] : ' ';
        var after = tokens[i + 2].End < text.Length ? text[tokens[i + 2].End] : ' ';
        var nextWord = i + 3 < tokens.Count ? tokens[i + 3].Stem : string.Empty;
        if (before is 'x' or 'X' || after is '\'' or '"' or 'x' or 'X' || nextWord is "ft" or "foot" or "feet" or "'"
            || (i + 4 < tokens.Count && nextWord == "x" && tokens[i + 4].IsNumber))
        {
            return null;
        }

        return new Size(Math.Min(a, b) + (Math.Max(a, b) / 1000m), DimensionKind);
    }

    public static bool TryValue(string stem, out decimal value)
    {
        var slash = stem.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && decimal.TryParse(stem[..slash], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var num)
            && decimal.TryParse(stem[(slash + 1)..], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var den)
            && den != 0)
        {
            value = Math.Round(num / den, 4);
            return true;
        }

        return decimal.TryParse(stem, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>Adds the trade lexicon's plain words to a token sequence (multi-word written forms first).</summary>
internal static class TextExpansion
{
    private static readonly HashSet<string> QuantityWords = new(StringComparer.OrdinalIgnoreCase) { "couple", "couples", "few", "several", "dozen" };

    public static List<string> Expand(IReadOnlyList<Token> tokens) => ExpandGroups(tokens).SelectMany(g => g).ToList();

    /// <summary>One group per token: its stem, then the lexicon's plain words for the longest written form starting there.</summary>
    public static List<string[]> ExpandGroups(IReadOnlyList<Token> tokens)
    {
        var output = new List<string[]>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            string[] group = [tokens[i].Stem];
            if (QuantityWords.Contains(tokens[i].Text))
            {
                output.Add(group);
                continue; // "a couple" is an amount, not a coupling, though both stem alike
            }

            for (var len = Math.Min(TradeLexicon.LongestPhrase, tokens.Count - i); len >= 1; len--)
            {
                var key = len == 1 ? tokens[i].Stem : string.Join(' ', tokens.Skip(i).Take(len).Select(t => t.Stem));
                if (TradeLexicon.Expansions.TryGetValue(key, out var plain))
                {
                    group = [tokens[i].Stem, .. plain.Where(p => p != tokens[i].Stem)];
                    break;
                }
            }

            output.Add(group);
        }

        return output;
    }
}
