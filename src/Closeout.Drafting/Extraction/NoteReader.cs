using System.Text.RegularExpressions;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Quantities;

namespace Closeout.Drafting.Extraction;

/// <summary>
/// Reads one note: splits it into sentences and fragments, finds the catalog items each fragment mentions, and
/// decides from the cue words around them what happened to each (done, declined, supplied by the customer...).
/// </summary>
internal sealed partial class NoteReader(CatalogIndex index, IReadOnlySet<string> loggedItemIds, List<string[]> jobContext, List<string[]> loggedStems)
{
    public Action<string>? Trace { get; init; }

    public ISemanticMatcher? Semantic { get; init; }

    public double SemanticThreshold { get; init; } = 0.6;

    private const double MinScore = 1.2;

    // The note being read, its words expanded on first need: what a size alone refers to may be named a sentence before.
    private string _noteText = string.Empty;
    private List<string[]>? _noteStems;

    // The sizes the sentence being read states: a size written beside one noun may say which sized sibling another is.
    private List<Size> _sentenceSizes = [];

    private List<Size> _noteSizesBefore = [];

    private List<string[]> NoteStems => _noteStems ??= TextExpansion.ExpandGroups(Tokenizer.Tokenize(_noteText));

    private sealed record FragmentInfo(
        Fragment Fragment,
        List<string[]> Stems,
        List<Size> Sizes,
        List<Amount> Amounts,
        List<(ItemMatch Match, int Start, int End, bool Secondary)> Items,
        bool Install,
        bool Negated,
        bool CameWith,
        bool Recommend,
        bool CustomerSupplied,
        bool Conditional,
        bool Vague,
        bool Removal,
        bool Advice,
        bool Reversal)
    {
        /// <summary>The fragment is a parenthetical aside: "(she bought it online)".</summary>
        public bool Aside { get; init; }
    }

    public (List<Mention> Mentions, List<UnmatchedWork> Unmatched) Read(
        string noteId, string text, int noteOrder, string? visitId, bool correctionNote)
    {
        var mentions = new List<Mention>();
        var unmatched = new List<UnmatchedWork>();
        _noteStems = null;
        _noteText = text;
        var previousSentence = (Start: 0, End: 0);
        _sentenceSizes = [];
        _noteSizesBefore = [];
        foreach (var sentence in ClauseSplitter.Split(noteId, text))
        {
            // "Both springs .218 x 2 x 30 taking a set. Replaced both.": a sentence whose only object is a pronoun or a
            // count speaks of what the sentence before it named.
            if (PronounObjectInstall().Match(sentence.Text) is { Success: true } pronoun)
            {
                var count = pronoun.Groups["n"].Success && NumberWords.TryParse(pronoun.Groups["n"].Value, out var n) ? n : (decimal?)null;
                var named = mentions.Skip(previousSentence.Start).Take(previousSentence.End - previousSentence.Start)
                    .Select((m, k) => (m, k: k + previousSentence.Start)).Where(x => x.m.Status == MentionStatus.Observed && x.m.Strict && x.m.Item.Kind == ItemKind.Product).ToList();
                foreach (var (m, k) in named)
                {
                    mentions[k] = m with { Status = MentionStatus.Done, Quantity = m.Quantity ?? (named.Count == 1 ? count : null) };
                }
            }

            var sentenceMentionsStart = mentions.Count;
            var sentenceStems = TextExpansion.ExpandGroups(Tokenizer.Tokenize(sentence.Text));
            // The sizes of the sentences before this one, gathered as the note is read.
            _noteSizesBefore.AddRange(_sentenceSizes);
            _sentenceSizes = Size.Find(sentence.Text);
            // An amount standing alone in the next fragment ("..., 6 ft") tells what unit this fragment's item is sold in.
            var infos = sentence.Fragments.Select((f, k) => Describe(f, sentenceStems, k + 1 < sentence.Fragments.Count ? AloneAmountUnit(sentence.Fragments[k + 1]) : null)
                with { Aside = text.LastIndexOf('(', f.Start) is var open && open >= sentence.Start && open >= (k > 0 ? sentence.Fragments[k - 1].Start + sentence.Fragments[k - 1].Length : sentence.Start) }).ToList();
            var approval = Cues.Approval().IsMatch(sentence.Text);
            var refusal = Cues.Refusal().IsMatch(sentence.Text);
            var mentionsBefore = mentions.Count;
            var unmatchedBefore = unmatched.Count;
            for (var i = 0; i < infos.Count; i++)
            {
                var info = infos[i];
                // "Took down the old Genie chain unit, took it w/ us for recycling": taking away what was just removed is the
                // fee whose description takes away that kind of thing ("Take away and recycle the old opener").
                if (info.Items.Count == 0 && !info.Negated && !info.Recommend && !info.Conditional && Cues.TakenAway().IsMatch(info.Fragment.Text)
                    && mentions.Skip(sentenceMentionsStart).LastOrDefault() is { Status: MentionStatus.Observed, Strict: true } removed
                    && infos.Take(i).Any(f => f.Removal) && index.DisposalFeeFor(removed.Item) is { } fee)
                {
                    var f = info.Fragment;
                    mentions.Add(new Mention(fee, MentionStatus.Done, 1, false, false, false, Span(noteId, f.Start, f.Length, text),
                        noteOrder, visitId, correctionNote, false, true, 0.7));
                    continue;
                }

                if (info.Items.Count == 0 && !info.Negated && !info.Recommend && !info.Conditional && MadeWithoutAName(info) is { } madeItem)
                {
                    var count = info.Amounts.FirstOrDefault(a => a.Unit == Amounts.Each && !a.Multiplier)?.Value;
                    var f = info.Fragment;
                    mentions.Add(new Mention(madeItem, MentionStatus.Done, count ?? 1, false, false, count > 1, Span(noteId, f.Start, f.Length, text),
                        noteOrder, visitId, correctionNote, false, true, 0.7));
                    continue;
                }

                // "Hall CO alarm end of life, chirping. Replaced the hall one.": one of the kind the note just named.
                if (info.Items.Count == 0 && info.Install && !info.Negated && !info.Recommend && !info.Conditional && !info.CustomerSupplied
                    && TheOtherOne().IsMatch(info.Fragment.Text) && mentions.LastOrDefault(x => x.Strict && x.Item.Kind == ItemKind.Product) is { } named)
                {
                    mentions.Add(named with
                    {
                        Status = MentionStatus.Done, Quantity = 1, Vague = false, IsTotal = false, Plural = false,
                        Evidence = Span(noteId, info.Fragment.Start, info.Fragment.Length, text), Secondary = false, Confidence = 0.6,
                    });
                    continue;
                }

                if (info.Items.Count == 0)
                {
                    var suppliedAside = i + 1 < infos.Count && infos[i + 1].CustomerSupplied && infos[i + 1].Items.Count == 0 && infos[i + 1].Aside;
                    if (info.CustomerSupplied || (suppliedAside && Cues.StrongInstall().IsMatch(info.Fragment.Text)))
                    {
                        unmatched.Add(new UnmatchedWork(info.Fragment.Text, Span(noteId, info.Fragment.Start, info.Fragment.Length, text), visitId, CustomerSupplied: true));
                        if (suppliedAside)
                        {
                            i++;
                        }
                    }
                    // "re-ran 45' of new 18/7, DBY splices on all 7 conductors": a verbless fragment of a list whose verb put
                    // things in, itself naming a thing put in, is an install too.
                    else if ((Cues.StrongInstall().IsMatch(info.Fragment.Text) || (info.Install && Verbless(info.Fragment.Text) && infos.Take(i).Any(f => f.Install && Cues.StrongInstall().IsMatch(f.Fragment.Text) || f.Install && IsPastVerbStart(f.Fragment.Text))))
                        && !info.Negated && !info.Recommend && !info.Conditional && !info.CustomerSupplied && !info.Advice && LooksLikeThing(info))
                    {
                        unmatched.Add(new UnmatchedWork(info.Fragment.Text, Span(noteId, info.Fragment.Start, info.Fragment.Length, text), visitId));
                    }

                    continue;
                }

                
                foreach (var (found, start, end, secondary) in info.Items)
                {
                    var match = found;
                    var status = StatusOf(infos, i, match.Item, approval, refusal);
                    // "Pulled the nest + bagged it" of "Animal or nest removal": taking away the thing a removal service's
                    // name names is that service done.
                    if (match.Item.Kind == ItemKind.Service && status is MentionStatus.Observed or MentionStatus.Done && !info.Negated && !info.Recommend && !info.Conditional
                        && Cues.RemovalVerb().IsMatch(info.Fragment.Text) && match.PhraseHeadNamed && match.NameWordShare > 0
                        && index.NameWordsOf(match.Item).Any(w => w.StartsWith("remov", StringComparison.Ordinal)))
                    {
                        status = MentionStatus.Done;
                        match = match with { Strict = true, Named = true };
                    }

                    var (quantity, vague, isTotal, unitAmount) = QuantityFor(infos, i, match.Item, start);
                    // "4 monitors checked, ..., swapped the one under the sink": what was replaced is the part of the
                    // counted set a later clause names, not the whole count.
                    if (quantity > 1 && PartOfSet(infos, i) is { } part)
                    {
                        quantity = part;
                        status = MentionStatus.Done;
                    }

                    // "Rekeyed front, back + garage entry", "Door sweeps on the garage entry + basement door": with no
                    // number, a thing done at each of a list of places was done that many times.
                    if (quantity is null && !vague && status is MentionStatus.Done or MentionStatus.Observed && !info.Negated && !info.Removal
                        && (PerCounted(match.Item) || (Amounts.IsCountUnit(match.Item.Unit) && match.Item.Kind == ItemKind.Product && IsPlural(text, start, end)))
                        && PlacesListed(text, infos, i, match.Item) is { } places)
                    {
                        quantity = places;
                    }

                    // A plain amount of a material is a statement of what was used ("120' edging around both"); in a
                    // correction any amount is ("Just the 2 couplings").
                    // So is a bare count in a verbless list ("Fittings - 7 adapters, 6 tees, 4 ells = 17").
                    var verbless = !Tokenizer.Tokenize(info.Fragment.Text).Any(t => Cues.OwnVerb().IsMatch(t.Text) || IsPastVerb(t.Text) || Cues.ServiceOnlyVerb().IsMatch(t.Text));
                    // In a correction, an amount stated for the thing is what was used ("only 2 tubes of gel, the 3rd
                    // went back in the kit"), whatever the clauses after it say of the rest.
                    if (correctionNote && quantity is not null && !info.Negated && !info.Recommend && status is MentionStatus.CameWith or MentionStatus.NotDone or MentionStatus.Conditional)
                    {
                        status = MentionStatus.Done;
                    }

                    // "Keypad on the left door only": a logged thing said to be at one place only was done there.
                    if (status == MentionStatus.Observed && loggedItemIds.Contains(match.Item.Id) && OnlyHere(info, text))
                    {
                        status = MentionStatus.Done;
                    }

                    if (status == MentionStatus.Observed && !info.Removal && (unitAmount || (correctionNote && quantity is not null) || (quantity is not null && verbless))
                        && !ExistingThingOfWorkVerb(infos, i))
                    {
                        status = MentionStatus.Done;
                    }

                    // "Sat nite lockout. Picked the front knob...": a flat-rate service named as the note's opening words,
                    // with nothing else in its sentence, is what the visit was.
                    if (status == MentionStatus.Observed && match.Item.Kind == ItemKind.Service && match.Strict && verbless && i == 0
                        && sentence.Start == 0 && !info.Negated && !info.Recommend && !info.Conditional && !approval && !refusal)
                    {
                        status = MentionStatus.Done;
                    }

                    // "fished some 14/2 down", "+ some soda ash": a vague amount of a material sold by measure says some
                    // was used, only not how much.
                    if (status == MentionStatus.Observed && !info.Removal && quantity is null && vague && match.Item.Kind == ItemKind.Product
                        && !Amounts.IsCountUnit(match.Item.Unit) && VagueAmountBefore(info.Fragment.Text, match.Item))
                    {
                        status = MentionStatus.Done;
                    }

                    Trace?.Invoke($"      mention {match.Item.Id} status={status} q={quantity} secondary={secondary} strict={match.Strict}");
                    if (secondary && status == MentionStatus.Done && quantity is null)
                    {
                        continue;
                    }

                    // Loosely named things are only good for flags, never for billing.
                    // "Plugged it w/ pool putty (not a stock item)": the technician says no catalog item fits.
                    if (status == MentionStatus.Done && (Cues.NotStocked().IsMatch(info.Fragment.Text) || (i + 1 < infos.Count && infos[i + 1].Items.Count == 0 && Cues.NotStocked().IsMatch(infos[i + 1].Fragment.Text))))
                    {
                        unmatched.Add(new UnmatchedWork(info.Fragment.Text, Span(noteId, info.Fragment.Start, info.Fragment.Length, text), visitId));
                        continue;
                    }

                    // "some soda ash", "fished some 14/2": a material sold by measure, used in an amount nobody wrote down.
                    if (!match.Strict && vague && quantity is null && status is MentionStatus.Done or MentionStatus.Observed && !Amounts.IsCountUnit(match.Item.Unit) && match.Item.Kind == ItemKind.Product)
                    {
                        unmatched.Add(new UnmatchedWork(info.Fragment.Text, Span(noteId, info.Fragment.Start, info.Fragment.Length, text), visitId) { Kind = FlagKind.Ambiguous });
                        continue;
                    }

                    if (!match.Strict && status is MentionStatus.Done or MentionStatus.Observed)
                    {
                        if (status == MentionStatus.Done && Cues.StrongInstall().IsMatch(info.Fragment.Text) && LooksLikeThing(info))
                        {
                            unmatched.Add(new UnmatchedWork(info.Fragment.Text, Span(noteId, info.Fragment.Start, info.Fragment.Length, text), visitId));
                        }

                        continue;
                    }

                    var plural = IsPlural(text, start, end);
                    var mention = new Mention(
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
                        secondary,
                        match.Named,
                        match.Semantic ? 0.45 : Math.Min(0.95, 0.5 + (match.ItemCoverage * 0.3) + (match.PhraseCoverage * 0.2)))
                    {
                        Additional = Cues.Additional().IsMatch(info.Fragment.Text),
                    };
                    mentions.Add(mention);

                    // "Hung cust's own ceiling fan (she bought it)": the flat-rate service is ours and billed, the
                    // equipment it was done on was the customer's, which the reviewer is told.
                    var suppliedAside = i + 1 < infos.Count && infos[i + 1].CustomerSupplied && infos[i + 1].Items.Count == 0 && infos[i + 1].Aside;
                    if (match.Item.Kind == ItemKind.Service && status == MentionStatus.Done && (info.CustomerSupplied || suppliedAside))
                    {
                        mentions.Add(mention with { Status = MentionStatus.CustomerSupplied, Quantity = null });
                    }
                }
            }

            // "the 2 existing levers on the office doors rekeyed into the system": a flat-rate service's own verb after
            // the thing it was done to says the service was done, once per thing counted when it is priced per thing.
            for (var i = 0; i < infos.Count && index.HasOneWordServices; i++)
            {
                if (TrailingServiceVerb(infos[i]) is { } service && !infos[i].Recommend && !infos[i].Conditional
                    && !mentions.Skip(mentionsBefore).Any(m => m.Item.Id == service.Item.Id && m.Evidence.Start == infos[i].Fragment.Start))
                {
                    var f = infos[i].Fragment;
                    var count = infos[i].Amounts.Where(a => a.Unit == Amounts.Each && !a.Multiplier && a.Value >= 1 && a.Value == Math.Floor(a.Value)).ToList();
                    var quantity = PerCounted(service.Item) && count.Count == 1 ? count[0].Value : (decimal?)null;
                    mentions.Add(new Mention(service.Item, MentionStatus.Done, quantity, false, false, false, Span(noteId, f.Start, f.Length, text),
                        noteOrder, visitId, correctionNote, false, true, 0.7));
                }
            }

            previousSentence = (sentenceMentionsStart, mentions.Count);

            // "Hung a fly light in the garage - not a stock item": whatever it was, no catalog item fits.
            if (Cues.NotStocked().IsMatch(sentence.Text) && !unmatched.Skip(unmatchedBefore).Any(u => u.Kind == FlagKind.NotInCatalog))
            {
                unmatched.Add(new UnmatchedWork(sentence.Text, Span(noteId, sentence.Start, sentence.Length, text), visitId));
            }

            // "Skimmer needs a full rebuild - quoted it, cust wants to wait": work recommended and put off is declined
            // even when no catalog item names it.
            if (Cues.Recommend().IsMatch(sentence.Text) && refusal && !approval
                && !mentions.Skip(mentionsBefore).Any(m => m.Status == MentionStatus.Declined) && unmatched.Count == unmatchedBefore)
            {
                unmatched.Add(new UnmatchedWork(sentence.Text, Span(noteId, sentence.Start, sentence.Length, text), visitId) { Kind = FlagKind.Declined });
            }
        }

        return (mentions, unmatched);
    }

