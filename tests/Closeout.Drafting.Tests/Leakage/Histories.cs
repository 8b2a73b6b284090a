using Closeout.Drafting.Jobs;
using Closeout.Drafting.Leakage;

namespace Closeout.Drafting.Tests.Leakage;

/// <summary>Small hand-made histories whose rule figures are counted by hand in the tests.</summary>
internal static class Histories
{
    public static JobberJob Job(string id, string title, string? note = null, int day = 1) => new(
        id, null, title, null, "archived", null, null, null,
        new Connection<JobVisit>([new JobVisit($"{id}-v", null, null, null, new DateTimeOffset(2026, 9, day, 17, 0, 0, TimeSpan.Zero), null)]),
        null,
        note is null ? null : new Connection<Drafting.Jobs.JobNote>([new Drafting.Jobs.JobNote($"{id}-n", note, null, null, null)]));

    public static SentInvoice Sent(string id, string title, string? note, int day, params string[] items) =>
        new(id, Job(id, title, note, day), items.Select(i => new SentLine(i, 1m)).ToList());

    /// <summary>
    /// Six invoices. By hand: title "heater" is on h1-h4, PART on h1, h2, h3, h5; WH-GAS on h1, h2, h4;
    /// title "leak" and note "coupler" on h5, h6, both of which bill PIPE.
    /// </summary>
    public static IReadOnlyList<SentInvoice> Six() =>
    [
        Sent("h1", "Water heater replacement", null, 1, "WH-GAS", "PART"),
        Sent("h2", "Water heater replacement", null, 2, "WH-GAS", "PART"),
        Sent("h3", "Water heater replacement", null, 3, "WH-ELEC", "PART"),
        Sent("h4", "Water heater replacement", null, 4, "WH-GAS"),
        Sent("h5", "Leak under sink", "used a coupler", 5, "PIPE", "PART"),
        Sent("h6", "Leak at valve", "coupler on the line", 6, "PIPE"),
    ];
}
