using Closeout.Drafting.Drafts;
using Closeout.Drafting.Policies;
using Closeout.Drafting.Pricing;
using FsCheck.Xunit;
using static Closeout.Drafting.Tests.Support.Build;

namespace Closeout.Drafting.Tests.Pricing;

public sealed class InvoicePricerProperties
{
    private static readonly string[] ItemIds = [.. Catalog.Items.Select(i => i.Id), "NOT-IN-CATALOG", "FEE-TRIP"];
    private static readonly string[] Users = [Tech, Helper, "U-STRANGER"];
    private static readonly string[] Tags = ["tax-exempt", "maintenance-plan", "vip"];

    /// <summary>A random job and reading: items with quantities to the thousandth, entries on up to three visits, some warranty, any tags.</summary>
    private static DraftInvoice PriceRandom(
        (byte Item, ushort Milli)[] items, (byte User, byte Visit, short Minutes)[] entries, byte visitCount, byte warrantyMask, byte tagMask, bool perJob, bool flatRate)
    {
        var visits = Enumerable.Range(0, 1 + (visitCount % 3))
            .Select(i => Visit($"V-{i}", TuesdayMorning.AddDays(i * 2).AddHours(i * 5), completed: i != 2))
            .ToList();
        var timesheets = entries
            .Select((e, i) => Entry($"T{i}", Users[e.User % Users.Length], e.Visit % 4 == 3 ? null : $"V-{e.Visit % 4}", e.Minutes * 60L))
            .ToList();
        var billed = items.Select(i => Item(ItemIds[i.Item % ItemIds.Length], i.Milli / 1000m, i.Milli % 5 == 0 ? "V-0" : null)).ToList();
        var warranty = visits.Where((_, i) => (warrantyMask & (1 << i)) != 0).Select(v => v.Id!).ToList();
        var tags = Tags.Where((_, i) => (tagMask & (1 << i)) != 0).ToArray();
        var policy = Policy(perJob ? TripChargePer.Job : TripChargePer.Visit, flatRate, companions:
        [
            new CompanionRule(["WH-GAS", "WH-ELEC"], [new CompanionAdd("FEE-DISPOSAL", 1m), new CompanionAdd("FEE-PERMIT", 1m)]),
            new CompanionRule(["PART"], [new CompanionAdd("PIPE", 2.5m)]),
        ]);
        return InvoicePricer.Price(Job(visits, timesheets, tags), Reading(billed, warranty), Catalog, policy);
    }

    [Property(MaxTest = 300)]
    public bool Total_is_the_sum_of_line_totals_plus_tax(
        (byte, ushort)[] items, (byte, byte, short)[] entries, byte visits, byte warranty, byte tags, bool perJob, bool flatRate)
    {
        var draft = PriceRandom(items, entries, visits, warranty, tags, perJob, flatRate);

        return draft.Subtotal == draft.Lines.Sum(l => l.Total)
            && draft.Total == draft.Subtotal + draft.Tax
            && draft.Lines.All(l => l.Total == Math.Round(l.Quantity * l.UnitPrice, 2, MidpointRounding.AwayFromZero))
            && draft.Tax == decimal.Round(draft.Tax, 2)
            && draft.Tax >= 0;
    }

    [Property(MaxTest = 300)]
    public bool Every_line_is_a_catalog_item_at_the_catalog_price(
        (byte, ushort)[] items, (byte, byte, short)[] entries, byte visits, byte warranty, byte tags, bool perJob, bool flatRate)
    {
        var draft = PriceRandom(items, entries, visits, warranty, tags, perJob, flatRate);

        return draft.Lines.All(l => Catalog.Find(l.ItemId) is { } item && item.UnitPrice == l.UnitPrice && item.Taxable == l.Taxable && l.Quantity > 0);
    }

    [Property(MaxTest = 300)]
    public bool Companions_and_trip_charge_appear_at_most_once(
        (byte, ushort)[] items, (byte, byte, short)[] entries, byte visits, byte warranty, byte tags, bool perJob, bool flatRate)
    {
        var draft = PriceRandom(items, entries, visits, warranty, tags, perJob, flatRate);
        var policyLines = draft.Lines.Where(l => l.Source == LineSource.Policy).GroupBy(l => l.ItemId);

        return policyLines.All(g => g.Count() == 1) && draft.Lines.Count(l => l.ItemId == "FEE-TRIP") <= 1;
    }

    [Property(MaxTest = 200)]
    public bool Labor_is_never_below_the_minimum_nor_off_the_increment(
        (byte, ushort)[] items, (byte, byte, short)[] entries, byte visits, byte warranty, byte tags, bool perJob, bool flatRate)
    {
        var draft = PriceRandom(items, entries, visits, warranty, tags, perJob, flatRate);

        return draft.Lines
            .Where(l => l.Source == LineSource.Timesheet)
            .All(l => l.Quantity >= 1m && l.Quantity % 0.25m == 0);
    }

    [Fact]
    public void Properties_cover_jobs_with_labor_and_companions()
    {
        // Guards the generator: the properties above would pass vacuously if it never produced these.
        var draft = PriceRandom([(7, 1000), (9, 1000)], [(0, 0, 90)], 0, 0, 0, false, false);

        Assert.Contains(draft.Lines, l => l.Source == LineSource.Timesheet);
        Assert.Contains(draft.Lines, l => l.ItemId == "FEE-PERMIT");
        Assert.Contains(draft.Lines, l => l.ItemId == "PIPE");
    }
}