    private static Evidence.NoteSpan Span(string noteId, int start, int length, string text) => new(noteId, start, length, text.Substring(start, length));

    private FragmentInfo Describe(Fragment fragment, List<string[]> sentenceStems, string? nextAmountUnit)
    {
        var tokens = ObjectTokens(Tokenizer.Tokenize(fragment.Text));
        var kept = LeadingVerbDropped(tokens);
        var stems = TextExpansion.ExpandGroups(kept);
        for (var k = 0; k < kept.Count; k++)
        {
            // "the top-sealer" of "Top-sealing damper": a word the catalog lacks, ending in an agent's "-er", may be read
            // as the verb it is made from when the catalog has that.
            var w = kept[k].Text.ToLowerInvariant();
            if (stems[k].Length == 1 && w.Length >= 6 && w.EndsWith("er", StringComparison.Ordinal) && !index.IsCatalogWord(kept[k].Stem)
                && Tokenizer.Stem(w[..^2] + "ing") is var verb && index.IsCatalogWord(verb))
            {
                stems[k] = [kept[k].Stem, verb];
            }
        }
        var amounts = Amounts.Find(fragment.Text);
        for (var k = 0; k < kept.Count; k++)
        {
            // "22' of black iron" is an amount, not R-22.
            if (kept[k].IsNumber && amounts.Any(a => kept[k].Start == a.Start))
            {
                stems[k] = [kept[k].Stem];
            }
            else if ((IsNumberWord(kept[k].Text) && amounts.Any(a => a.Start <= kept[k].Start && kept[k].End <= a.End))
                || (kept[k].Stem == "total" && amounts.Count > 0))
            {
                // "a hundred and twenty pounds of absorbent": the words of a number are a number, not the thing's words;
                // "twenty keys total": nor is the word that says an amount is the whole.
                stems[k] = ["0"];
            }
        }

        var boundaries = kept.Select(IsPhraseBoundary).ToList();
        var sizes = Size.Find(fragment.Text);
        var items = FindItems(fragment, tokens, stems, boundaries, sizes, amounts, sentenceStems, nextAmountUnit);
        var customersExisting = Cues.CustomersExisting().IsMatch(fragment.Text);
        return new FragmentInfo(
            fragment,
            stems,
            sizes,
            amounts,
            items,
            Cues.InstallVerb().IsMatch(fragment.Text),
            Cues.Negation().IsMatch(fragment.Text) || customersExisting,
            Cues.CameWith().IsMatch(fragment.Text),
            Cues.Recommend().IsMatch(fragment.Text) || Cues.Refusal().IsMatch(fragment.Text),
            Cues.CustomerSupplied().IsMatch(fragment.Text) && !customersExisting,
            Cues.Conditional().IsMatch(fragment.Text),
            Cues.Vague().IsMatch(fragment.Text),
            Cues.Removal().IsMatch(fragment.Text) && !PulledALength(fragment.Text, amounts),
            Cues.Advice().IsMatch(fragment.Text),
            Cues.Reversal().IsMatch(fragment.Text));
    }

    // "Drained and pulled it": a clause's leading past-tense verb is what was done, not what was used, unless an
    // item is named by it ("Strapped per code", "Cabled the main").
    private List<Token> LeadingVerbDropped(List<Token> tokens)
    {
        // "Hung 2 new chain drives": an irregular past verb leading the clause is what was done, not a word of a thing
        // ("hung" is no "hanging kit"); it stays when no part is named by it, or when a flat-rate service's name carries it
        // ("Swept the flue" of "Chimney sweep"), as evidence for a service that does it.
        if (tokens.Count > 1 && IrregularPastVerbs.Contains(tokens[0].Text.ToLowerInvariant()) && !index.IsHeadWord(tokens[0].Stem)
            && !index.IsServiceNameWord(tokens[0].Stem) && TextExpansion.Expand([tokens[0]]).Any(index.IsProductNameWord))
        {
            return tokens.Skip(1).ToList();
        }

        if (tokens.Count == 0 || !tokens[0].Text.EndsWith("ed", StringComparison.OrdinalIgnoreCase) || tokens[0].Text.Length < 5)
        {
            return tokens;
        }

        var expanded = TextExpansion.Expand([tokens[0]]);
        return expanded.Count > 1 || index.IsHeadWord(tokens[0].Stem) ? tokens : tokens.Skip(1).ToList();
    }

    // Where a noun phrase ends: verbs ("cracked", "spinning", "starts"), conjunctions, numbers.
    private static bool IsPhraseBoundary(Token t) =>
        t.IsNumber || IsPastVerb(t.Text) || Cues.OwnVerb().IsMatch(t.Text) || t.Stem is "or" or "nor" or "had" or "has" or "have" or "be"
        || IrregularParticiples.Contains(t.Text.ToLowerInvariant());

