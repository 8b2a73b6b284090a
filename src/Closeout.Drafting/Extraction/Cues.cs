using System.Text.RegularExpressions;

namespace Closeout.Drafting.Extraction;

/// <summary>
/// The words that say what happened to what a clause mentions. Trade-independent: they describe doing, not doing,
/// recommending, customers supplying parts and warranty work, in any trade.
/// </summary>
internal static partial class Cues
{
    // Work done: installing, replacing or using something.
    [GeneratedRegex(@"\b(replac\w*|install\w*|swap\w*|new|put (in|on|down)|putting in|added|adding|set (in|a|the|new|\d)|mount\w*|hung|hang|plant\w*|laid|lay|spread|rebuil\w*|splic\w*|sweat\w*|threw|change[ds]?|changing|upgrad\w*|fitted|used|using|needed|ran (new|\d|a new|the new|some|a couple|a few|a bunch|about|roughly|approx\w*|\w+ new)|run new|re-?ran|re-?run|tied in|wired in|went in|ended up (with|needing|using|going with|putting in)|in place|feathered in|worked in|cut in|dropped in|topped|weighed in|hauled|dropping|applied|treated|sprayed|seeded|loaded|dosed|poured|dusted|baited|injected|foamed|fogged|broadcast|went thru|went through|used up|put (a|an|the)|sold)\b|\bdown(\s+(first|now|after|too))?\s*$|(?<!(plugged|left|kept|stays?|stayed|plug) )\bin(\s+(first|now|after|too))?\s*$|\bin thru\b", RegexOptions.IgnoreCase)]
    public static partial Regex InstallVerb();

    // Verbs that do something to a part without billing a new one.
    [GeneratedRegex(@"\b(clean\w*|check\w*|align\w*|tested|test\w*|inspect\w*|adjust\w*|tighten\w*|reseat\w*|re-?seat\w*|snug\w*|lube\w*|grease\w*|tweak\w*|straighten\w*|reset|re-?set|pulled|remov\w*|dug|found|locat\w*|diagnos\w*|measur\w*|read\w*|look\w*|showed|flagged|bailed|vac'?d|rinsed|cycled|relit|lit)\b", RegexOptions.IgnoreCase)]
    public static partial Regex ServiceOnlyVerb();

    [GeneratedRegex(@"\b(did ?n[o']?t|didn'?t|did not|not (needed|need|replaced|installed|planted|used|put in|done|required)|no need|no (\w+ ){1,3}(needed|required|necessary)|wasn'?t|weren'?t|never|no upgrade|left (it|them|the old|alone|in place|as is)|put (that|it|them|those) (one )?back|went back (to|in)|back on the truck|(?<!way )back to the (yard|shop)|stays? on the truck|leaving (it|ours|them) on|reused|re-used|reusing|moved the old|kept the old|existing|already (had|has|fixed|capped|in)|was fine|were fine|(is|are|was|were|looks?|looked|tests?|tested|test|reads?|checked) (ok|okay|good|fine|normal)|\bok\b(?!'d)|in spec|no change|not the|instead of|rather than|than (a|an|the) new|cheaper than|no leaks|there'?s (a|an|the)|there (is|are|was)|has (a|an)|had (a|an)|(laid|lay|put|set|placed) (the |it |them )?(\w+ )?back)\b|(?<!\bto\s+\w+\s+)\bback (down|in|on|up|in place)\s*$", RegexOptions.IgnoreCase)]
    public static partial Regex Negation();

    [GeneratedRegex(@"\b(new|replac\w*|install\w*|put in|swap\w*)\b", RegexOptions.IgnoreCase)]
    public static partial Regex NewThing();

    // A clause with a verb of its own does not take the verb of the list before it: "comp starts right up now".
    [GeneratedRegex(@"^(is|are|was|were|be|been|looks?|looked|seems?|starts?|started|runs?|running|works?|worked|holds?|held|reads?|came|comes|goes|went|got|gets|has|had|needs?|tests|tested|checks|checked|found|shows?|showed|kicks?|fires?|cycles?|leaking|dripping|spinning|humming|sits?|pops?|rides?|sticks?|stuck|dies|died|fails?|failed)$", RegexOptions.IgnoreCase)]
    public static partial Regex OwnVerb();

    [GeneratedRegex(@"\b(\d+|one|two|three|a few|a couple) (more|additional|extra)\b|\b(another|more|additional) \d+", RegexOptions.IgnoreCase)]
    public static partial Regex Additional();

