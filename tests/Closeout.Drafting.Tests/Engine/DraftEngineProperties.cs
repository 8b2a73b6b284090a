using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using FsCheck.Xunit;
using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Engine;

/// <summary>Invariants of the whole engine over random electricians' jobs: notes from catalog and cue words, logged lines, time sheets.</summary>
public sealed class DraftEngineProperties
{
    private static readonly DraftEngine Engine = Support.Electrical.Engine();

    private static readonly string[] Vocabulary =
    [
        // catalog and trade words
        "GFCI", "GFCIs", "outlet", "outlets", "breaker", "breakers", "20A", "single-pole", "12/2", "romex", "NM", "cable", "ceiling", "fan",
        "box", "recessed", "light", "lights", "cans", "smoke", "detector", "detectors", "surge", "protector", "panel", "upgrade", "permit",
        // cue words
        "replaced", "installed", "swapped", "ran", "new", "hung", "did", "NOT", "didn't", "need", "would", "if", "tested", "fine", "looked",
        "left", "old", "in", "place", "back", "on", "the", "truck", "recommended", "quoted", "declined", "not", "now", "customer's", "own",
        "she", "bought", "came", "with", "correction", "only", "used", "actually", "some", "a", "few", "couple", "pair", "of", "dozen",
        "warranty", "callback", "no", "charge", "our", "install", "hrs", "w/", "apprentice", "qty", "x2", "(4)", "~", "ft", "'", "feet",
        // numbers and punctuation
        "1", "2", "3", "4.5", "45", "two", "three", "1.5", ",", ".", "-", ":", "(", ")",
    ];

    private static readonly string?[] LoggedItems = [.. Catalog.Items.Select(i => i.Id), null, "EL-UNKNOWN"];
    private static readonly string[] Users = [Electrician, Apprentice, "U-STRANGER"];

    private static JobberJob RandomJob(byte[][] notes, (byte Item, short Quantity)[] logged, (byte User, byte Visit, short Minutes)[] entries, bool twoVisits, bool plan)
    {
        var visits = twoVisits ? new[] { Visit("V-1"), Visit("V-2", Support.Build.TuesdayMorning.AddDays(1).AddHours(9)) } : [Visit("V-1")];
        var job = Support.Build.Job(
            visits,
            entries.Select((e, i) => Support.Build.Entry($"T-{i}", Users[e.User % Users.Length], visits[e.Visit % visits.Length].Id, e.Minutes * 60L)).ToList(),
            plan ? ["service-plan"] : []);
        return job with
        {
            Notes = new Connection<JobNote>(notes.Select((words, i) =>
                Note($"N-{i}", string.Join(" ", (words ?? []).Select(w => Vocabulary[w % Vocabulary.Length])), 30 + (i * 400))).ToList()),
            LineItems = new Connection<JobLineItem>(logged.Select((l, i) =>
                Logged($"L-{i}", LoggedItems[l.Item % LoggedItems.Length], l.Quantity % 7 == 0 ? null : l.Quantity / 4m)).ToList()),
        };
    }

    [Property(MaxTest = 300)]
    public bool Total_is_the_sum_of_line_totals_plus_tax_to_the_cent(byte[][] notes, (byte, short)[] logged, (byte, byte, short)[] entries, bool twoVisits, bool plan)
    {
        var draft = Engine.Draft(RandomJob(notes ?? [], logged ?? [], entries ?? [], twoVisits, plan));

        return draft.Total == draft.Lines.Sum(l => l.Total) + draft.Tax
            && draft.Subtotal == draft.Lines.Sum(l => l.Total)
            && draft.Tax == decimal.Round(draft.Tax, 2)
            && draft.Lines.All(l => l.Total == Math.Round(l.Quantity * l.UnitPrice, 2, MidpointRounding.AwayFromZero));
    }

    [Property(MaxTest = 300)]
    public bool Every_line_is_a_catalog_item_at_the_catalog_price_with_a_positive_quantity(byte[][] notes, (byte, short)[] logged, (byte, byte, short)[] entries, bool twoVisits, bool plan)
    {
        var draft = Engine.Draft(RandomJob(notes ?? [], logged ?? [], entries ?? [], twoVisits, plan));

        return draft.Lines.All(l => Catalog.Find(l.ItemId) is { } item && item.UnitPrice == l.UnitPrice && item.Taxable == l.Taxable && l.Quantity > 0);
    }

    [Property(MaxTest = 200)]
    public bool Drafting_the_same_job_twice_gives_the_same_draft(byte[][] notes, (byte, short)[] logged, (byte, byte, short)[] entries, bool twoVisits, bool plan)
    {
        var job = RandomJob(notes ?? [], logged ?? [], entries ?? [], twoVisits, plan);

        var first = Engine.Draft(job);
        var again = Engine.Draft(job);
        var fresh = Support.Electrical.Engine().Draft(job);

        return Shape(first) == Shape(again) && Shape(first) == Shape(fresh);
    }

    private static string Shape(DraftInvoice draft) =>
        string.Join('\n', draft.Lines.Select(l => $"{l.ItemId} {l.Quantity} {l.UnitPrice} {l.Total} {l.Source} {l.Confidence} {l.Description} {string.Join(';', l.Evidence)}")
            .Concat(draft.Flags.Select(f => $"{f.Kind} {f.Message} {string.Join(';', f.Evidence)}"))
            .Append($"{draft.Subtotal} {draft.Tax} {draft.Total}"));
}