    private static readonly HashSet<string> IrregularPastVerbs = new(StringComparer.Ordinal)
    {
        "hung", "ran", "laid", "threw", "took", "brought", "built", "sold", "dug", "fit", "wound", "rewound", "unwound", "swept",
    };

    // "element burnt open", "gasket torn": a participle that does not end in -ed still ends the noun phrase.
    private static readonly HashSet<string> IrregularParticiples = new(StringComparer.Ordinal)
    {
        "burnt", "blown", "broken", "worn", "torn", "bent", "stuck", "split", "gone", "frozen", "melted", "shot", "toast", "fried",
    };

    // A gallon or inch figure may be the thing's size ("5 gal" shrub); a weight is one when the catalog sells by the piece
    // something of that weight ("new 130#" of "Extension spring 130 lb"), and is otherwise an amount ("8 lbs DE").
    private bool MayBeSize(Amount a, List<Size> sizes) =>
        (a.Unit is "gallon" or "inch" && sizes.Any(z => z.Value == a.Value && z.Kind == (a.Unit == "gallon" ? "gal" : "in")))
        || (a.Unit == Units.Pound && sizes.Any(z => z.Value == a.Value && z.Kind == "lb") && index.SellsByThePieceSized(a.Value, "lb"));

    private static string? SizeKindOf(Amount a) => a.Unit switch { Units.Gallon => "gal", Units.Inch => "in", Units.Pound => "lb", _ => null };

