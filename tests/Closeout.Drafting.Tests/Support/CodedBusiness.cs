using System.Globalization;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Tests.Support;

/// <summary>
/// A business built in code in a trade neither evaluation set has: its catalog, a technician with an after-hours rate
/// and a helper, a trip charge per visit, no companions; one-visit jobs with an hour of the technician's time sheet.
/// </summary>
internal sealed class CodedBusiness(string name, Catalog catalog, string tech, string techAfterHours, string helper, string trip, string title)
{
    public Catalog Catalog { get; } = catalog;

    private readonly HashSet<string> _policyItems = new(StringComparer.Ordinal) { tech, techAfterHours, helper, trip };

    public DraftEngine Engine() => new(Catalog, Build.Policy(flatRateIncludesLabor: false) with
    {
        Business = name,
        Labor = new LaborPolicy(
            new Dictionary<string, LaborRate>
            {
                ["technician"] = new(tech, techAfterHours),
                ["helper"] = new(helper, null),
            },
            0.25m,
            1.0m,
            false),
        TripCharge = new TripChargePolicy(trip, TripChargePer.Visit, new HashSet<string>()),
        Companions = [],
    });

    /// <summary>One visit with an hour of the technician's time sheet, the given notes (half an hour apart) and logged lines.</summary>
    public JobberJob Job(IReadOnlyList<string> notes, IReadOnlyList<JobLineItem>? logged = null) =>
        Build.Job([Build.Visit("V-1")], [Build.Entry("T-1", Build.Tech, "V-1", 3600)]) with
        {
            Title = title,
            LineItems = new Connection<JobLineItem>(logged ?? []),
            Notes = new Connection<JobNote>(notes.Select((n, i) => new JobNote($"N-{i + 1}", n, Build.TuesdayMorning.AddMinutes(30 + (30 * i)), new IdRef(Build.Tech), null)).ToList()),
        };

    /// <summary>One visit a week apart per (title, notes), each with an hour of the technician's time sheet.</summary>
    public JobberJob Job(IReadOnlyList<(string Title, IReadOnlyList<string> Notes)> visits)
    {
        var starts = visits.Select((_, i) => Build.TuesdayMorning.AddDays(7 * i)).ToList();
        return Build.Job(
            visits.Select((v, i) => Build.Visit($"V-{i + 1}", starts[i], title: v.Title)).ToList(),
            visits.Select((_, i) => Build.Entry($"T-{i + 1}", Build.Tech, $"V-{i + 1}", 3600, starts[i])).ToList()) with
        {
            Title = title,
            Notes = new Connection<JobNote>(visits.SelectMany((v, i) => v.Notes.Select((n, k) =>
                new JobNote($"N-{i + 1}-{k + 1}", n, starts[i].AddMinutes(30 + (30 * k)), new IdRef(Build.Tech), null))).ToList()),
        };
    }

    public JobLineItem Logged(string id, string itemId, decimal quantity)
    {
        var item = Catalog.Find(itemId)!;
        return new JobLineItem(id, item.Name, item.Description, quantity, item.UnitPrice, quantity * item.UnitPrice, item.Taxable, new LinkedProductOrService(itemId, item.Name));
    }

    /// <summary>What the notes and logged lines billed, policy lines left out: "CL-STRIP 1.25, CL-PAD 2".</summary>
    public string Billed(DraftInvoice draft) =>
        string.Join(", ", draft.Lines.Where(l => !_policyItems.Contains(l.ItemId))
            .GroupBy(l => l.ItemId, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Sum(l => l.Quantity).ToString("0.##", CultureInfo.InvariantCulture)}"));
}
