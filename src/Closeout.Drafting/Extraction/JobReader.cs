using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Policies;
using Closeout.Drafting.Quantities;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Leakage;
using System.Globalization;

namespace Closeout.Drafting.Extraction;

/// <summary>
/// Reads a job the way a careful office manager does: the logged line items are claims, the notes (in order, later
/// ones correcting earlier ones) say what was really used or done, and cue words say what is not billed and why.
/// </summary>
public sealed partial class JobReader
{
    private readonly CatalogIndex _index;

    private readonly BillingPolicy? _policy;

    private readonly ISemanticMatcher? _semantic;
    private readonly double _semanticThreshold;

    public JobReader(Catalog catalog, BillingPolicy? policy = null, ISemanticMatcher? semantic = null, double semanticThreshold = 0.6)
    {
        Catalog = catalog;
        _policy = policy;
        _semantic = semantic;
        _semanticThreshold = semanticThreshold;
        _index = new CatalogIndex(catalog);
    }

    /// <summary>
    /// Learns this business's own shorthand from its sent invoices: a word of the notes that is no catalog word,
    /// seen in at least two past jobs and nearly always with the same billed item, comes to mean that item.
    /// </summary>
    public void LearnFrom(IEnumerable<PastJob> history)
    {
        var policyItems = PolicyItems();
        var miner = new HistoryMiner(history.Select((past, i) => new SentInvoice(
            string.Create(CultureInfo.InvariantCulture, $"{i}:{past.Job.Id}"), past.Job, past.BilledItemIds.Select(id => new SentLine(id, 1m)).ToList())));
        foreach (var rule in miner.Rules(minBoth: 2))
        {
            var word = rule.Antecedent.Value;
            if (rule.Antecedent.Kind == FeatureKind.Note && rule.BothCount >= 0.9 * rule.AntecedentCount
                && !_index.IsCatalogWord(word) && !TradeLexicon.Expansions.ContainsKey(word)
                && !policyItems.Contains(rule.Item) && Catalog.Find(rule.Item) is { Kind: not ItemKind.Labor })
            {
                _index.Learn(word, rule.Item, 1.5);
            }
        }
    }

    private HashSet<string> PolicyItems()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (_policy is null)
        {
            return ids;
        }

        if (_policy.TripCharge is { } trip)
        {
            ids.Add(trip.Item);
        }

        foreach (var rule in _policy.Companions)
        {
            ids.UnionWith(rule.Add.Select(a => a.Item));
        }