    private static string? AloneAmountUnit(Fragment fragment)
    {
        var amounts = Amounts.Find(fragment.Text);
        var words = Tokenizer.Tokenize(fragment.Text).Count(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem) && Units.Normalize(t.Text) is null
            && t.Stem is not ("total" or "approx" or "approximately" or "about" or "roughly"));
        // "..., 1.5 hrs w/ apprentice" is time on the job, not the unit the item before it is sold in.
        return amounts.Count == 1 && amounts[0].Unit is not (Amounts.Each or Units.Hour or Units.Minute) && words == 0 ? amounts[0].Unit : null;
    }

    private static readonly HashSet<string> ChangeVerbs = new(StringComparer.Ordinal) { "chang", "convert", "upgrad", "swap", "swapp" };

    private static readonly HashSet<string> Locatives = new(StringComparer.Ordinal)
    {
        "on", "at", "after", "behind", "by", "from", "to", "into", "under", "over", "near", "above", "below", "beside", "off", "around",
        "along", "thru", "through", "past", "inside", "outside", "for", "onto", "against", "between", "that", "till", "until", "when", "per",
    };

    private static readonly HashSet<string> InfinitiveVerbs = new(StringComparer.Ordinal)
    {
        "put", "add", "run", "hang", "wire", "fix", "repair", "get", "move", "do", "wait", "hold",
    };

    // The words a verb acts on: a fragment's tokens before its first locative phrase ("on the main after the PRV"
    // names where, not what). A fragment that starts with one has no object of its own.
    internal static List<Token> ObjectTokens(List<Token> tokens)
    {
        // "changed the wall sw to an LED dimmer", "upgraded to the 3/4 hp": what it became is the object.
        var to = tokens.FindIndex(t => t.Stem == "to");
        if (to > 0 && to < tokens.Count - 1 && tokens.Take(to).Any(t => ChangeVerbs.Contains(t.Stem)))
        {
            return ObjectTokens(tokens.Skip(to + 1).ToList());
        }

        // "swapped it for a nylon one", "swapped all ten for nylon": what it was swapped for is the object.
        var swapFor = tokens.FindIndex(t => t.Stem is "for" or "with" or "w");
        if (swapFor > 0 && swapFor < tokens.Count - 1 && tokens.Take(swapFor).Any(t => ChangeVerbs.Contains(t.Stem))
            && tokens[swapFor + 1].Stem is not ("the" or "that" or "this" or "his" or "her" or "their" or "our" or "my" or "its")
            // "Swapped the gate latch for a new one": a target with no word of its own is the same thing, new.
            && tokens.Skip(swapFor + 1).Any(t => t.Stem is not ("a" or "an" or "new" or "one" or "ones" or "another" or "replacement" or "too")))
        {
            return ObjectTokens(tokens.Skip(swapFor + 1).ToList());
        }

        // "correction on mulch", "update re the fittings": what follows names the topic.
        if (tokens.Count > 1 && tokens[0].Stem is "correction" or "correct" or "update")
        {
            return tokens.Skip(1).Where(t => !Locatives.Contains(t.Stem)).ToList();
        }

        var result = new List<Token>(tokens.Count);
        var sawContent = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            // "offered to put GFCIs in", "wants to replace the panel": an infinitive's "to" leads to the object.
            var infinitive = t.Stem == "to" && i + 1 < tokens.Count && (Cues.InstallVerb().IsMatch(tokens[i + 1].Text) || InfinitiveVerbs.Contains(tokens[i + 1].Stem));
            // "Tenant asked for a new water filter": what was asked for is the object.
            infinitive |= t.Stem == "for" && i > 0 && tokens[i - 1].Text.ToLowerInvariant() is "asked" or "ask" or "asks" or "requested" or "wanted";
            // "cust wants to wait on guards for that side", "holding off on the sealer": what is put off is the object.
            infinitive |= t.Stem == "on" && i > 0 && tokens[i - 1].Text.ToLowerInvariant() is "wait" or "waiting" or "off" or "pass" or "passed" or "passing";
            if (Locatives.Contains(t.Stem) && !infinitive)
            {
                if (!sawContent && result.Count == 0)
                {
                    return [];
                }

                // "installed it at the panel": a pronoun was the object; the place is not what was installed.
                if (sawContent || result.Any(r => r.Stem is "it" or "them" or "those" or "these" or "one"))
                {
                    break;
                }
            }

            if (!t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem) && !Cues.InstallVerb().IsMatch(t.Text))
            {
                sawContent = true;
            }

            result.Add(t);
        }

        return result;
    }

    private List<(ItemMatch, int, int, bool)> FindItems(Fragment fragment, List<Token> tokens, List<string[]> stems, List<bool> boundaries, List<Size> sizes, List<Amount> amounts, List<string[]> sentenceStems, string? nextAmountUnit)
    {
        var found = new List<(ItemMatch, int, int, bool)>();
        // "Tane cleaned up + did the dump run": a phrasal verb with no object tidies the site, no service or part.
        if (TidiedUp().IsMatch(fragment.Text))
        {
            return found;
        }

        var content = tokens.Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem)).ToList();
        if (content.Count == 0)
        {
            // "120' of 3/4": a measured amount and a size, the material named elsewhere (the sentence, the logged lines).
            var measuredAmount = amounts.FirstOrDefault(a => a.Unit != "each");
            var measured = measuredAmount?.Unit;
            // "(50#)" alone: the weight is one figure, an amount or a size, not both an amount and the size of a material.
            var otherSizes = measuredAmount is null ? sizes : sizes.Where(z => !(z.Value == measuredAmount.Value && z.Kind == SizeKindOf(measuredAmount))).ToList();
            var resolved = measured is not null && otherSizes.Count > 0
                ? Best(stems.Concat(sentenceStems).Concat(loggedStems).ToList(), otherSizes, string.Empty, [], measured, requireSize: true)
                : null;
            // "put on a 13x18": a dimension only one item's name carries names that item.
            if (resolved is null && sizes.Where(z => z.Kind == Size.DimensionKind).Select(index.ItemsSized).FirstOrDefault(l => l.Count == 1) is { } dimensioned)
            {
                resolved = new ItemMatch(dimensioned[0], 3.0, 1.0, 1.0, HeadMatched: true) { SizeAgrees = true, PhraseHeadNamed = true };
            }

            if (resolved is not null)
            {
                found.Add((resolved, fragment.Start, fragment.Start + fragment.Length, false));
            }

            return found;
        }

        // "2 blue mist spirea 5 gal": a gallon or inch figure that may be the thing's size does not decide its unit
        // ("2 gal liquid" still converts for an item sold by the gallon).
        var amountUnit = amounts.FirstOrDefault(a => a.Unit != Amounts.Each && !MayBeSize(a, sizes))?.Unit ?? nextAmountUnit;
        // A verb still leading the phrase (not dropped as "what was done") must not be what names a service.
        var leadingVerb = tokens.Count > 0 && stems.Count > 0 && stems[0][0] == tokens[0].Stem
            && (IsPastVerb(tokens[0].Text) || CatalogIndex.VerbWords.Contains(tokens[0].Stem) || Cues.ServiceOnlyVerb().IsMatch(tokens[0].Text));
        var best = Best(stems, sizes, content[^1].Stem, sentenceStems, amountUnit, relaxed: true, leadingVerb: leadingVerb, boundaries: boundaries, installing: Cues.NewThing().IsMatch(fragment.Text),
            lengths: amounts.Exists(a => a.Unit is Units.Foot or Units.Inch) ? amounts : null,
            measuredUnit: amountUnit ?? amounts.FirstOrDefault(a => a.Unit != Amounts.Each)?.Unit, counted: amounts.Any(a => a.Unit == Amounts.Each && a.Value > 1));
        if ((best is null || !best.Strict) && Semantic is not null && Cues.StrongInstall().IsMatch(fragment.Text))
        {
            best = SemanticBest(string.Join(' ', content.Select(t => t.Text)), amountUnit) ?? best;
        }
        if (best is null && amountUnit is not null && sizes.Count > 0 && (content.All(t => index.IsCatalogWord(t.Stem) || TextExpansion.Expand([t]).Skip(1).Any(index.IsCatalogWord))
            || MeasuredSizeEnds(fragment.Text, amounts)))
        {
            // "return w/ 5' of 2in": a fragment ending in an amount and a size names the material by them alone.
            // "14' of 1/2": an amount and a size whose material the sentence names ("ran new PEX from the crawl").
            best = Best(stems.Concat(sentenceStems).Concat(loggedStems).ToList(), sizes, content[^1].Stem, [], amountUnit, requireSize: true);
        }

        if (best is null)
        {
            return found;
        }

        // "sweated in a new piece of 1/2 w/ 2 couplings": what the words matched comes after "w/"; before it, a size alone
        // is the object, the material of that size the note speaks of ("cut back the split copper").
        if (SizedObjectBeforeWith(fragment, tokens, best) is { } sized)
        {
            found.Add((sized, fragment.Start, fragment.Start + fragment.Length, false));
        }

        found.Add((best, fragment.Start, fragment.Start + fragment.Length, false));

        // "dropped 28' of 6" SS liner w/ insulation wrap the full length": when the words after "w/" name the thing, the
        // words before it name a part of their own, put in with it.
        if (ObjectBeforeWith(fragment, tokens, best, sentenceStems) is { } first)
        {
            found.Insert(0, (first, fragment.Start, fragment.Start + tokens.First(t => t.Stem is "w" or "with").Start, false));
            return found;
        }

        // "Put in a new sign post w/ a 24x24 sign": and the other way round, what follows "w/" is a part of its own.
        if (ObjectAfterWith(fragment, tokens, best, sentenceStems) is { } then)
        {
            found.Add((then.Match, fragment.Start + then.Start, fragment.Start + fragment.Length, false));
            return found;
        }

        // "a deadbolt on the front door w/ a reinforced strike": past the place, what comes with it is an object too.
        if (WithObject(fragment.Text, tokens) is { Count: > 0 } with)
        {
            var withStems = TextExpansion.ExpandGroups(with);
            var withItem = Best(withStems, sizes, with[^1].Stem, sentenceStems, null);
            if (withItem is { Strict: true } && withItem.Item.Id != best.Item.Id && withItem.PhraseCoverage >= 0.5)
            {
                found.Add((withItem, fragment.Start + with[0].Start, fragment.Start + with[^1].End, false));
                return found;
            }
        }

        // "Put a SP switch by the door in an old work box": what a new thing was put in, named with "a", is put in too.
        if (HolderObject(fragment.Text, tokens) is { Count: > 0 } holder)
        {
            var holderItem = Best(TextExpansion.ExpandGroups(holder), sizes, holder[^1].Stem, sentenceStems, null);
            if (holderItem is { Strict: true, Named: true } && holderItem.Item.Id != best.Item.Id && holderItem.Item.Kind == ItemKind.Product
                && holderItem.PhraseHeadNamed && holderItem.PhraseCoverage >= 0.5)
            {
                found.Add((holderItem, fragment.Start + holder[0].Start, fragment.Start + holder[^1].End, false));
                return found;
            }
        }

        // A second item in the same fragment: words the first match did not use ("6' of poly w/ 2 couplings").
        // The clause's leading verb ("Hung 2 new chain drives") is what was done, never a second thing.
        var verbAt = tokens.Count > 0 && (IsPastVerb(tokens[0].Text) || IrregularPastVerbs.Contains(tokens[0].Text.ToLowerInvariant())) ? tokens[0].Start : -1;
        var rest = content.Where(t => t.Start != verbAt && !ItemWords(best.Item).Contains(t.Stem) && !TextExpansion.Expand([t]).Any(s => ItemWords(best.Item).Contains(s))).ToList();
        if (rest.Count > 0 && rest.Count < content.Count)
        {
            var restStems = TextExpansion.ExpandGroups(rest);
            var second = Best(restStems, sizes, rest[^1].Stem, sentenceStems, null);
            if (second is not null && second.Item.Id != best.Item.Id && second.PhraseCoverage >= 0.5)
            {
                found.Add((second, fragment.Start + rest[0].Start, fragment.Start + rest[^1].End, true));
            }
        }

        return found;
    }

    private HashSet<string> ItemNameWords(CatalogItem item) => index.NameWordsOf(item);

    private HashSet<string> ItemWords(CatalogItem item) => index.WordsOf(item);

    private ItemMatch? Best(List<string[]> stems, List<Size> sizes, string head, List<string[]> sentenceStems, string? amountUnit, bool requireSize = false, bool relaxed = false, bool leadingVerb = false, List<bool>? boundaries = null, bool installing = false, string? measuredUnit = null, bool counted = false, List<Amount>? lengths = null)
    {
        _ = head;
        var matches = index.Match(stems, sizes, boundaries is not null && boundaries.Count == stems.Count ? boundaries : null, loggedItemIds);
        if (matches.Count == 0)
        {
            return null;
        }

        ItemMatch? best = null;
        double bestTotal = double.MinValue;
        var topScore = matches[0].Score;
        // "bimetal tests closed when cold": the noun phrase ends where its verb starts; what follows says how it was.
        var nounPhrase = NounPhrase(stems, boundaries);
        var singleWord = nounPhrase.Count(g => g.Length > 0 && !CatalogIndex.StopWords.Contains(g[0]) && !char.IsDigit(g[0][0]) && !CatalogIndex.VerbWords.Contains(g[0]) && !CatalogIndex.Units.Contains(g[0])) == 1;

        var siblingTie = false;
        foreach (var found in matches)
        {
            // "No cap on it, 13x13 tile - put on a new SS cap": with no size in the phrase, a size the sentence states that
            // one of sized siblings carries says which one the noun means.
            // Failing that, a size the note stated before ("pipe boot on the 3\" vent stack ... Replaced the boot").
            var m = sizes.Count == 0 && !requireSize && found.PhraseHeadNamed && found.NameWordShare > 0 && index.HasSizedSibling(found.Item)
                && (_sentenceSizes.Count > 0 ? index.SizesOf(found.Item).Any(_sentenceSizes.Contains) : index.SizesOf(found.Item).Any(_noteSizesBefore.Contains))
                ? found with { Score = found.Score + 1.5, SizeAgrees = true }
                : found;
            var logged = loggedItemIds.Contains(m.Item.Id);
            if (Trace is not null && found == matches[0])
            {
                Trace($"      top {m.Item.Id} score={m.Score:F2} cov={m.ItemCoverage:F2}/{m.PhraseCoverage:F2} head={m.HeadMatched} [{string.Join(' ', stems.Select(g => string.Join('|', g)))}]");
            }

            if (requireSize && !m.SizeAgrees)
            {
                continue;
            }

            // A sized sibling of a logged item is what was fitted instead ("upgraded to the 3/4 hp").
            var sibling = requireSize || (!logged && m.SizeAgrees) && loggedItemIds.Any(id => index.Catalog.Find(id) is { } l && index.HeadOf(l) == index.HeadOf(m.Item));
            // Strict: the words clearly name this item, enough to bill it. Relaxed: enough to say what was declined,
            // supplied or left alone ("Contactor points pretty pitted, ... cust said not now").
            // A measured amount in the item's own unit ("..., 6 ft" of a per-foot pipe) is evidence like a word.
            var unitAgrees = amountUnit is not null && amountUnit != "each";
            // A logged item is confirmed by any of its own name words, or by the one word its description calls it.
            // Unlogged, the phrase's head noun must be the item's ("Big Blue 20in dual housing" is no dual capacitor).
            // A logged item is also confirmed by its size ("2 blue mist spirea 5 gal") or an amount in its unit ("3 1/2 ton").
            var loggedNamed = logged && ((m.NameWordShare > 0 && m.PhraseCoverage >= 0.5) || singleWord || m.SizeAgrees
                || (amountUnit is not null && amountUnit != Amounts.Each && !Units.IsContainer(amountUnit) && !m.SizeConflicts));
            // "8 lbs DE", "2 tubes of gel": an amount measured in the item's own unit, of a thing the phrase's head noun
            // names, is that item however few of its name words the note spells out.
            // ("2 gal degreaser" of an item sold by the gallon: the gallons are an amount, not the thing's size).
            // "re-shingled w/ 1 bundle": the phrase may end in the unit the item is sold by, its name word before it.
            var unitEnds = measuredUnit is not null && Units.Normalize(m.Item.Unit) == measuredUnit
                && stems.LastOrDefault(g => g.Length > 0 && !CatalogIndex.StopWords.Contains(g[0]) && !char.IsDigit(g[0][0])) is { } last
                && last[0] == Tokenizer.Stem(m.Item.Unit.Trim());
            var inOwnUnit = measuredUnit is not null && measuredUnit != Amounts.Each && (m.PhraseHeadNamed || unitEnds) && m.NameWordShare > 0
                && (!Units.IsContainer(measuredUnit) || Units.Normalize(m.Item.Unit) == measuredUnit)
                && Amounts.ToItemUnit(new Amount(1, measuredUnit, 0, 0, false), m.Item.Unit, m.Item.Description) is not null;
            // "cut 3 keys": of items the words name equally, the catalog's standard one is what an unqualified noun means.
            // Unless the sentence names another variant's own words ("Dual cap tested low - swapped cap").
            var standard = index.IsStandardVariant(m.Item) && m.PhraseHeadNamed && m.NameWordShare > 0 && m.Score >= topScore - 1e-9
                && !matches.Any(o => o.Item.Id != m.Item.Id && o.Score >= m.Score - 1e-9 && index.NamesOnly(o.Item, m.Item, sentenceStems));
            // ... and that variant is what the noun means: "Double latch was bent - swapped latch" is the double one.
            standard |= m.PhraseHeadNamed && m.NameWordShare > 0 && m.Score >= topScore - 1e-9
                && matches.Where(o => o.Item.Id != m.Item.Id && o.Score >= m.Score - 1e-9) is var tied && tied.Any()
                && tied.All(o => index.NamesOnly(m.Item, o.Item, sentenceStems) && !index.NamesOnly(o.Item, m.Item, sentenceStems));
            var strict = loggedNamed || sibling || inOwnUnit || standard || FullyNamed(m, stems)
                || (m.HeadMatched && (m.PhraseHeadNamed || m.ItemCoverage >= 0.6) && m.PhraseCoverage >= (unitAgrees && m.SizeAgrees ? 0.3 : 0.55))
                || (m.ItemCoverage >= 0.6 && m.PhraseCoverage >= 0.45);
            if ((m.Score < MinScore && !logged) || (m.ItemCoverage < 0.3 && m.PhraseCoverage < 0.5 && !m.HeadMatched && !sibling) || (!strict && !relaxed))
            {
                continue;
            }

            if (m.Item.Kind == ItemKind.Labor)
            {
                continue;
            }

            // A fee or a flat-rate service the notes alone bring needs its own words, not just a verb it shares
            // ("flushed w/ vinegar" is not a water heater flush; "hauled old pump" is not water heater disposal).
            if (!logged && m.Item.Kind == ItemKind.Fee && m.NameWordShare < 0.5)
            {
                continue;
            }

            if (!logged && m.Item.Kind == ItemKind.Service && leadingVerb && !MatchesBeyondVerb(stems, m.Item))
            {
                continue;
            }

            // "a new cable set (7' door)" of "Lift cable set, 7 ft door": a length the item's name carries is the thing's
            // size, which agrees, not an amount in the wrong unit.
            var namedLength = lengths is not null && NamesLength(m.Item, lengths);
            if (amountUnit is not null && !namedLength && Amounts.ToItemUnit(new Amount(1, amountUnit, 0, 0, false), m.Item.Unit, m.Item.Description) is null)
            {
                continue;
            }

            // The fragment's own words decide; the sentence and the job only break near ties.
            // The phrase's head noun (its last word) names the thing: "the 10 mfd blower cap" is a capacitor. A logged
            // item named by it, or by the word its description calls it ("New tank"), is the likeliest reading.
            var headGroup = nounPhrase.LastOrDefault(g => g.Length > 0 && !CatalogIndex.StopWords.Contains(g[0]) && !char.IsDigit(g[0][0]) && !CatalogIndex.Units.Contains(g[0]));
            var headNamed = headGroup is not null && headGroup.Any(ItemNameWords(m.Item).Contains);
            var headDescribed = headGroup is not null && ItemWords(m.Item).Contains(headGroup[0]);
            // "Installed a new cartridge": what is put in is a part, not the flat-rate service that shares its word.
            var installsPart = m.Item.Kind == ItemKind.Service && installing && m.ItemCoverage < 0.6 ? -2.5 : 0;
            // A count of things ("twenty keys", "18 change keys") is of a thing, not a flat-rate service whose name only
            // mentions it ("Master key system setup"): the logged service is not the likelier reading.
            var countedForService = counted && m.Item.Kind == ItemKind.Service && !m.HeadMatched;
            // "New tank": the one word is what the logged item's description calls it (its last noun), not any word of it
            // ("keys" is no "Keyed ADA entry lever"); and a flat-rate service is no thing at all.
            var describedAs = headGroup is not null && index.DescriptionHeadOf(m.Item) is { Length: > 0 } describedHead && headGroup.Contains(describedHead);
            var total = installsPart + (standard ? 0.25 : 0) + (namedLength ? 1.5 : 0) + (0.5 * QualifiersNamed(stems, m.Item)) + m.Score + (0.05 * index.ContextScore(m.Item, sentenceStems)) + (0.02 * index.ContextScore(m.Item, jobContext))
                + (headNamed ? 2.0 : 0) + (logged && !m.SizeConflicts && !countedForService && (headNamed || headDescribed) ? 2.0 * Math.Max(m.ItemCoverage, 0.5) : 0)
                + (logged && !m.SizeConflicts && singleWord && describedAs && !headNamed && m.Item.Kind != ItemKind.Service ? 3.0 : 0);
            Trace?.Invoke($"      cand {m.Item.Id} score={m.Score:F2} total={total:F2} cov={m.ItemCoverage:F2}/{m.PhraseCoverage:F2} head={m.HeadMatched} [{string.Join(' ', stems.Select(g => string.Join('|', g)))}]");
            siblingTie = total > bestTotal ? false : siblingTie || (Math.Abs(total - bestTotal) < 1e-9 && best is not null && best.Item.Kind == m.Item.Kind
                && index.HeadOf(best.Item) == index.HeadOf(m.Item) && best.Item.Name.Any(char.IsDigit) && m.Item.Name.Any(char.IsDigit));
            if (total > bestTotal)
            {
                bestTotal = total;
                // "no new remotes needed" of a logged "Remote control, 3-button": every word of the phrase is the item's, its
                // head noun among them; "Didn't need the top-sealer" of a logged "Top-sealing damper": every word of the phrase
                // the item's, half its name; "bimetal tests closed" of a logged "Defrost thermostat" its description calls
                // "... bimetal". Each names the logged item well enough to drop its line.
                best = m with { Strict = strict, Named = strict && (!logged || (m.HeadMatched && m.PhraseCoverage >= 0.55) || (m.ItemCoverage >= 0.6 && m.PhraseCoverage >= 0.45)
                    || (m.PhraseHeadNamed && m.PhraseCoverage >= 0.99 && !m.SizeConflicts)
                    || (m.PhraseCoverage >= 0.99 && m.NameWordShare >= 0.5 && !m.SizeConflicts)
                    || (singleWord && describedAs && !m.SizeConflicts)) };
            }
        }

        // "springs were put in by ..." where the catalog sells five springs by size and the words, with no figure, name
        // all alike: the first of them is no more meant than the last, so the reading is only good for a flag.
        if (siblingTie && best is { Strict: true } && !loggedItemIds.Contains(best.Item.Id) && !best.SizeAgrees && !stems.Any(g => g.Length > 0 && g[0].Length > 0 && char.IsDigit(g[0][0])))
        {
            best = best with { Strict = false, Named = false };
        }

        return best;
    }

    // The groups of a phrase up to its verb when the verb follows its first run of words ("bimetal" of "bimetal tests
    // closed"); a verb further on ("clean out the gutters the wash filled") has a subject of its own, and the whole
    // phrase stands.
    private static List<string[]> NounPhrase(List<string[]> stems, List<bool>? boundaries)
    {
        if (boundaries is null || boundaries.Count != stems.Count)
        {
            return stems;
        }

        static bool Content(string[] g) => g.Length > 0 && g[0].Length > 0 && !CatalogIndex.StopWords.Contains(g[0]) && !char.IsDigit(g[0][0]);
        var i = 0;
        while (i < stems.Count && !Content(stems[i]))
        {
            i++;
        }

        // "Tree NOT planted": an adverb between the words and their verb does not start a new phrase; an article does.
        while (i < stems.Count && !boundaries[i] && (Content(stems[i]) || (stems[i].Length > 0 && stems[i][0] is "not" or "no" or "never" or "just" or "also" or "all" or "both" or "too" or "again")))
        {
            i++;
        }

        // "Z4 side yard had 5 noz cracked": what a place "had" is the object; "Top rail is 2 in galvanized": what a thing
        // "is" names it too.
        return i > 0 && i < stems.Count && boundaries[i] && !(stems[i].Length > 0 && stems[i][0] is "have" or "be") && !char.IsDigit(stems[i][0][0])
            ? stems.Take(i).ToList()
            : stems;
    }

    // "a new cable set" of "Lift cable set" over "Cable drums", "the lower element": a word that says which one (set, kit,
    // upper, lower...) counts for nothing in the match, but among items the other words name alike, the one whose name
    // carries it is meant.
    private int QualifiersNamed(List<string[]> stems, CatalogItem item)
    {
        var count = 0;
        for (var i = 1; i < stems.Count; i++)
        {
            if (stems[i].Length > 0 && Qualifiers.Contains(stems[i][0]) && ItemNameWords(item).Contains(stems[i][0]))
            {
                count++;
            }
        }

        return count;
    }

    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal)
    {
        "set", "kit", "unit", "upper", "lower", "hot", "cold", "front", "back", "left", "right", "side", "main", "top", "bottom",
        "inner", "outer", "whole", "full", "north", "south", "east", "west",
    };

    private static bool OnlyHere(FragmentInfo info, string text) =>
        !info.Negated && !info.Removal && !info.Recommend && !info.Conditional && Regex.IsMatch(info.Fragment.Text, @"\b(on|at|in|for) (the |a )?\w+( \w+)? only\b", RegexOptions.IgnoreCase)
        && text.Length > 0;

    // A length written in the item's name ("7 ft door", "16 ft") that the clause states too.
    private static bool NamesLength(CatalogItem item, List<Amount> amounts) =>
        item.Name.Any(char.IsDigit)
        && QuantityParser.FindAll(item.Name).Any(q => q.Value is { } v && q.Unit is Units.Foot or Units.Inch
            && amounts.Any(a => a.Unit == q.Unit && a.Value == v));

    // "the start relay" of "Compressor start relay & overload": two or more of the item's name words, every word of the
    // phrase the item's, its head noun one of them, names the item though the name has more words.
    private static bool FullyNamed(ItemMatch m, List<string[]> stems) =>
        m.PhraseHeadNamed && m.PhraseCoverage >= 0.99 && m.NameWordShare >= 0.5 && !m.SizeConflicts
        && stems.Count(g => g.Length > 0 && !CatalogIndex.StopWords.Contains(g[0]) && !char.IsDigit(g[0][0])) >= 2;

    private MentionStatus StatusOf(List<FragmentInfo> infos, int i, CatalogItem item, bool approval, bool refusal)
    {
        var own = infos[i];
        if (own.CustomerSupplied && item.Kind != ItemKind.Service)
        {
            return MentionStatus.CustomerSupplied;
        }

        if (own.CameWith)
        {
            return MentionStatus.CameWith;
        }

        // "told her a smoke guard would fix it": telling the customer what would fix it recommends it.
        if (own.Negated || (own.Advice && !own.Recommend))
        {
            return own.Negated ? MentionStatus.NotDone : MentionStatus.Observed;
        }

        if (own.Recommend)
        {
            return approval && !refusal ? MentionStatus.Planned : MentionStatus.Declined;
        }

        if (own.Conditional)
        {
            return MentionStatus.Conditional;
        }

        // "Threw a new sol on first - no change, ... put that one back on the truck": a later reversal undoes the verb.
        for (var j = i + 1; j < infos.Count; j++)
        {
            if (infos[j].Reversal && infos[j].Items.All(x => x.Match.Item.Id == item.Id))
            {
                return MentionStatus.NotDone;
            }
        }

        // "Installed cust's lav faucet (she bought it online)": an aside right after the clause says whose it was.
        if (item.Kind != ItemKind.Service && i + 1 < infos.Count && infos[i + 1].CustomerSupplied && infos[i + 1].Items.Count == 0 && infos[i + 1].Aside)
        {
            return MentionStatus.CustomerSupplied;
        }

        // An install verb before a removal word still installs: "Put a SP switch ... in an old work box".
        var installFirst = own.Install && own.Removal && Cues.InstallVerb().Match(own.Fragment.Text).Index < Cues.Removal().Match(own.Fragment.Text).Index;
        var ownVerb = (own.Install && (!own.Removal || installFirst || Cues.NewThing().IsMatch(own.Fragment.Text))) || StartsWithItemVerb(own.Fragment.Text, item)
            || MadeByItsVerb(own.Fragment.Text, item) is not null
            || (item.Kind == ItemKind.Service && Cues.Performed().IsMatch(own.Fragment.Text));
        if (ownVerb)
        {
            return MentionStatus.Done;
        }

        // Later fragments with nothing of their own often speak of what came before: "..., left it", "..., cust said not now".
        for (var j = i + 1; j < infos.Count; j++)
        {
            var later = infos[j];
            if (later.Items.Count > 0 || later.Amounts.Any(a => a.Unit != Amounts.Each))
            {
                break; // a clause of its own ("had about half a ton left, so that went back")
            }

            if (later.CustomerSupplied && item.Kind != ItemKind.Service)
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

            if (later.Install || Cues.Performed().IsMatch(later.Fragment.Text))
            {
                return MentionStatus.Done;
            }
        }

        if (own.Removal)
        {
            return MentionStatus.Observed;
        }

        // Earlier fragments set the verb for a list: "New straps, gas flex, pair of water flexes" (not for a clause
        // with a verb of its own: "..., comp starts right up now").
        var ownTokens = Tokenizer.Tokenize(own.Fragment.Text);
        // "the start relay": a word the item's own name writes the same way is not the clause's verb ("comp starts" is).
        var hasOwnVerb = ownTokens.Any(t => Cues.OwnVerb().IsMatch(t.Text) && !Regex.IsMatch(item.Name, $@"\b{Regex.Escape(t.Text)}\b", RegexOptions.IgnoreCase))
            || (ownTokens.Count > 0 && IsPastVerb(ownTokens[0].Text) && !Cues.InstallVerb().IsMatch(ownTokens[0].Text))
            || Cues.Reading().IsMatch(own.Fragment.Text)
            || (ownTokens.Count > 1 && ownTokens.Skip(1).Any(t => IsPastVerb(t.Text) && Cues.ServiceOnlyVerb().IsMatch(t.Text)));
        for (var j = i - 1; j >= 0 && !hasOwnVerb; j--)
        {
            var earlier = infos[j];
            if (earlier.CustomerSupplied && item.Kind != ItemKind.Service)
            {
                return MentionStatus.CustomerSupplied;
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

        return MentionStatus.Observed;
    }

    private (decimal? Quantity, bool Vague, bool IsTotal, bool UnitAmount) QuantityFor(List<FragmentInfo> infos, int i, CatalogItem item, int mentionStart)
    {
        var own = infos[i];
        var words = ItemWords(item);
        var itemTokens = Tokenizer.Tokenize(own.Fragment.Text)
            .Where(t => !t.IsNumber && (words.Contains(t.Stem) || TextExpansion.Expand([t]).Any(words.Contains)))
            .ToList();
        var itemStart = itemTokens.Count > 0 ? itemTokens[0].Start : 0;
        var itemEnd = itemTokens.Count > 0 ? itemTokens[^1].End : own.Fragment.Length;
        var candidates = own.Amounts.Where(a => a.Unit != "each" || a.Multiplier || IsCountOf(own.Fragment.Text, a, itemStart, itemEnd)).ToList();
        // "5' of 2in": the inch figure is the pipe's size when another amount says how much; "new 2 in" of an item whose
        // name carries that size is its size whatever else the clause says.
        if (candidates.Count > 1 && candidates.Any(a => !MayBeSize(a, own.Sizes)))
        {
            candidates.RemoveAll(a => MayBeSize(a, own.Sizes));
        }

        candidates.RemoveAll(a => MayBeSize(a, own.Sizes) && index.SizesOf(item).Any(z => z.Value == a.Value && z.Kind == SizeKindOf(a)));

        // "Live bugs in primary + 2nd BR, treated both": a service priced per room counts what a later clause says it
        // did with the service's own verb.
        if (candidates.Count == 0 && item.Kind == ItemKind.Service && !Amounts.IsCountUnit(item.Unit) && !Amounts.IsMeasure(item.Unit))
        {
            var counted = infos.Skip(i + 1).TakeWhile(f => f.Items.Count == 0)
                .FirstOrDefault(f => f.Amounts.Count == 1 && f.Amounts[0].Unit == Amounts.Each && !f.Negated
                    && Tokenizer.Tokenize(f.Fragment.Text).Any(t => !t.IsNumber && words.Contains(t.Stem) && !CatalogIndex.StopWords.Contains(t.Stem)));
            if (counted is not null)
            {
                return (counted.Amounts[0].Value, false, false, false);
            }
        }

        // "3 flues not 2. Swept all three": a service priced per thing ("Chimney sweep, one flue") done to "all N" or "both"
        // of them was done N times.
        if (item.Kind == ItemKind.Service && (PerCounted(item) || PerThingNamed().IsMatch(item.Name)) && AllOfThem().Match(own.Fragment.Text) is { Success: true } all)
        {
            var n = all.Groups["both"].Success ? 2m : NumberWords.TryParse(all.Groups["n"].Value, out var counted) ? counted : 0m;
            if (n >= 1)
            {
                return (n, false, false, false);
            }
        }

        // "6 new firebricks in refractory mortar, about 4 lbs": a count that cannot be of this item (sold by the pound)
        // leaves the measured amount alone in the next fragment to it.
        var counts = candidates.Where(a => a.Unit == Amounts.Each && !a.Multiplier).ToList();
        if (candidates.Count > 0 && Amounts.IsMeasure(item.Unit) && candidates.Count == counts.Count)
        {
            candidates.Clear();
        }

        if (candidates.Count == 0)
        {
            // An amount alone in the next fragment belongs to this item: "fabric - 600 sf", "2in PVC, 16' total".
            foreach (var j in new[] { i + 1, i + 2, i - 1 })
            {
                if (j == i + 2 && j < infos.Count && (infos[i + 1].Items.Count > 0 || infos[i + 1].Amounts.Count > 0))
                {
                    continue; // only across a fragment with nothing of its own ("DE along the sill + piers, went thru 12 lbs")
                }

                // "2 new 3x4 downspouts, 10' each": a length said of each piece is not the whole amount.
                if (j >= 0 && j < infos.Count && infos[j].Items.Count == 0 && infos[j].Amounts.Any(a => (a.Unit != "each" || a.Multiplier) && !Amounts.SaidOfEach(infos[j].Fragment.Text, a)))
                {
                    candidates.AddRange(infos[j].Amounts.Where(a => (a.Unit != "each" || a.Multiplier) && !Amounts.SaidOfEach(infos[j].Fragment.Text, a)).Select(a => a with { Start = a.Start + 10_000 }));
                    break;
                }
            }
        }

        Amount? chosen = null;
        decimal? value = null;
        foreach (var amount in candidates.OrderByDescending(a => a.IsTotal).ThenBy(a => Math.Min(Math.Abs(a.End - itemStart), Math.Abs(a.Start - itemEnd))))
        {
            var converted = Amounts.ToItemUnit(amount, item.Unit, item.Description);
            if (converted is not null && converted > 0)
            {
                chosen = amount;
                value = converted;
                break;
            }
        }

        // "2 new 3x4 downspouts, 10' each", "Replaced the 3 panels, 12' long each": a count of pieces of a material sold
        // by measure, each of a stated length, is the count times that length.
        if (value is null && Amounts.IsMeasure(item.Unit)
            && counts.FirstOrDefault(a => a.Value >= 1 && a.Value == Math.Floor(a.Value)) is { } pieces)
        {
            foreach (var f in infos.Skip(i).Take(2).Where(f => f == own || f.Items.Count == 0))
            {
                if (f.Amounts.FirstOrDefault(a => a.Unit != Amounts.Each && Amounts.SaidOfEach(f.Fragment.Text, a)) is { } length
                    && Amounts.ToItemUnit(length, item.Unit, item.Description) is { } per && per > 0)
                {
                    value = pieces.Value * per;
                    chosen = length;
                    break;
                }
            }
        }

        // "2 squares of shingles" of shingles sold by the bundle, "3 bundles cover a square": a count of the larger unit
        // the item's description defines converts into the item's own unit.
        if (value is not null && chosen is { Unit: Amounts.Each, Multiplier: false } && chosen.Start < 10_000
            && Amounts.LargerUnit(item.Unit, item.Description) is { } larger
            && Tokenizer.Tokenize(own.Fragment.Text[Math.Min(own.Fragment.Text.Length, chosen.End)..]).FirstOrDefault() is { Text: not null } unitWord
            && unitWord.Stem == larger.Noun)
        {
            value *= larger.Factor;
        }

        if (value is not null && IsPairItem(item) && chosen!.Unit == "each")
        {
            value = Math.Max(1, Math.Ceiling(value.Value / 2m));
        }

        _ = mentionStart;
        // "Blew out all 7 zones" is one blowout; but a service priced per room or per nest counts them ("2 nests total").
        if (item.Kind is ItemKind.Service or ItemKind.Fee && chosen is not null && !chosen.Multiplier && !CountsItsUnit(item, own.Fragment.Text, chosen))
        {
            value = null;
        }

        // "4 gal muriatic, then 1 more gal on the steps": an added amount standing alone just after.
        if (value is not null && chosen is not null && i + 1 < infos.Count && infos[i + 1].Items.Count == 0 && Cues.Additional().IsMatch(infos[i + 1].Fragment.Text))
        {
            var added = Regex.Match(infos[i + 1].Fragment.Text, @"(\d+(?:\.\d+)?)\s+(?:more|additional|extra)\s+(\w+)", RegexOptions.IgnoreCase);
            if (added.Success && Units.Normalize(added.Groups[2].Value) is { } addedUnit)
            {
                // "1 more gal": the unit follows the word "more".
                var amount = new Amount(decimal.Parse(added.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), addedUnit, 0, 0, false);
                value += Amounts.ToItemUnit(amount, item.Unit, item.Description) ?? 0;
            }
            else
            {
                foreach (var more in infos[i + 1].Amounts)
                {
                    value += Amounts.ToItemUnit(more, item.Unit, item.Description) ?? 0;
                }
            }
        }

        // "re-screwed the rest of the roof": "the rest of" is vague about what it quantifies, not about another thing.
        var vague = own.Vague && !(RestOfOther().Match(own.Fragment.Text) is { Success: true } rest
            && Tokenizer.Stem(rest.Groups["what"].Value) is var what && what != index.HeadOf(item) && what != index.DescriptionHeadOf(item)
            && Cues.Vague().Count(own.Fragment.Text) == 1);
        return (value, value is null && vague, chosen?.IsTotal ?? false, chosen is not null && chosen.Unit != "each");
    }

    // A service sold per room, per nest, per visit: the count stands before that word ("2 nests", "3 rooms").
    private static bool CountsItsUnit(CatalogItem item, string text, Amount amount)
    {
        var unit = item.Unit.Trim().ToLowerInvariant();
        var per = Regex.Match(item.Description, @"\bper (\w+)", RegexOptions.IgnoreCase);
        var counted = unit is "each" or "" ? (per.Success ? per.Groups[1].Value : null) : unit;
        if (counted is null || amount.Unit != Amounts.Each)
        {
            return false;
        }

        var after = Tokenizer.Tokenize(text[Math.Min(text.Length, amount.End)..]).FirstOrDefault();
        return after.Text is not null && Tokenizer.Stem(after.Text) == Tokenizer.Stem(counted);
    }

    // A bare count belongs to an item when it stands just before the item's words: "2 new braided lines", "three #5s".
    private static bool IsCountOf(string text, Amount amount, int itemStart, int itemEnd)
    {
        if (amount.End <= itemStart)
        {
            var between = Tokenizer.Tokenize(text, amount.End, itemStart - amount.End);
            // A size between ("#5s", "3x4", "2 new 3x4 downspouts") is no second count.
            return between.Count <= 5 && !between.Any(t => t.IsNumber && !(t.Start > 0 && text[t.Start - 1] is '#' or 'x' or 'X') && !(t.End < text.Length && char.IsLetter(text[t.End])));
        }

        if (System.Text.RegularExpressions.Regex.IsMatch(text[amount.Start..], @"^\w+\s+of (them|those|these|the)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            return true;
        }

        if (amount.Start >= itemEnd)
        {
            var between = text[itemEnd..amount.Start];
            return between.Trim().Length == 0 || between.Trim() is "-" or ":" or "x" or "=";
        }

        return true;
    }

    // What the words do not share, the sentence model may: "swapped the doorbell transformer" for "Chime transformer".
    // Only above the threshold, never a labor item, and only in a unit the amount fits.
    private ItemMatch? SemanticBest(string phrase, string? amountUnit)
    {
        foreach (var candidate in Semantic!.Candidates(phrase, 3))
        {
            if (candidate.Similarity < SemanticThreshold)
            {
                break;
            }

            var item = index.Catalog.Find(candidate.ItemId);
            if (item is null || item.Kind == ItemKind.Labor
                || (amountUnit is not null && Amounts.ToItemUnit(new Amount(1, amountUnit, 0, 0, false), item.Unit, item.Description) is null))
            {
                continue;
            }

            Trace?.Invoke($"      semantic {item.Id} sim={candidate.Similarity:F2} [{phrase}]");
            return new ItemMatch(item, 5 * candidate.Similarity, candidate.Similarity, candidate.Similarity, HeadMatched: false) { Strict = true, Named = false, Semantic = true };
        }

        return null;
    }

    // The words after "w/" or "with" that follow the object's place phrase, up to the next place: not part of the object.
    private static List<Token> WithObject(string text, List<Token> objectTokens)
    {
        if (!text.Contains("w/", StringComparison.OrdinalIgnoreCase) && !text.Contains("with", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var all = Tokenizer.Tokenize(text);
        var placeAt = objectTokens.Count > 0 ? all.FindIndex(t => t.Start >= objectTokens[^1].End && Locatives.Contains(t.Stem)) : -1;
        var with = placeAt < 0 ? -1 : all.FindIndex(placeAt + 1, t => t.Stem is "w" or "with");
        return with < 0 ? [] : all.Skip(with + 1).TakeWhile(t => !Locatives.Contains(t.Stem))
            .Where(t => !CatalogIndex.StopWords.Contains(t.Stem) || t.IsNumber).ToList();
    }

    // The words after "in a" / "into a new" past the object, in a clause that puts a thing in place, up to the next place
    // word: the box, can or housing the thing went into ("in an old work box").
    private static List<Token> HolderObject(string text, List<Token> objectTokens)
    {
        if (objectTokens.Count == 0 || (!text.Contains(" in a", StringComparison.OrdinalIgnoreCase) && !text.Contains(" into a", StringComparison.OrdinalIgnoreCase))
            || Cues.InstallVerb().Match(text) is not { Success: true } verb || verb.Index > objectTokens[0].Start)
        {
            return [];
        }

        var all = Tokenizer.Tokenize(text);
        var into = all.FindIndex(t => t.Start >= objectTokens[^1].End && t.Stem is "in" or "into");
        if (into < 0 || into + 2 >= all.Count || all[into + 1].Stem is not ("a" or "an"))
        {
            return [];
        }

        return all.Skip(into + 2).TakeWhile(t => !Locatives.Contains(t.Stem) && t.Stem is not ("in" or "and" or "w" or "with"))
            .Where(t => !CatalogIndex.StopWords.Contains(t.Stem) || t.Stem == "old").ToList();
    }

    // "Also cut a couple of house keys": a participle the item's description says it is made by ("key cut from an
    // original"), written as the clause's verb with an object after it. The verb's token, or null.
    private Token? MadeByItsVerb(string text, CatalogItem? item)
    {
        if (item is null ? !index.HasParticiples : index.ParticiplesOf(item).Count == 0)
        {
            return null;
        }

        var tokens = Tokenizer.Tokenize(text);
        for (var k = 0; k + 1 < tokens.Count; k++)
        {
            var word = tokens[k].Text.ToLowerInvariant();
            var participle = item is null ? index.MadeBy(word).Count > 0 : index.ParticiplesOf(item).Contains(word);
            if (participle && !(k > 0 && tokens[k - 1].Stem is "a" or "an" or "the" or "fresh" or "pre")
                && tokens[k + 1].Stem is not ("out" or "off" or "back" or "down" or "up" or "in" or "into" or "through" or "thru"))
            {
                return tokens[k];
            }
        }

        return null;
    }

    // "Cust had me cut a spare": a verb the catalog says makes an item, with an object that is only "a spare", "a copy",
    // "2 more", is that item; its standard variant when several are made alike.
    private CatalogItem? MadeWithoutAName(FragmentInfo info)
    {
        if (MadeByItsVerb(info.Fragment.Text, null) is not { } verb
            || !GenericObject().IsMatch(info.Fragment.Text[(verb.End)..]))
        {
            return null;
        }

        var made = index.MadeBy(verb.Text.ToLowerInvariant());
        var standard = made.Where(index.IsStandardVariant).ToList();
        return made.Count == 1 ? made[0] : standard.Count == 1 ? standard[0] : null;
    }

    // A service priced per room, per cylinder, per nest.
    private static bool PerCounted(CatalogItem item) =>
        item.Kind == ItemKind.Service && ((!Amounts.IsCountUnit(item.Unit) && !Amounts.IsMeasure(item.Unit)) || Regex.IsMatch(item.Description, @"\bper (?!hour|visit\b)\w+", RegexOptions.IgnoreCase));

    // The places a clause lists for what it did: one in the clause itself ("Rekeyed front", the service's own verb and
    // its object; "sweeps on the garage entry", after "on", "in" or "at"), and one per following fragment, joined by
    // "," "+" "&" or "and", that is only a short place ("back", "basement door"). Null under two.
    private int? PlacesListed(string text, List<FragmentInfo> infos, int i, CatalogItem item)
    {
        var words = ItemWords(item);
        var own = Tokenizer.Tokenize(infos[i].Fragment.Text);
        var lastItemWord = own.FindLastIndex(t => words.Contains(t.Stem) || TextExpansion.Expand([t]).Any(words.Contains));
        if (lastItemWord < 0)
        {
            return null;
        }

        var rest = own.Skip(lastItemWord + 1).Where(t => !FunctionWords.Contains(t.Stem)).ToList();
        var verbFirst = lastItemWord == 0 && StartsWithItemVerb(infos[i].Fragment.Text, item);
        var located = rest.Count > 0 && rest[0].Stem is "on" or "in" or "at";
        if (!(verbFirst || located) || rest.Skip(located ? 1 : 0).ToList() is not { Count: >= 1 and <= 3 } ownPlace || !ownPlace.All(IsPlaceWord))
        {
            return null;
        }

        var places = 1;
        for (var j = i + 1; j < infos.Count; j++)
        {
            var f = infos[j];
            var gapStart = infos[j - 1].Fragment.Start + infos[j - 1].Fragment.Length;
            var joiner = gapStart <= f.Fragment.Start ? text[gapStart..f.Fragment.Start].Trim().ToLowerInvariant() : string.Empty;
            // "garage entry to one key": the place is what comes before the fragment's own locative phrase.
            var tokens = ObjectTokens(Tokenizer.Tokenize(f.Fragment.Text)).Where(t => !FunctionWords.Contains(t.Stem)).ToList();
            var place = joiner is "," or "+" or "&" or "and" && tokens.Count is >= 1 and <= 3 && tokens.All(IsPlaceWord)
                && !f.Install && !f.Negated && !f.Recommend && !f.Conditional && !f.CustomerSupplied
                && f.Items.All(x => x.Match.Item.Id == item.Id || !x.Match.Strict);
            if (!place)
            {
                break;
            }

            places++;
        }

        return places >= 2 ? places : null;
    }

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "my", "his", "her", "their", "our", "its", "this", "that", "these", "those", "both", "each", "every",
    };

    private static bool IsPlaceWord(Token t) =>
        t.Text.All(char.IsLetter) && !Locatives.Contains(t.Stem) && !IsPastVerb(t.Text) && !Cues.OwnVerb().IsMatch(t.Text)
        && !t.Text.EndsWith("ing", StringComparison.OrdinalIgnoreCase) && t.Stem is not ("and" or "or" or "to" or "w" or "with");

    // A later clause with nothing of its own that installs "the one", "one of them", "2 of them".
    private static decimal? PartOfSet(List<FragmentInfo> infos, int i)
    {
        for (var j = i + 1; j < infos.Count && infos[j].Items.Count == 0; j++)
        {
            var part = Cues.PartOfSet().Match(infos[j].Fragment.Text);
            if (part.Success && infos[j].Install && !infos[j].Negated)
            {
                var count = part.Groups["n"].Success ? part.Groups["n"].Value : "1";
                return NumberWords.TryParse(count, out var n) && n >= 1 ? n : null;
            }
        }

        return null;
    }

    // "raked out the dog spots + the trench line along the fence, ~40'": a thing named with "the", in a list whose verb
    // works on what is there (raked, cleaned, dug), is measured, not used: the amount is the size of the work.
    private static bool ExistingThingOfWorkVerb(List<FragmentInfo> infos, int i)
    {
        var first = Tokenizer.Tokenize(infos[i].Fragment.Text).FirstOrDefault();
        if (first.Text is null || first.Stem is not ("the" or "that" or "those" or "these"))
        {
            return false;
        }

        for (var j = i - 1; j >= 0; j--)
        {
            if (infos[j].Install)
            {
                return false;
            }

            var verb = Tokenizer.Tokenize(infos[j].Fragment.Text).FirstOrDefault();
            if (verb.Text is not null && (IsPastVerb(verb.Text) || Cues.ServiceOnlyVerb().IsMatch(verb.Text)))
            {
                return true;
            }
        }

        return false;
    }

    private ItemMatch? ObjectBeforeWith(Fragment fragment, List<Token> tokens, ItemMatch best, List<string[]> sentenceStems)
    {
        var withAt = tokens.FindIndex(t => t.Stem is "w" or "with");
        if (withAt <= 0 || withAt >= tokens.Count - 1 || !best.Strict || best.Item.Kind != ItemKind.Product)
        {
            return null;
        }

        var before = LeadingVerbDropped(tokens.Take(withAt).ToList());
        var content = before.Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem) && !Cues.InstallVerb().IsMatch(t.Text)).ToList();
        var after = tokens.Skip(withAt + 1).Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem)).ToList();
        if (content.Count == 0 || after.Count == 0 || !after.Any(t => ItemWords(best.Item).Contains(t.Stem)))
        {
            return null;
        }

        var beforeText = fragment.Text[..tokens[withAt].Start];
        var first = Best(TextExpansion.ExpandGroups(before), Size.Find(beforeText), content[^1].Stem, sentenceStems, null);
        return first is { Strict: true, PhraseHeadNamed: true } && first.Item.Id != best.Item.Id && first.Item.Kind == ItemKind.Product && first.NameWordShare > 0
            ? first
            : null;
    }

    private (ItemMatch Match, int Start)? ObjectAfterWith(Fragment fragment, List<Token> tokens, ItemMatch best, List<string[]> sentenceStems)
    {
        var withAt = tokens.FindIndex(t => t.Stem is "w" or "with");
        if (withAt <= 0 || withAt >= tokens.Count - 1 || !best.Strict || best.Item.Kind != ItemKind.Product)
        {
            return null;
        }

        var before = tokens.Take(withAt).Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem)).ToList();
        var after = tokens.Skip(withAt + 1).ToList();
        var afterContent = after.Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem)).ToList();
        if (afterContent.Count == 0 || !before.Any(t => t.Stem == index.HeadOf(best.Item)) || afterContent.Any(t => t.Stem == index.HeadOf(best.Item)))
        {
            return null;
        }

        var afterText = fragment.Text[after[0].Start..];
        var then = Best(TextExpansion.ExpandGroups(after), Size.Find(afterText), afterContent[^1].Stem, sentenceStems, null);
        // Only a thing the phrase's own head noun names ("a 24x24 sign"), not a word of it ("pan w/ drain" is no drain valve).
        return then is { Strict: true, PhraseHeadNamed: true } && then.Item.Id != best.Item.Id && then.Item.Kind == ItemKind.Product && then.NameWordShare > 0
            && afterContent[^1].Stem == index.HeadOf(then.Item)
            ? (then, after[0].Start)
            : null;
    }

    private ItemMatch? SizedObjectBeforeWith(Fragment fragment, List<Token> tokens, ItemMatch best)
    {
        var withAt = tokens.FindIndex(t => t.Stem is "w" or "with");
        if (withAt <= 0 || best.Item.Kind != ItemKind.Product)
        {
            return null;
        }

        var before = tokens.Take(withAt).ToList();
        var words = ItemWords(best.Item);
        var beforeText = fragment.Text[..tokens[withAt].Start];
        var sizes = Size.Find(beforeText);
        if (sizes.Count == 0 || before.Any(t => !t.IsNumber && (words.Contains(t.Stem) || TextExpansion.Expand([t]).Any(words.Contains))))
        {
            return null;
        }

        var sized = Best(TextExpansion.ExpandGroups(before).Concat(NoteStems).ToList(), sizes, string.Empty, [], null, requireSize: true);
        return sized is { Strict: true } && sized.Item.Id != best.Item.Id && sized.Item.Kind == ItemKind.Product && !Amounts.IsCountUnit(sized.Item.Unit) ? sized : null;
    }

    // A past-tense verb past a fragment's first word that is the whole name of exactly one flat-rate service ("rekeyed").
    private ItemMatch? TrailingServiceVerb(FragmentInfo info)
    {
        if (!PastVerbAfterFirstWord().IsMatch(info.Fragment.Text))
        {
            return null;
        }

        var tokens = Tokenizer.Tokenize(info.Fragment.Text);
        for (var k = 1; k < tokens.Count; k++)
        {
            if (!tokens[k].Text.EndsWith("ed", StringComparison.OrdinalIgnoreCase) || tokens[k].Text.Length < 5)
            {
                continue;
            }

            if (index.ServiceNamedBy(tokens[k].Stem) is { } named)
            {
                return new ItemMatch(named, 3, 1, 1, HeadMatched: true);
            }
        }

        return null;
    }

    // A vague amount standing just before the item's words: "some soda ash", "a bit of 14/2".
    private bool VagueAmountBefore(string text, CatalogItem item)
    {
        var words = ItemWords(item);
        var first = Tokenizer.Tokenize(text).FirstOrDefault(t => words.Contains(t.Stem) || (!t.IsNumber && TextExpansion.Expand([t]).Any(words.Contains)));
        if (first.Text is null)
        {
            return false;
        }

        return QuantityParser.FindAll(text).Any(q => q.Kind == QuantityKind.Vague && q.End <= first.Start
            && Tokenizer.Tokenize(text, q.End, first.Start - q.End).Count(t => !CatalogIndex.StopWords.Contains(t.Stem)) <= 1);
    }

    // "... w/ 5' of 2in": after the fragment's measured amount, nothing but a size (no word of a thing of its own).
    private static bool MeasuredSizeEnds(string text, List<Amount> amounts)
    {
        var measured = amounts.FirstOrDefault(a => a.Unit != Amounts.Each && !Units.IsContainer(a.Unit));
        return measured is not null && Tokenizer.Tokenize(text[measured.End..]).All(t => t.IsNumber || t.Stem is "of" || Units.Normalize(t.Text) is not null);
    }

    // "pulled a hundred and twenty feet of 12/2 thru the attic": a length pulled, with nothing said to be old or out, is
    // cable or wire run, not a part taken out ("pulled old 50g tank", "pulled 20' of the old pipe out").
    private static bool PulledALength(string text, List<Amount> amounts) =>
        amounts.Exists(a => a.Unit is Units.Foot or Units.Meter or Units.Yard)
        && Cues.Removal().Matches(text).All(m => m.Value.Equals("pulled", StringComparison.OrdinalIgnoreCase))
        && !Regex.IsMatch(text, @"\b(out|off|up|existing)\b", RegexOptions.IgnoreCase);

    private static bool Verbless(string text) =>
        !Tokenizer.Tokenize(text).Any(t => Cues.OwnVerb().IsMatch(t.Text) || IsPastVerb(t.Text) || Cues.ServiceOnlyVerb().IsMatch(t.Text) || IrregularPastVerbs.Contains(t.Text.ToLowerInvariant()));

    // "re-ran 45' of ...", "Pulled new wire": a clause led by a past-tense verb.
    private static bool IsPastVerbStart(string text) =>
        Regex.Match(text, @"^\W*(re-?)?(\w+)") is { Success: true } first && (IsPastVerb(first.Groups[2].Value) || IrregularPastVerbs.Contains(first.Groups[2].Value.ToLowerInvariant()));

    private static bool IsNumberWord(string word) =>
        word.ToLowerInvariant() is "hundred" or "thousand" or "half" or "dozen" || (word.All(char.IsLetter) && NumberWords.TryParse(word, out _));

    private static bool IsPastVerb(string word) => word.EndsWith("ed", StringComparison.OrdinalIgnoreCase) || word.EndsWith("'d", StringComparison.OrdinalIgnoreCase);

    private bool MatchesBeyondVerb(List<string[]> groups, CatalogItem item)
    {
        var words = ItemWords(item);
        var objectWords = groups.Skip(1).SelectMany(g => g).Where(t => !CatalogIndex.StopWords.Contains(t) && !CatalogIndex.VerbWords.Contains(t)).ToList();
        var verb = groups.Count > 0 ? groups[0][0] : string.Empty;
        var verbExpansions = TradeLexicon.Expansions.TryGetValue(verb, out var ex) ? ex : [];
        return objectWords.Any(t => words.Contains(t) && !verbExpansions.Contains(t)) || (verbExpansions.Length > 0 && Tokenizer.Stem(verb).EndsWith('d') && verb.Contains('\''));
    }

    // "Strapped per code", "Cabled main", "Jetted the line": the item's own word used as the verb of the clause.
    private static bool StartsWithItemVerb(string text, CatalogItem item)
    {
        // "just rekeyed it", "also cabled the main": an adverb before the verb does not change what was done.
        var first = Tokenizer.Tokenize(text).SkipWhile(t => t.Stem is "just" or "also" or "then" or "only" or "finally" or "quickly" or "simply").FirstOrDefault();
        // "Swept the flue": an irregular past verb whose base a flat-rate service's name carries does that service.
        if (first.Text is null || !(IsPastVerb(first.Text) || (item.Kind == ItemKind.Service && IrregularPastVerbs.Contains(first.Text.ToLowerInvariant()))))
        {
            return false;
        }

        // "Recessed light flickering": the catalog's own name uses the word as it is written, so it names, not does.
        var nameTokens = Tokenizer.Tokenize(item.Name);
        if (nameTokens.Any(t => string.Equals(t.Text, first.Text, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var name = nameTokens.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        return name.Contains(first.Stem) || TextExpansion.Expand([first]).Skip(1).Any(name.Contains);
    }

    [GeneratedRegex(@"^\W*(\w+ )?(replaced|swapped|changed|installed|put in)( out)?\s+(it|them|those|these|(?<n>both)|all( (?<n>\d+|two|three|four|five|six|seven|eight|nine|ten))?|(?<n>\d+|two|three|four) of (them|those|these|'em))(\s+(out|too|as well|also|both))?\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex PronounObjectInstall();

    [GeneratedRegex(@"^\s*(a|an|one|another|(?<n>\d+|two|three|four|five|six))?\s*(spares?|cop(y|ies)|duplicates?|extras?|more)\b", RegexOptions.IgnoreCase)]
    private static partial Regex GenericObject();

    [GeneratedRegex(@"\s\w{3,}ed\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastVerbAfterFirstWord();

    [GeneratedRegex(@"\b(the )?rest of (the |my |our |his |her |their )?(?<what>\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex RestOfOther();

    // "Replaced the hall one", "swapped the upstairs one": one thing of the kind just named.
    [GeneratedRegex(@"\b(the|that|this) (?!same\b|other\b|old\b|new\b|bad\b)[a-z]+ one\b(?! (of|more|another|too)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex TheOtherOne();

    // "Chimney sweep, one flue", "Carpet cleaning, per room": a service's name that says what one of it covers.
    [GeneratedRegex(@",\s*(one|per|each|a single) \w+", RegexOptions.IgnoreCase)]
    private static partial Regex PerThingNamed();

    [GeneratedRegex(@"\b(all (?<n>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)|(?<both>both))\b(?!\s+(of|sides?|ends?)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AllOfThem();

    [GeneratedRegex(@"^\W*(\w+\s+)?(cleaned|tidied|picked|straightened|swept|cleaning|tidying)\s+up\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex TidiedUp();

    private static bool IsPairItem(CatalogItem item) =>
        Regex.IsMatch(item.Name + " " + item.Description, @"\bpair\b", RegexOptions.IgnoreCase);

    private static bool IsPlural(string text, int start, int end)
    {
        var span = text[start..end];
        var words = ObjectTokens(Tokenizer.Tokenize(span)).Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem) && t.Text.All(char.IsLetter)).ToList();
        return words.Any(w => w.Text.Length > 3 && w.Text.EndsWith('s') && !w.Text.EndsWith("ss", StringComparison.Ordinal) && !string.Equals(w.Stem, w.Text, StringComparison.OrdinalIgnoreCase));
    }

    // A fragment with an install verb and a noun we do not know: "installed whole house filter", "DBY splices on all 7".
    private bool LooksLikeThing(FragmentInfo info)
    {
        // "replaced that too", "set it to odd days", "set up the app": a pronoun or a setting is no thing to price.
        if (Cues.NotAThing().IsMatch(info.Fragment.Text) || Cues.Setting().IsMatch(info.Fragment.Text))
        {
            return false;
        }

        var tokens = ObjectTokens(Tokenizer.Tokenize(info.Fragment.Text))
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