    // Work performed, for services: "ran camera after", "did that", "tune-up done".
    [GeneratedRegex(@"\b(ran|run|did (that|it|this|both|the)|done|performed|completed|finished)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Performed();

    // Verbs that put a thing in place, strong enough that an unknown object is billable work to price by hand.
    [GeneratedRegex(@"^\W*(\w+ )?(installed|replaced|put in|mounted|set(?!\s*$)|swapped|added|spliced in|ran \d+(?= ?('|ft\b|feet\b|foot\b|m\b))|re-?ran \d+(?= ?('|ft\b|feet\b|foot\b))|new)\b", RegexOptions.IgnoreCase)]
    public static partial Regex StrongInstall();

    [GeneratedRegex(@"^\W*(\w+ )?(installed|replaced|put in|mounted|set|swapped|added|new|ran)\s+(it|that|them|this|those|one|the one|\w+ of (them|those|these)|up|to|some|cycles?|\d+ (full )?cycles?)\b", RegexOptions.IgnoreCase)]
    public static partial Regex NotAThing();

    // Taking a removed thing off the site: "took it w/ us for recycling", "recycled it", "disposed of them".
    [GeneratedRegex(@"\b(took|take|taking|carted|hauled) (it|them|that|those|the old \w+) (w/|with|away|off)\b|\b(recycl\w*|dispos\w*) (it|them|of (it|them))\b|\bfor (recycling|disposal)\b", RegexOptions.IgnoreCase)]
    public static partial Regex TakenAway();

    // A value set, not a thing put in: "Set a new combo", "set the schedule", "programmed a new code".
    [GeneratedRegex(@"\b(set|reset|changed|programm?ed|entered)\s+(up\s+)?(a|an|the|his|her|their)?\s*(new\s+)?(combo|combination|code|pin|password|passcode|schedule|program|clock|time|timer|limits?|temp\w*|setpoint|arcs?)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Setting();

    // Teaching and telling are not work on a part: "showed cust cartridge changes", "told cust to pull hoses".
    [GeneratedRegex(@"\b(showed|told|explained|walked (him|her|them|cust|customer)|taught|reminded|went over)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Advice();

    // Taking back what a clause just said was done.
    [GeneratedRegex(@"\b(put (that|it|them|those) (one )?back|back on the truck|took (it|that|them) (back|off)|not needed|didn'?t need (it|one|a new one)|returned (it|them))\b", RegexOptions.IgnoreCase)]
    public static partial Regex Reversal();

    // The thing taken out, not the thing put in: "pulled old 50g tank", "old one cracked".
    [GeneratedRegex(@"\b(old|pulled|removed|remove|demo'?d|took out|cut out|tore out|dead|failed|bad|broken|cracked|shot|toast|seized)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Removal();

    [GeneratedRegex(@"\b((told|let) (him|her|them|cust\w*|the (owner|tenant|client)) (that )?(a|an|the|new) [\w -]{1,40}? would (fix|help|solve|stop|cure)|rec+om+end\w*|suggest\w*|quoted|quoting|offer\w*|advis\w*|proposed|estimate[ds]?|showed (him|her|them|\w+) the|went over|priced|pricing|gave (him|her|them|cust\w*|the \w+) (a |the )?(price|quote|number|bid)|mentioned (our|the|a|an))\b", RegexOptions.IgnoreCase)]
    public static partial Regex Recommend();

    [GeneratedRegex(@"\b(declin\w*|not now|(he|she|they|cust|customer|client|owner|homeowner) passed|pass(es)? on|said no|says no|no thanks|wants? to wait|wait and see|wait \+ see|next (time|year|yr|season|fall|spring|summer|visit)|think (about )?it( over)?|maybe|not right now|revisit|later|not interested|not today|too (much|expensive)|turned (it )?down|refused|(said|says|wants? to|asked (us )?to) skip|skip(ped)? the)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Refusal();

    [GeneratedRegex(@"\b(approv\w*|ok'?d|okayed|agreed|go ahead|signed off|said yes|wants? it done)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Approval();

    [GeneratedRegex(@"(\b(cust|customer|client|owner|homeowner|tenant|occupant|resident|landlord|she|he|they|her|his|their)('s)? (own|bought|buys|purchased|supplied|provided|picked up|got|had(?! (me|us|him|her|them|my|our)\b)|brought|wants us to use)\b|\b(customer|cust|owner|client)[- ]supplied\b|\bprovided by (the )?(customer|owner|client)\b|\bnot ours\b|\b(her|his|their) (own )?(plants?|parts?|seed|unit|materials?)\b|\b(had|has|have|brought|supplied) (her|his|their) own\b|\buse (his|hers|theirs|her|their)\b|\b[A-Z][a-z]+'s own\b|\b(cust|customer|client|owner|homeowner)'s\b(?!\s+(\w+\s+)?(guy|guys|son|daughter|husband|wife|kids?|contractor|friend|brother|sister|dad|mom|neighbou?r|handyman|gardener|landscaper|dog|insurance|adjuster|agent|realtor))|\b(she|he|they) bought\b|\bof (hers|his|theirs)\b)", RegexOptions.IgnoreCase)]
    public static partial Regex CustomerSupplied();

    // The customer's own old thing, kept: "Cust's 2 old remotes work w/ the new unit", "her existing thermostat". Existing
    // equipment, not a part the customer supplied for the job.
    [GeneratedRegex(@"\b(cust|customer|client|owner|homeowner|tenant|his|her|their|[A-Z][a-z]+'s)('s)?\s+(\w+\s+)?(old|existing|original|current)\b", RegexOptions.IgnoreCase)]
    public static partial Regex CustomersExisting();

    // The technician saying the thing is not in the price book.
    // Taking a thing away, as a removal service does: "pulled the nest", "removed the stump".
    [GeneratedRegex(@"\b(pulled|removed|remove|took out|cleared( out)?|cleaned out|got out|evicted|hauled out)\b", RegexOptions.IgnoreCase)]
    public static partial Regex RemovalVerb();

    [GeneratedRegex(@"\b(not (something|anything|a part|an item|one) we (stock|carry|sell)|we don'?t (stock|carry|sell)|not a stock (item|part)|non-?stock|not (in|on) (our|the) (catalog|price ?book|price list)|special[- ]order(ed)?|no (sku|part number))\b", RegexOptions.IgnoreCase)]
    public static partial Regex NotStocked();

    [GeneratedRegex(@"\b(came (on|with|in|fitted|installed)|comes? with|factory( installed)?|pre-?installed|included (with|in)|(?<!back )in the (kit|box)|came in the kit)\b", RegexOptions.IgnoreCase)]
    public static partial Regex CameWith();

    [GeneratedRegex(@"\b(warrant\w*|guarantee\w*|call-?back|called back|our (own )?(install\w*|work|sod|part|job|repair)|we (installed|put in|replaced|cabled|cleared|did)|from (our|yesterday'?s) install|yesterday'?s install)\b", RegexOptions.IgnoreCase)]
    public static partial Regex WarrantyContext();

    // A warranty the notes deny: "it's not", "not us", "ran out", "expired", another company's work.
    [GeneratedRegex(@"\b(it'?s not|it is not|isn'?t (ours|our|under|covered)|not (ours|us|our (work|install|job))|not (under|covered by) (the |our )?warranty|out of warranty|ran out|expired|no longer (under|covered)|put in by (another|a different|some other)|(other|another|a different) company'?s)\b", RegexOptions.IgnoreCase)]
    public static partial Regex WarrantyDenied();

    // A warranty the notes rule out: "thought this was our warranty - it's not", "1 yr parts + labor ran out", "not us".
    [GeneratedRegex(@"\b(it'?s not(?=\s*[,.;:(-]|\s*$)|not (us|ours|our (own )?(work|install|job|part)s?)\b|ran out|run out|expired|out of warranty|no longer (covered|under)|not covered|(said|says) go ahead|go ahead anyway)", RegexOptions.IgnoreCase)]
    public static partial Regex WarrantyRuledOut();

    [GeneratedRegex(@"(\bn/?c\b|\bno charge\b|\bno-charge\b|\bfree of charge\b|\bat no (cost|charge)\b|\bcovered\b|\bwarrant\w*|\bguarantee\w*)", RegexOptions.IgnoreCase)]
    public static partial Regex NoCharge();

    [GeneratedRegex(@"\b(if (it|needed|necessary|required|that|they|this)|in case|would (need|have|be)|might|may (need|have)|will (need|have to|come|be back|return)|going to|plan(ning)? to|to be (done|installed|replaced)|next (week|visit)|back (mon|tue|wed|thu|fri|sat|sun)\w*|back tomorrow|ordered|ordering|on order|need(s)? (a|to be|replacing)|should be replaced|eventually|at some point)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Conditional();

    [GeneratedRegex(@"\b(correction|correct(ed)? (that|this|above)|actually|only (used|ended up|needed|took|installed|put)|ended up (using|with)|turned out|final count|not \d+|update[d:]?)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Correction();

    // The part of a counted set a clause acts on: "swapped the one under the sink", "replaced 2 of them".
    [GeneratedRegex(@"\b(the (one|single one|bad one)|just one|only one|(?<n>\d+|one|two|three|four|five|six) of (them|those|these|em|'em))\b", RegexOptions.IgnoreCase)]
    public static partial Regex PartOfSet();

    // A reading, not an amount: "psi 12", "pH 7.8", "2400 rpm", "120F". A clause that reads a gauge reports, it does not install.
    [GeneratedRegex(@"\b\d+(\.\d+)?\s*(psi|rpm|ppm|deg\w*|ohms?|volts?|microns?|°\w?)(?!\w)|\b(psi|ph|rpm|ppm|temp|reading)\s*:?\s*\d", RegexOptions.IgnoreCase)]
    public static partial Regex Reading();

    [GeneratedRegex(@"\b(some|a few|few|a couple|couple|a handful|handful|the rest( of)?|rest of|several|a bit|bit of|lots of|a lot of|a little|little|bunch|wheelbarrows?|a couple hundred|enough|extra|more)\b", RegexOptions.IgnoreCase)]
    public static partial Regex Vague();
}