        return ids;
    }

    public Catalog Catalog { get; }

    /// <summary>Receives one line per mention read, for explaining a draft while tuning the reader.</summary>
    public Action<string>? Trace { get; set; }

    internal CatalogIndex Index => _index;

    public JobReading Read(JobberJob job)
    {
        var flags = new List<ReviewFlag>();
        var visits = job.Visits?.Items.Where(v => v.Id is not null).ToList() ?? [];
        var notes = (job.Notes?.Items ?? []).Where(n => !string.IsNullOrWhiteSpace(n.Message))
            .Select((n, i) => (Note: n, Order: i))
            .OrderBy(x => x.Note.CreatedAt ?? DateTimeOffset.MaxValue).ThenBy(x => x.Order)
            .Select(x => x.Note).ToList();

        // A note written to steer an automated reader is not work done: nothing in it is billed, and a person reads it.
        foreach (var steering in notes.Where(n => SteeringNotes.AddressesAReader(n.Message!)).ToList())
        {
            notes.Remove(steering);
            flags.Add(new ReviewFlag(FlagKind.Ambiguous,
                "This note reads as instructions to an automated reader, not a record of work: nothing in it was billed. Read it and bill by hand what was really done.",
                [Span(steering.Id ?? "", steering.Message!)]));
        }

        var logged = job.LineItems?.Items ?? [];
        var loggedIds = logged.Select(l => l.LinkedProductOrService?.Id).OfType<string>().Where(Catalog.Contains).ToHashSet(StringComparer.Ordinal);
        var jobContext = TextExpansion.ExpandGroups(Tokenizer.Tokenize($"{job.Title} {job.Instructions}"));
        var loggedStems = TextExpansion.ExpandGroups(Tokenizer.Tokenize(string.Join(' ', loggedIds.Select(id => Catalog.Find(id)!.Name))));
        var reader = new NoteReader(_index, loggedIds, jobContext, loggedStems) { Trace = Trace, Semantic = _semantic, SemanticThreshold = _semanticThreshold };

        // Which visit each note speaks of, and which visits were warranty work on the business's own job.
        var warrantyVisits = new HashSet<string>(StringComparer.Ordinal);
        var warrantyRuledOut = notes.Any(n => Cues.WarrantyRuledOut().IsMatch(n.Message!) && Cues.WarrantyContext().IsMatch(n.Message!));
        var mentions = new List<Mention>();
        var unmatched = new List<UnmatchedWork>();
        for (var order = 0; order < notes.Count; order++)
        {
            var note = notes[order];
            var noteId = note.Id ?? $"note-{order + 1}";
            var text = Truncate(note.Message!);
            var visitId = VisitOf(note, visits);
            if (IsWarranty(text) && visitId is not null && !Cues.WarrantyRuledOut().IsMatch(text))
            {
                warrantyVisits.Add(visitId);
                flags.Add(new ReviewFlag(FlagKind.Warranty, $"Warranty or callback work on our own job: the visit is not charged. Confirm it is covered.", [Span(noteId, text)]));
            }

            var correction = order > 0 && Cues.Correction().IsMatch(text);
            var (m, u) = reader.Read(noteId, text, order, visitId, correction);
            mentions.AddRange(m);
            unmatched.AddRange(u);
            if (Trace is not null)
            {
                foreach (var x in m)
                {
                    Trace($"  {noteId} [{x.Status}] {x.Item.Id} q={x.Quantity} vague={x.Vague} total={x.IsTotal} plural={x.Plural} conf={x.Confidence:F2} <- \"{x.Evidence.Text}\"");
                }
            }
        }

        // A warranty job with one visit, or warranty said in the instructions with no paid visit in the notes.
        // A customer's belief the notes rule out ("Cust thinks springs are under warranty" ... "it's not") is no warranty.
        if (job.Instructions is { } instructions && IsWarranty(instructions) && visits.Count == 1 && !warrantyRuledOut)
        {
            warrantyVisits.Add(visits[0].Id!);
            flags.Add(new ReviewFlag(FlagKind.Warranty, "The instructions say this is warranty or callback work: the visit is not charged.", [Span("instructions", instructions)]));
        }

        var allWarranty = visits.Count > 0 && visits.All(v => warrantyVisits.Contains(v.Id!));
        CarryOutApprovedWork(mentions, visits);
        SubtractWhatTheCustomerSupplied(mentions);
        var paid = mentions.Where(m => m.VisitId is null || !warrantyVisits.Contains(m.VisitId)).ToList();
        DropWhatABilledItemIncludes(paid, loggedIds);

        // "ran new PEX from the crawl, 14' of 1/2": an unquantified material beside a quantified sibling is that sibling.
        paid.RemoveAll(m => m.Quantity is null && m.Status == MentionStatus.Done && m.Item.Kind == ItemKind.Product && !Amounts.IsCountUnit(m.Item.Unit)
            && paid.Any(o => o.NoteOrder == m.NoteOrder && o.Item.Id != m.Item.Id && o.Quantity is not null && o.Status == MentionStatus.Done
                && _index.HeadOf(o.Item) == _index.HeadOf(m.Item)));

        var items = new List<BilledItem>();
        var itemIds = paid.Select(m => m.Item.Id).Concat(loggedIds).Distinct(StringComparer.Ordinal).ToList();
        foreach (var itemId in itemIds)
        {
            var item = Catalog.Find(itemId)!;
            if (item.Kind == ItemKind.Labor)
            {
                continue;
            }

            var its = paid.Where(m => m.Item.Id == itemId).ToList();
            var loggedLines = logged.Where(l => l.LinkedProductOrService?.Id == itemId).ToList();
            var resolution = Resolve(item, its, loggedLines, allWarranty, mentions.Any(m => m.Item.Id == itemId));
            if (resolution.Item is not null)
            {
                items.Add(resolution.Item);
            }

            if (resolution.Flag is not null)
            {
                flags.Add(resolution.Flag);
            }
        }

        ReplaceSubstitutedLoggedItems(items, logged, mentions);

        // "Mounted Priya's Rachio (she bought it)": when the notes install something the customer supplied that no
        // catalog word names, a logged product no note confirms is most likely that thing, and is not billed.
        if (unmatched.Any(u => u.CustomerSupplied))
        {
            items.RemoveAll(i => i.Source == LineSource.Logged && Catalog.Find(i.ItemId)?.Kind == ItemKind.Product && mentions.All(m => m.Item.Id != i.ItemId));
        }

        // Custom lines (no catalog link): a phrase like any other; when no catalog item fits, a person decides.
        foreach (var line in logged.Where(l => l.LinkedProductOrService?.Id is null || !Catalog.Contains(l.LinkedProductOrService.Id)))
        {
            var name = $"{line.Name} {line.Description}".Trim();
            var stems = TextExpansion.ExpandGroups(Tokenizer.Tokenize(name));
            var matches = _index.Match(stems, Size.Find(name));
            var match = matches.FirstOrDefault();
            // "Water valve" logged, "Replaced the fridge water valve" in the notes: a custom line every word of which an
            // item the notes bill explains is that item, already billed.
            if (matches.Any(m => m.PhraseCoverage >= 0.99 && m.PhraseHeadNamed && items.Any(i => i.ItemId == m.Item.Id && i.Source == LineSource.Notes)))
            {
                continue;
            }

            if (match is not null && match.ItemCoverage >= 0.6 && match.PhraseCoverage >= 0.6 && match.Item.Kind != ItemKind.Labor && !allWarranty)
            {
                if (items.All(i => i.ItemId != match.Item.Id))
                {
                    items.Add(new BilledItem(match.Item.Id, line.Quantity ?? 1, LineSource.Logged, [new Evidence.LoggedLine(line.Id ?? "", line.Name ?? "")], 0.6));
                }
            }
            else if (!allWarranty)
            {
                flags.Add(new ReviewFlag(FlagKind.NotInCatalog, $"The logged line \"{line.Name}\" has no catalog item: price it by hand or leave it off.", [new Evidence.LoggedLine(line.Id ?? "", line.Name ?? "")]));
            }
        }

        foreach (var work in unmatched.Where(u => u.VisitId is null || !warrantyVisits.Contains(u.VisitId)))
        {
            // "Cust brought his Medeco card" for a key "cut from the owner's card": what a billed item's description says
            // the customer provides is what the work starts from, not a part the customer supplied.
            if (work.Kind == FlagKind.CustomerSupplied && HeadWordOf(work.Phrase) is { } brought
                && items.Any(i => Catalog.Find(i.ItemId) is { } billed && OwnersInput().Matches(billed.Description).Any(m => Tokenizer.Tokenize(m.Groups[1].Value).Any(t => t.Stem == brought))))
            {
                continue;
            }

            if (work.Kind == FlagKind.CustomerSupplied)
            {
                flags.Add(new ReviewFlag(FlagKind.CustomerSupplied, $"The customer supplied \"{work.Phrase}\": it is not billed, only our labor and materials.", [work.Evidence]));
                continue;
            }

            if (work.Kind == FlagKind.Declined)
            {
                flags.Add(new ReviewFlag(FlagKind.Declined, $"Recommended or quoted and put off: \"{work.Phrase}\". Confirm it stays off the invoice.", [work.Evidence]));
                continue;
            }

            if (work.Kind == FlagKind.Ambiguous)
            {
                flags.Add(new ReviewFlag(FlagKind.Ambiguous, $"\"{work.Phrase}\" gives no amount for a material sold by measure: enter the quantity used, or leave it off.", [work.Evidence]));
                continue;
            }

            flags.Add(new ReviewFlag(FlagKind.NotInCatalog, $"\"{work.Phrase}\" matches no catalog item: price it by hand or leave it off.", [work.Evidence]));
        }

        return new JobReading(items, flags, warrantyVisits, StatedLaborOf(job, notes, visits));
    }

    /// <summary>
    /// Hours the notes state for visits that have no time sheet: "2.5 hrs w/ helper" is the author and the visit's
    /// helper; "3 hrs, Rosa + Lee" the two people named.
    /// </summary>
    private List<StatedLabor> StatedLaborOf(JobberJob job, List<JobNote> notes, List<JobVisit> visits)
    {
        var result = new List<StatedLabor>();
        var timed = (job.TimesheetEntries?.Items ?? []).Select(e => e.Visit?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var people = PeopleOf(job);
        foreach (var note in notes)
        {
            var visitId = VisitOf(note, visits);
            if (visitId is null || timed.Contains(visitId) || note.Message is null)
            {
                continue;
            }

            var visit = visits.First(v => v.Id == visitId);
            var assigned = visit.AssignedUsers?.Items.Select(u => u.Id).OfType<string>().ToList() ?? [];
            var author = note.CreatedBy?.Id ?? (assigned.Count == 1 ? assigned[0] : null);
            foreach (var stated in LaborDurationParser.FindAll(Truncate(note.Message)))
            {
                var evidence = new Evidence.NoteSpan(note.Id ?? "note", stated.Start, stated.Length, note.Message.Substring(stated.Start, stated.Length));
                foreach (var userId in WhoIs(stated, author, assigned, people))
                {
                    if (!result.Any(r => r.VisitId == visitId && r.UserId == userId))
                    {
                        result.Add(new StatedLabor(visitId, userId, stated.Hours, evidence));
                    }
                }
            }
        }

        return result;
    }

    private sealed record Person(string UserId, string Name, string? Role);

    private List<Person> PeopleOf(JobberJob job)
    {
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        foreach (var member in _policy?.Team.Values ?? [])
        {
            people[member.UserId] = new Person(member.UserId, member.Name, member.LaborRole);
        }

        foreach (var user in job.Visits?.Items.SelectMany(v => v.AssignedUsers?.Items ?? []) ?? [])
        {
            if (user.Id is not null && !people.ContainsKey(user.Id))
            {
                people[user.Id] = new Person(user.Id, user.Name?.Full ?? user.Id, null);
            }
        }

        return people.Values.ToList();
    }

    private static IEnumerable<string> WhoIs(LaborDuration stated, string? author, List<string> assigned, List<Person> people)
    {
        switch (stated.Kind)
        {
            case LaborWorkerKind.Author:
                if (author is not null)
                {
                    yield return author;
                }

                break;
            case LaborWorkerKind.Named:
                var named = people.Where(p => assigned.Contains(p.UserId) || assigned.Count == 0)
                    .FirstOrDefault(p => p.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(n => string.Equals(n, stated.Who, StringComparison.OrdinalIgnoreCase)));
                if (named is not null)
                {
                    yield return named.UserId;
                }

                break;
            case LaborWorkerKind.Role:
                // "w/ helper": the assigned people other than the author, preferring those whose role the word names.
                var others = assigned.Where(a => a != author).ToList();
                var byRole = others.Where(a => people.FirstOrDefault(p => p.UserId == a)?.Role is { } role
                    && Tokenizer.Stem(role) == Tokenizer.Stem(stated.Who)).ToList();
                foreach (var userId in byRole.Count > 0 ? byRole : others)
                {
                    yield return userId;
                }

                break;
        }
    }

    private sealed record Resolution(BilledItem? Item, ReviewFlag? Flag);

    private static Resolution Resolve(CatalogItem item, List<Mention> mentions, List<JobLineItem> loggedLines, bool allWarranty, bool mentionedAnywhere)
    {
        if (allWarranty)
        {
            return new Resolution(null, null);
        }

        // "Update - didn't end up replacing the breaker": a correction note taking a thing back undoes earlier notes.
        var retracted = mentions.Where(m => m.CorrectionNote && m.Strict && m.Status == MentionStatus.NotDone).Select(m => m.NoteOrder).DefaultIfEmpty(-1).Max();
        var done = mentions.Where(m => m.Status == MentionStatus.Done && m.NoteOrder >= retracted).ToList();
        var loggedQuantity = loggedLines.Sum(l => l.Quantity ?? 0);
        var loggedEvidence = loggedLines.Select(l => (Evidence)new Evidence.LoggedLine(l.Id ?? "", l.Name ?? "")).ToList();
        // Only a clearly named item drops a logged line as declined or supplied; a loose one only raises the flag.
        var firstOther = mentions.FirstOrDefault(m => m.Status is MentionStatus.Declined or MentionStatus.CustomerSupplied && (m.Strict || loggedLines.Count == 0));
        var looseOther = mentions.FirstOrDefault(m => m.Status is MentionStatus.Declined or MentionStatus.CustomerSupplied);

        if (done.Count == 0)
        {
            if (firstOther is not null)
            {
                return new Resolution(null, FlagFor(firstOther));
            }

            var contradicted = mentions.Any(m => m.Strict && m.Status is MentionStatus.NotDone or MentionStatus.CameWith or MentionStatus.Conditional or MentionStatus.Planned);
            var looseFlag = looseOther is not null ? FlagFor(looseOther) : null;
            if (loggedLines.Count > 0 && !contradicted && (!mentionedAnywhere || mentions.Count > 0 || item.Kind is ItemKind.Fee or ItemKind.Service))
            {
                return new Resolution(new BilledItem(item.Id, loggedQuantity > 0 ? loggedQuantity : 1, LineSource.Logged, loggedEvidence, 0.7), looseFlag);
            }

            return new Resolution(null, looseFlag);
        }

        var flag = firstOther is not null ? FlagFor(firstOther) : null;
        var quantity = Combine(item, done, loggedQuantity, out var ambiguous);
        var evidence = done.Select(m => (Evidence)m.Evidence).Concat(loggedEvidence).ToList();
        if (quantity is null)
        {
            if (ambiguous)
            {
                return new Resolution(null, new ReviewFlag(FlagKind.Ambiguous, $"{item.Name} is sold per {item.Unit} and the notes give no amount: enter the quantity used.", done.Select(m => (Evidence)m.Evidence).ToList()));
            }

            return new Resolution(null, flag);
        }

        if (ambiguous && flag is null)
        {
            flag = new ReviewFlag(FlagKind.Ambiguous, $"More {item.Name} was used than the notes quantify: check whether to bill it.", done.Where(m => m.Vague).Select(m => (Evidence)m.Evidence).ToList());
        }

        var source = loggedLines.Count > 0 && done.All(m => m.Quantity is null) ? LineSource.Logged : LineSource.Notes;
        return new Resolution(new BilledItem(item.Id, quantity.Value, source, evidence, done.Average(m => m.Confidence)), flag);
    }

    /// <summary>The quantity the notes give: amounts added within a note, a later correction or total replacing them.</summary>
    private static decimal? Combine(CatalogItem item, List<Mention> done, decimal loggedQuantity, out bool ambiguous)
    {
        ambiguous = false;
        var perUnit = item.Kind == ItemKind.Product && !Amounts.IsCountUnit(item.Unit);
        if (item.Kind is ItemKind.Service or ItemKind.Fee)
        {
            // A service priced per room, per visit, per nest counts them; the logged count stands when the notes give none.
            var perCounted = !Amounts.IsCountUnit(item.Unit) && !Amounts.IsMeasure(item.Unit);
            if (perCounted && done.All(m => m.Quantity is null) && loggedQuantity > 0)
            {
                return loggedQuantity;
            }

            decimal CountOf(Mention m) => m.Quantity is { } q && (Amounts.IsCountUnit(item.Unit) || perCounted) && q == Math.Floor(q) && q <= 10 && q > 1 && !m.Vague ? q : 1m;

            // "correction - ... Only 2 cylinders rekeyed": a later note correcting the count replaces the earlier one.
            var corrected = done.LastOrDefault(m => m.CorrectionNote && m.Quantity is not null && !m.Vague && m.NoteOrder > done.Min(d => d.NoteOrder));
            return corrected is not null ? CountOf(corrected) : done.Max(CountOf);
        }

        decimal? total = null;
        var visitsCounted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in done.GroupBy(m => m.NoteOrder).OrderBy(g => g.Key))
        {
            // A second item in a clause ("mulch rings both trees") counts only when nothing else in the note names it.
            var primary = group.Where(m => !m.Secondary).ToList();
            var quantified = (primary.Count > 0 ? primary : group.ToList()).Where(m => m.Quantity is not null).ToList();
            var vague = group.Any(m => m.Vague && m.Quantity is null);
            ambiguous |= vague;
            decimal? noteAmount = null;
            if (quantified.Count > 0)
            {
                var totals = quantified.Where(m => m.IsTotal).ToList();
                noteAmount = totals.Count > 0 ? totals[^1].Quantity : quantified.Sum(m => m.Quantity);
            }
            else if (!perUnit && !vague)
            {
                noteAmount = group.Any(m => m.Plural) && loggedQuantity > 0 ? loggedQuantity : 1;
            }

            if (noteAmount is null)
            {
                continue;
            }

            var corrects = group.Any(m => m.CorrectionNote) || group.Any(m => m.IsTotal);
            // Across notes, a material's amounts add up; a count restates, unless the note says "more" or "another".
            // A note of another visit tells that visit's work: "wk 1: 3 tabs", then "wk 2: 2 tabs" is five.
            var visit = group.Select(m => m.VisitId).FirstOrDefault(v => v is not null);
            var adds = group.Any(m => m.Additional) || (visit is not null && visitsCounted.Count > 0 && !visitsCounted.Contains(visit));
            total = total is null || corrects ? noteAmount
                : (quantified.Count > 0 && (!Amounts.IsCountUnit(item.Unit) || adds) ? total + noteAmount : Math.Max(total.Value, noteAmount.Value));
            if (visit is not null)
            {
                visitsCounted.Add(visit);
            }
        }

        if (total is null && perUnit)
        {
            if (loggedQuantity > 0 && !ambiguous)
            {
                return loggedQuantity;
            }

            ambiguous = true;
        }

        if (total is not null && ambiguous && !perUnit)
        {
            ambiguous = false;
        }

        return total;
    }



    private static ReviewFlag FlagFor(Mention m) => m.Status switch
    {
        MentionStatus.Declined => new ReviewFlag(FlagKind.Declined, $"{m.Item.Name} was recommended or quoted but not done: confirm it stays off the invoice.", [m.Evidence]),
        MentionStatus.CustomerSupplied when m.Item.Kind == ItemKind.Service => new ReviewFlag(FlagKind.CustomerSupplied, $"The customer supplied the equipment for the {m.Item.Name}: the service is billed, their equipment is not.", [m.Evidence]),
        MentionStatus.CustomerSupplied => new ReviewFlag(FlagKind.CustomerSupplied, $"The customer supplied the {m.Item.Name}: only our labor and materials are billed.", [m.Evidence]),
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    // A logged part no note mentions, when the notes install a different part of the same kind, was swapped on site
    // ("upgraded to the 3/4 hp", "the wifi timer instead of the basic one").
    private void ReplaceSubstitutedLoggedItems(List<BilledItem> items, IReadOnlyList<JobLineItem> logged, List<Mention> mentions)
    {
        var loggedIds = logged.Select(l => l.LinkedProductOrService?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var billed in items.ToList())
        {
            if (billed.Source != LineSource.Logged || mentions.Any(m => m.Item.Id == billed.ItemId))
            {
                continue;
            }

            var item = Catalog.Find(billed.ItemId)!;
            var head = _index.HeadOf(item);
            var substitute = items.FirstOrDefault(i => i.Source == LineSource.Notes && !loggedIds.Contains(i.ItemId)
                && Catalog.Find(i.ItemId) is { } other && other.Kind == item.Kind && _index.HeadOf(other) == head && other.Category == item.Category);
            if (substitute is not null)
            {
                items.Remove(billed);
            }
        }
    }

    // "Quoted sealed system repair, cust approved, back next Thu." and a later completed visit the office titled for that
    // work: the approved work was carried out on that visit.
    private void CarryOutApprovedWork(List<Mention> mentions, List<JobVisit> visits)
    {
        for (var k = 0; k < mentions.Count; k++)
        {
            var m = mentions[k];
            if (m.Status != MentionStatus.Planned || !m.Strict || m.VisitId is null || visits.FirstOrDefault(v => v.Id == m.VisitId)?.StartAt is not { } quotedAt)
            {
                continue;
            }

            var later = visits.FirstOrDefault(v => v.StartAt > quotedAt && v.CompletedAt is not null && v.Title is { Length: > 0 } title && TitleNames(title, m.Item));
            if (later is not null && !mentions.Any(o => o.Item.Id == m.Item.Id && o.Status is MentionStatus.Declined or MentionStatus.NotDone && o.NoteOrder > m.NoteOrder))
            {
                mentions[k] = m with { Status = MentionStatus.Done, VisitId = later.Id };
            }
        }
    }

    // "Changed out all 6 smokes. Owner had 2 smoke/CO combos of her own, put hers in the halls.": of all N put in, the M
    // of the same kind the customer supplied are not ours; N - M are.
    private void SubtractWhatTheCustomerSupplied(List<Mention> mentions)
    {
        for (var k = 0; k < mentions.Count; k++)
        {
            var m = mentions[k];
            if (m.Status != MentionStatus.Done || m.Quantity is not { } all || AllOf().Match(m.Evidence.Text) is not { Success: true } said
                || !NumberWords.TryParse(said.Groups[1].Value, out var n) || n != all)
            {
                continue;
            }

            var supplied = mentions.Where(o => o.NoteOrder == m.NoteOrder && o.Status == MentionStatus.CustomerSupplied && o.Quantity is > 0
                && (o.Item.Id == m.Item.Id || (o.Item.Category == m.Item.Category && _index.HeadOf(o.Item) == _index.HeadOf(m.Item)))).Sum(o => o.Quantity!.Value);
            if (supplied > 0 && supplied < all)
            {
                mentions[k] = m with { Quantity = all - supplied };
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\ball (\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex AllOf();

    private bool TitleNames(string title, CatalogItem item)
    {
        var match = _index.Match(TextExpansion.ExpandGroups(Tokenizer.Tokenize(title)), Size.Find(title)).FirstOrDefault();
        return match is not null && match.Item.Id == item.Id && match.PhraseCoverage >= 0.6 && match.ItemCoverage >= 0.5;
    }

    // "New drier" on a sealed system repair whose description says "drier, refrigerant and evacuation included", "New
    // braided supply" beside the install kit of "Braided supply line, 90-degree elbow and power cord": a part a billed item
    // includes, by the catalog's own words, is not billed again (nor flagged).
    private void DropWhatABilledItemIncludes(List<Mention> paid, HashSet<string> loggedIds)
    {
        var billedIds = paid.Where(m => m.Status == MentionStatus.Done).Select(m => m.Item.Id).Concat(loggedIds).ToHashSet(StringComparer.Ordinal);
        // What the policy bills beside them: the install kit a dishwasher installation brings.
        foreach (var rule in _policy?.Companions ?? [])
        {
            if (rule.When.Any(billedIds.Contains))
            {
                billedIds.UnionWith(rule.Add.Select(a => a.Item));
            }
        }

        var billed = billedIds.Select(Catalog.Find).OfType<CatalogItem>()
            .Select(i => (Item: i, Includes: _index.IncludedWordsOf(i))).Where(x => x.Includes.Count > 0).ToList();
        if (billed.Count == 0)
        {
            return;
        }

        paid.RemoveAll(m => m.Status == MentionStatus.Done && m.Item.Kind == ItemKind.Product && !m.Additional && !loggedIds.Contains(m.Item.Id)
            && ObjectWordsOf(m.Evidence.Text) is { Count: > 0 } words && billed.Any(b => b.Item.Id != m.Item.Id && words.All(b.Includes.Contains)));
    }

    // The written words of a clause's object that are neither numbers, stop words, units nor verbs: "drier" of "New drier",
    // "isolators" of "isolators from our hardware kit", "step flashing" of "12 pcs step flashing".
    private static List<string> ObjectWordsOf(string text) =>
        NoteReader.ObjectTokens(Tokenizer.Tokenize(text)).Where(t => !t.IsNumber && !CatalogIndex.StopWords.Contains(t.Stem) && !CatalogIndex.VerbWords.Contains(t.Stem)
            && !Cues.InstallVerb().IsMatch(t.Text) && Units.Normalize(t.Text) is null).Select(t => t.Stem).ToList();

    // The last of those: what the clause's object is.
    private static string? HeadWordOf(string text) => ObjectWordsOf(text) is { Count: > 0 } words ? words[^1] : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:owner|customer|client|homeowner)'s\s+(?:own\s+)?((?:\w+\s+){0,2}\w+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex OwnersInput();

    private static bool IsWarranty(string text) => Cues.WarrantyContext().IsMatch(text) && Cues.NoCharge().IsMatch(text) && !WarrantyDenied(text);

    // "Cust thought this was our warranty - it's not, springs were put in by another company", "1 yr parts + labor ran
    // out in the spring": a sentence that speaks of warranty and denies it. The work is billed normally.
    private static bool WarrantyDenied(string text) =>
        text.Split(['.', '!', '?', ';', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Any(s => (Cues.WarrantyContext().IsMatch(s) || Cues.NoCharge().IsMatch(s)) && Cues.WarrantyDenied().IsMatch(s));

    private static string? VisitOf(JobNote note, List<JobVisit> visits)
    {
        if (visits.Count == 0)
        {
            return null;
        }

        if (note.CreatedAt is not { } at)
        {
            return visits[0].Id;
        }

        var started = visits.Where(v => v.StartAt is { } s && s <= at.AddMinutes(30)).OrderBy(v => v.StartAt).LastOrDefault();
        return (started ?? visits[0]).Id;
    }

    private static Evidence.NoteSpan Span(string noteId, string text) => new(noteId, 0, Math.Min(text.Length, 200), text[..Math.Min(text.Length, 200)]);

    // A note longer than anyone writes is cut, not rejected: the rest would only slow every regex down.
    private static string Truncate(string text) => text.Length > 20_000 ? text[..20_000] : text;
}
