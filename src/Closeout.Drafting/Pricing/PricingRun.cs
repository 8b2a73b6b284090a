using System.Globalization;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Extraction;
using Closeout.Drafting.Jobs;
using Closeout.Drafting.Policies;

namespace Closeout.Drafting.Pricing;

/// <summary>One pricing of one job: collects lines (items, labor, fees) and flags, then totals them.</summary>
internal sealed class PricingRun
{
    private const double TimesheetConfidence = 1.0;
    private const double StatedLaborConfidence = 0.8;
    private const double PolicyConfidence = 1.0;

    private readonly JobberJob _job;
    private readonly JobReading _reading;
    private readonly Catalog _catalog;
    private readonly BillingPolicy _policy;
    private readonly List<PricedVisit> _visits;
    private readonly List<DraftLine> _items = [];
    private readonly List<DraftLine> _labor = [];
    private readonly List<DraftLine> _fees = [];
    private readonly List<ReviewFlag> _flags = [];

    public PricingRun(JobberJob job, JobReading reading, Catalog catalog, BillingPolicy policy)
    {
        _job = job;
        _reading = reading;
        _catalog = catalog;
        _policy = policy;
        _flags.AddRange(reading.Flags.OfType<ReviewFlag>());
        _visits = ReadVisits();
    }

    public DraftInvoice Run()
    {
        if (_job.Id is null)
        {
            Invalid("The job has no id.");
        }

        if (_visits.Count == 0)
        {
            Invalid("The job has no visits, so no labor or trip charge could be billed; check the job in Jobber.");
        }

        FlagWarrantyVisits();
        AddItems();
        AddLabor();
        AddTripCharge();
        AddCompanions();
        return Totals();
    }

    private List<PricedVisit> ReadVisits()
    {
        var nodes = _job.Visits?.Items.OfType<JobVisit>().ToList() ?? [];
        var allUncompleted = nodes.All(v => v.CompletedAt is null);
        var visits = new List<PricedVisit>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var visit = nodes[i];
            var key = visit.Id ?? string.Create(CultureInfo.InvariantCulture, $"visit #{i + 1}");
            if (visit.Id is null)
            {
                Invalid($"The job's {Ordinal(i + 1)} visit has no id; its time is attributed by time only.");
            }

            var warranty = visit.Id is not null && _reading.WarrantyVisitIds.Contains(visit.Id);
            visits.Add(new PricedVisit(key, visit, warranty, allUncompleted || visit.CompletedAt is not null));
        }

