using Closeout.Drafting.Jobs;

namespace Closeout.Benchmarks;

/// <summary>A realistic completed job: two visits, three notes, logged lines (one custom), time sheets for two people.</summary>
internal static class JobGenerator
{
    public static JobberJob Create(Closeout.Drafting.Catalogs.Catalog catalog)
    {
        var start = new DateTimeOffset(2026, 9, 8, 14, 0, 0, TimeSpan.FromHours(-7));
        var logged = catalog.Items.Where(i => i.Kind is Closeout.Drafting.Catalogs.ItemKind.Product).Take(3).ToList();
        var lines = logged
            .Select((item, n) => new JobLineItem($"LI-{n}", item.Name, item.Description, 1m, item.UnitPrice, item.UnitPrice, item.Taxable, new LinkedProductOrService(item.Id, item.Name)))
            .Append(new JobLineItem("LI-custom", "Misc fittings", null, 1m, 12m, 12m, true, null))
            .ToList();

        return new JobberJob(
            Id: "JOB-BENCH-1",
            JobNumber: 9001,
            Title: "AC not cooling - TXV",
            Instructions: "Diagnose poor cooling; customer pre-approved repairs under $2,000. Gate code 4412.",
            JobStatus: "requires_invoicing",
            Client: new JobberClient("C-1", "Douglas Ferreira", null, [new EmailNode("d@example.com", true)], [new PhoneNode("+1 503 555 0152", true)], null, new Connection<TagNode>([])),
            Property: null,
            LineItems: new Connection<JobLineItem>(lines),
            Visits: new Connection<JobVisit>(
            [
                new JobVisit("V-1", "AC diagnostic", start, start.AddHours(1.5), start.AddHours(1.25), new Connection<AssignedUser>([new AssignedUser("U-TECH", new UserName("Priya Nair"))])),
                new JobVisit("V-2", "TXV replacement", start.AddDays(3).AddHours(-6), start.AddDays(3).AddHours(-1), start.AddDays(3).AddHours(-1.2),
                    new Connection<AssignedUser>([new AssignedUser("U-TECH", new UserName("Priya Nair")), new AssignedUser("U-HELP", new UserName("Sam Whitfield"))])),
            ]),
            TimesheetEntries: new Connection<TimesheetEntry>(
            [
                new TimesheetEntry("TS-1", new IdRef("U-TECH"), new IdRef("V-1"), start, start.AddMinutes(70), 4200, null),
                new TimesheetEntry("TS-2", new IdRef("U-TECH"), new IdRef("V-2"), start.AddDays(3).AddHours(-6), start.AddDays(3).AddHours(-1.5), 16200, null),
                new TimesheetEntry("TS-3", new IdRef("U-HELP"), new IdRef("V-2"), start.AddDays(3).AddHours(-6), start.AddDays(3).AddHours(-2.5), 12600, null),
            ]),
            Notes: new Connection<JobNote>(
            [
                Note("N-1", start.AddMinutes(72), "High superheat, low suction, subcool high - TXV stuck mostly closed. Bulb strapped + insulated fine. Quoted TXV + drier + recharge, cust approved. Ordered part, back Fri."),
                Note("N-2", start.AddDays(3).AddHours(-1.3), "Recovered charge, replaced TXV + liquid line drier, pulled vac to 350 microns, held. Weighed in 5 lbs 12 oz 410A. SH 10 SC 9. Running good."),
                Note("N-3", start.AddDays(3).AddHours(-1.2), "Cap tested 38 on a 45/5, swapped it too. Filter was filthy, cust has spares so used hers. Recommended a surge protector, cust wants to wait."),
            ]));
    }

    private static JobNote Note(string id, DateTimeOffset at, string message) =>
        new(id, message, at, new IdRef("U-TECH"), []);
}