        return visits;
    }

    private void FlagWarrantyVisits()
    {
        var warranty = _visits.Where(v => v.IsWarranty).ToList();
        if (warranty.Count > 0 && !_flags.Any(f => f.Kind == FlagKind.Warranty))
        {
            _flags.Add(new ReviewFlag(
                FlagKind.Warranty,
                $"Warranty work, not charged: {string.Join(", ", warranty.Select(Describe))}.",
                [new Evidence.Rule("Warranty or callback visits on our own work are not charged at all.")]));
        }
    }

    private void AddItems()
    {
        var tripItem = _policy.TripCharge?.Item;
        foreach (var billed in _reading.Items.OfType<BilledItem>())
        {
            if (billed.VisitId is not null && _visits.Any(v => v.IsWarranty && v.Visit.Id == billed.VisitId))
            {
                continue;
            }

            var item = _catalog.Find(billed.ItemId);
            if (item is null)
            {
                _flags.Add(new ReviewFlag(
                    FlagKind.NotInCatalog,
                    $"'{billed.ItemId}' is not in the price book, so it is not billed; add it to the catalog or bill it by hand.",
                    billed.Evidence));
                continue;
            }

            if (billed.Quantity <= 0)
            {
                Invalid($"{item.Name} was read with quantity {billed.Quantity}; it is not billed.", billed.Evidence);
                continue;
            }

            if (item.Id == tripItem)
            {
                // The policy decides how many trip charges a job carries; a logged one is not billed a second time.
                continue;
            }

            var description = string.IsNullOrWhiteSpace(item.Description) ? item.Name : item.Description;
            _items.Add(Line(item, billed.Quantity, billed.Source, billed.Evidence, billed.Confidence, description));
        }
    }

    private void AddLabor()
    {
        if (_policy.Labor.FlatRateIncludesLabor && _items.Any(l => _catalog.Find(l.ItemId)?.Kind == ItemKind.Service))
        {
            return;
        }

        var work = AttributeTimesheets();
        var stated = AttributeStatedLabor();
        foreach (var visit in _visits.Where(v => !v.IsWarranty))
        {
            if (work.TryGetValue(visit.Key, out var people))
            {
                foreach (var person in people)
                {
                    AddTimesheetLabor(visit, person);
                }
            }
            else if (stated.TryGetValue(visit.Key, out var statements))
            {
                foreach (var group in statements.GroupBy(s => s.UserId, StringComparer.Ordinal))
                {
                    AddStatedLabor(visit, group.Key, group.ToList());
                }
            }
            else if (visit.IsCompleted)
            {
                _flags.Add(new ReviewFlag(
                    FlagKind.NoLaborRecorded,
                    $"No time sheet and no hours in the notes for {Describe(visit)}, so no labor is billed for it. Decide who worked how long, or confirm the visit carries no labor.",
                    [new Evidence.Rule("Labor is billed from time sheets, or from notes that state who worked how long.")]));
            }
        }
    }

    /// <summary>Time-sheet entries grouped by visit, then by person in order of first entry; a visit appears once it has any entry.</summary>
    private Dictionary<string, List<PersonTime>> AttributeTimesheets()
    {
        var byVisit = new Dictionary<string, List<PersonTime>>(StringComparer.Ordinal);
        foreach (var entry in _job.TimesheetEntries?.Items.OfType<TimesheetEntry>() ?? [])
        {
            var entryId = entry.Id ?? "(no id)";
            var visit = VisitOf(entry, entryId);
            if (visit is null || visit.IsWarranty)
            {
                continue;
            }

            if (!byVisit.TryGetValue(visit.Key, out var people))
            {
                people = [];
                byVisit.Add(visit.Key, people);
            }

            var seconds = SecondsOf(entry, entryId);
            var userId = entry.User?.Id;
            if (userId is null)
            {
                Invalid($"Time-sheet entry {entryId} has no user; its time is not billed.");
                continue;
            }

            if (seconds is null)
            {
                continue;
            }

            var person = people.Find(p => p.UserId == userId);
            if (person is null)
            {
                person = new PersonTime(userId);
                people.Add(person);
            }

            person.Seconds += seconds.Value;
            person.EntryIds.Add(entryId);
            person.FirstStart ??= entry.StartAt;
        }

        return byVisit;
    }

    private PricedVisit? VisitOf(TimesheetEntry entry, string entryId)
    {
        var visitId = entry.Visit?.Id;
        if (visitId is not null)
        {
            var named = _visits.FirstOrDefault(v => v.Visit.Id == visitId);
            if (named is not null)
            {
                return named;
            }
        }

        var byTime = entry.StartAt is { } start
            ? _visits.FirstOrDefault(v => v.Visit.StartAt <= start && start <= v.Visit.EndAt)
            : null;
        var attributed = byTime ?? (_visits.Count == 1 ? _visits[0] : null);
        if (visitId is not null)
        {
            Invalid(attributed is null
                ? $"Time-sheet entry {entryId} names visit {visitId}, which is not on this job, and matches no visit's time; its time is not billed."
                : $"Time-sheet entry {entryId} names visit {visitId}, which is not on this job; it was counted on {Describe(attributed)}.");
        }
        else if (attributed is null)
        {
            Invalid($"Time-sheet entry {entryId} has no visit and falls in no visit's scheduled time; its time is not billed. Assign it to a visit.");
        }

        return attributed;
    }

    private const long MaxEntrySeconds = 7L * 24 * 3600;

    private long? SecondsOf(TimesheetEntry entry, string entryId)
    {
        if (entry.FinalDuration is { } duration)
        {
            // More than a week on one entry is no clock-in anyone worked, and its seconds would overflow the sums.
            if (duration > MaxEntrySeconds)
            {
                Invalid($"Time-sheet entry {entryId} has an impossible duration ({duration} s); it is not billed.");
                return null;
            }

            if (duration >= 0)
            {
                return duration;
            }

            Invalid($"Time-sheet entry {entryId} has a negative duration ({duration} s); it is not billed.");
            return null;
        }

        if (entry.StartAt is { } start && entry.EndAt is { } end && end >= start && (end - start).TotalSeconds <= MaxEntrySeconds)
        {
            var seconds = (long)(end - start).TotalSeconds;
            Invalid($"Time-sheet entry {entryId} has no final duration; its start and end ({LaborMath.Duration(seconds)}) were used instead.");
            return seconds;
        }

        Invalid($"Time-sheet entry {entryId} has no duration; it is not billed.");
        return null;
    }

    private Dictionary<string, List<StatedLabor>> AttributeStatedLabor()
    {
        var byVisit = new Dictionary<string, List<StatedLabor>>(StringComparer.Ordinal);
        foreach (var stated in _reading.StatedLabor.OfType<StatedLabor>())
        {
            var visit = _visits.FirstOrDefault(v => v.Visit.Id == stated.VisitId) ?? (_visits.Count == 1 ? _visits[0] : null);
            if (visit is null)
            {
                Invalid($"Hours stated for visit {stated.VisitId} match no visit of the job; they are not billed.", [stated.Evidence]);
                continue;
            }

            if (stated.Hours < 0)
            {
                Invalid($"Negative hours ({stated.Hours}) stated for {Describe(visit)}; they are not billed.", [stated.Evidence]);
                continue;
            }

            if (!byVisit.TryGetValue(visit.Key, out var list))
            {
                list = [];
                byVisit.Add(visit.Key, list);
            }

            list.Add(stated);
        }

        return byVisit;
    }

    private void AddTimesheetLabor(PricedVisit visit, PersonTime person)
    {
        var evidence = new List<Evidence> { new Evidence.Timesheet(person.EntryIds, visit.Key, person.UserId) };
        var item = LaborItem(visit, person.UserId, evidence);
        if (item is null)
        {
            return;
        }

        var hours = LaborMath.BillableHoursFromSeconds(person.Seconds, _policy.Labor);
        evidence.Add(new Evidence.Rule($"{LaborMath.Duration(person.Seconds)} on the time sheet billed as {Hours(hours)} h ({RoundingRule()})."));
        _labor.Add(Line(item, hours, LineSource.Timesheet, evidence, TimesheetConfidence, LaborDescription(item, hours, visit.Visit.StartAt ?? person.FirstStart)));
    }

    private void AddStatedLabor(PricedVisit visit, string userId, IReadOnlyList<StatedLabor> statements)
    {
        var evidence = statements.Select(s => s.Evidence).ToList();
        var item = LaborItem(visit, userId, evidence);
        if (item is null)
        {
            return;
        }

        var stated = statements.Sum(s => s.Hours);
        var hours = LaborMath.BillableHours(stated, _policy.Labor);
        evidence.Add(new Evidence.Rule($"{Hours(stated)} h stated in the notes billed as {Hours(hours)} h ({RoundingRule()})."));
        _labor.Add(Line(item, hours, LineSource.Notes, evidence, StatedLaborConfidence, LaborDescription(item, hours, visit.Visit.StartAt)));
    }

    /// <summary>The catalog item for a person's labor on a visit, by their role and whether the visit is after hours; null (with a flag) when it cannot be known.</summary>
    private CatalogItem? LaborItem(PricedVisit visit, string userId, IReadOnlyList<Evidence> evidence)
    {
        if (!_policy.Team.TryGetValue(userId, out var member))
        {
            Invalid($"User {userId} worked on {Describe(visit)} but is not on the team in the billing policy, so their time is not billed. Add them to the policy with a labor role.", evidence);
            return null;
        }

        if (!_policy.Labor.Rates.TryGetValue(member.LaborRole, out var rate))
        {
            Invalid($"{member.Name}'s labor role '{member.LaborRole}' has no rate in the billing policy, so their time on {Describe(visit)} is not billed.", evidence);
            return null;
        }

        var afterHours = false;
        if (visit.Visit.StartAt is { } start)
        {
            afterHours = LaborMath.IsAfterHours(start, _policy);
        }
        else
        {
            Invalid($"{Describe(visit)} has no scheduled start, so its labor is billed at the regular rate; check whether it was after hours.", evidence);
        }

        var itemId = afterHours && rate.AfterHours is not null ? rate.AfterHours : rate.Regular;
        var item = _catalog.Find(itemId);
        if (item is null)
        {
            Invalid($"Labor item '{itemId}' for role '{member.LaborRole}' is not in the catalog, so {member.Name}'s time on {Describe(visit)} is not billed.", evidence);
        }

        return item;
    }

    private void AddTripCharge()
    {
        if (_policy.TripCharge is not { } trip || _catalog.Find(trip.Item) is not { } item)
        {
            return;
        }

        if (ClientHasTag(trip.WaivedForClientTags))
        {
            return;
        }

        var billable = _visits.Where(v => !v.IsWarranty).ToList();
        var (quantity, rule) = trip.Per switch
        {
            TripChargePer.Visit => (
                billable.Count(v => v.IsCompleted),
                $"{item.Name} billed once per completed visit that is not warranty work."),
            _ => (
                billable.Count > 0 ? 1 : 0,
                $"{item.Name} billed once per job."),
        };
        if (quantity == 0)
        {
            return;
        }

        var description = quantity == 1 ? item.Name : $"{item.Name}, {quantity} visits";
        _fees.Add(Line(item, quantity, LineSource.Policy, [new Evidence.Rule(rule)], PolicyConfidence, description));
    }

    private void AddCompanions()
    {
        foreach (var rule in _policy.Companions)
        {
            var trigger = rule.When.FirstOrDefault(id => AllLines().Any(l => l.ItemId == id && l.Quantity > 0));
            if (trigger is null)
            {
                continue;
            }

            var triggerName = _catalog.Find(trigger)?.Name ?? trigger;
            foreach (var add in rule.Add)
            {
                if (_catalog.Find(add.Item) is not { } item)
                {
                    continue;
                }

                var evidence = new Evidence.Rule($"{item.Name} goes with {triggerName}: at least {Hours(add.Quantity)} per job.");
                var billed = AllLines().Where(l => l.ItemId == add.Item).Sum(l => l.Quantity);
                if (billed >= add.Quantity)
                {
                    continue;
                }

                if (!RaiseExisting(add.Item, add.Quantity - billed, evidence))
                {
                    _fees.Add(Line(item, add.Quantity, LineSource.Policy, [evidence], PolicyConfidence, item.Name));
                }
            }
        }
    }

    private bool RaiseExisting(string itemId, decimal by, Evidence evidence)
    {
        foreach (var lines in new[] { _items, _labor, _fees })
        {
            var index = lines.FindIndex(l => l.ItemId == itemId);
            if (index >= 0)
            {
                var line = lines[index];
                var quantity = line.Quantity + by;
                lines[index] = line with
                {
                    Quantity = quantity,
                    Total = InvoiceTotals.LineTotal(quantity, line.UnitPrice),
                    Evidence = [.. line.Evidence, evidence],
                };
                return true;
            }
        }

        return false;
    }

    private DraftInvoice Totals()
    {
        var lines = AllLines().ToList();
        var totals = InvoiceTotals.Of(lines.Select(l => (l.Total, l.Taxable)), _policy.Tax, InvoiceTotals.IsTaxExempt(_policy.Tax, _job.ClientTags));
        return new DraftInvoice(_job.Id ?? string.Empty, lines, DistinctFlags(), totals.Subtotal, totals.Tax, totals.Total);
    }

    private List<ReviewFlag> DistinctFlags() =>
        _flags
            .GroupBy(f => (f.Kind, f.Message))
            .Select(Merge)
            .ToList();

    /// <summary>One flag for a kind and message; the evidence of its repeats is kept when it adds anything.</summary>
    private static ReviewFlag Merge(IGrouping<(FlagKind, string), ReviewFlag> repeats)
    {
        var first = repeats.First();
        var evidence = repeats.SelectMany(f => f.Evidence).Distinct().ToList();
        return evidence.SequenceEqual(first.Evidence) ? first : first with { Evidence = evidence };
    }

    private IEnumerable<DraftLine> AllLines() => _items.Concat(_labor).Concat(_fees);

    private bool ClientHasTag(IReadOnlySet<string> tags) =>
        _job.ClientTags.Any(t => tags.Contains(t) || tags.Any(x => string.Equals(x, t, StringComparison.OrdinalIgnoreCase)));

    private static DraftLine Line(CatalogItem item, decimal quantity, LineSource source, IReadOnlyList<Evidence> evidence, double confidence, string description) =>
        new(item.Id, item.Name, quantity, item.UnitPrice, InvoiceTotals.LineTotal(quantity, item.UnitPrice), item.Taxable, source, evidence, confidence, description);

    private string LaborDescription(CatalogItem item, decimal hours, DateTimeOffset? when) =>
        when is { } at
            ? $"{item.Name}, {Hours(hours)} h on {TimeZoneInfo.ConvertTime(at, _policy.TimeZone).ToString("ddd MMM d", CultureInfo.InvariantCulture)}"
            : $"{item.Name}, {Hours(hours)} h";

    private string RoundingRule() =>
        $"rounded up to {Hours(_policy.Labor.IncrementHours)} h, at least {Hours(_policy.Labor.MinimumHoursPerPersonPerVisit)} h per person per visit";

    private string Describe(PricedVisit visit)
    {
        var name = string.IsNullOrWhiteSpace(visit.Visit.Title) ? $"visit {visit.Key}" : $"visit '{visit.Visit.Title}' ({visit.Key})";
        return visit.Visit.StartAt is { } start
            ? $"{name} on {TimeZoneInfo.ConvertTime(start, _policy.TimeZone).ToString("ddd MMM d", CultureInfo.InvariantCulture)}"
            : name;
    }

    private void Invalid(string message, IReadOnlyList<Evidence>? evidence = null) =>
        _flags.Add(new ReviewFlag(FlagKind.InvalidInput, message, evidence ?? []));

    private static string Hours(decimal hours) => hours.Normalize().ToString(CultureInfo.InvariantCulture);

    private static string Ordinal(int n) => n switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => string.Create(CultureInfo.InvariantCulture, $"{n}th"),
    };

    private sealed record PricedVisit(string Key, JobVisit Visit, bool IsWarranty, bool IsCompleted);

    private sealed class PersonTime(string userId)
    {
        public string UserId { get; } = userId;

        public long Seconds { get; set; }

        public List<string> EntryIds { get; } = [];

        public DateTimeOffset? FirstStart { get; set; }
    }
}
