using System.Text;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Engine;

/// <summary>A job from outside never takes the engine down: every one of these yields a draft a person can review.</summary>
public sealed class BadInputTests
{
    private static readonly DraftEngine Engine = Support.Electrical.Engine();

    private static DraftInvoice DraftOf(JobberJob job)
    {
        var draft = Engine.Draft(job);

        Assert.NotNull(draft);
        Assert.Equal(draft.Subtotal + draft.Tax, draft.Total);
        Assert.All(draft.Lines, l => Assert.True(l.Quantity > 0));
        return draft;
    }

    [Fact]
    public void A_job_with_every_field_null_gives_an_empty_draft()
    {
        var draft = DraftOf(new JobberJob(null, null, null, null, null, null, null, null, null, null, null));

        Assert.Empty(draft.Lines);
        Assert.Equal(0m, draft.Total);
    }

    [Fact]
    public void Connections_with_null_nodes_and_nodes_with_null_fields_are_tolerated()
    {
        var job = new JobberJob(
            "J-1", null, null, null, null,
            new JobberClient(null, null, null, null, null, null, new Connection<TagNode>([new TagNode(null)])),
            new JobberProperty(null),
            new Connection<JobLineItem>([new JobLineItem(null, null, null, null, null, null, null, null)]),
            new Connection<JobVisit>([new JobVisit(null, null, null, null, null, null), Visit()]),
            new Connection<TimesheetEntry>([new TimesheetEntry(null, null, null, null, null, null, null)]),
            new Connection<JobNote>([new JobNote(null, null, null, null, null), new JobNote("N-1", "replaced 2 GFCIs", null, null, [new NoteAttachment(null, null)])]));

        var draft = DraftOf(job);

        Assert.Equal(2m, Quantity(draft, "EL-GFCI"));
    }

    [Fact]
    public void Notes_null_is_a_job_without_notes()
    {
        var draft = DraftOf(Job([]) with { Notes = null });

        Assert.Equal("", Billed(draft));
        Assert.Equal(1m, Quantity(draft, "EL-LAB"));
    }

    [Fact]
    public void A_one_megabyte_note_finishes_and_still_drafts()
    {
        var random = new Random(17);
        string[] words = ["the", "wall", "checked", "customer", "garage", "stud", "and", "ok", "dog", "3", "looked", "fine", "door", "hall", "attic", "paint", "didn't", "20"];
        var text = new StringBuilder("replaced 3 GFCIs in the kitchen. ");
        while (text.Length < 1_000_000)
        {
            text.Append(words[random.Next(words.Length)]).Append(random.Next(12) == 0 ? ". " : " ");
        }

        var draft = DraftOf(Job([text.ToString()]));

        Assert.Equal(3m, Quantity(draft, "EL-GFCI"));
    }

    [Theory]
    [InlineData("replaced 2 GFCIs 👍🔌⚡ all good 😀")]
    [InlineData("\u202Ereplaced 2 GFCIs\u202C تم الاستبدال")]
    [InlineData("replaced 2 GFCI\u0301s a\u0308nd te\u0301sted")]
    [InlineData("replaced 2 GFCIs\0\0 in the kitchen\0")]
    [InlineData("\uD800 replaced 2 GFCIs \uDFFF")]
    [InlineData("\r\n\t replaced\u00A02\u2003GFCIs \u2028 ok")]
    public void Odd_unicode_never_throws(string note)
    {
        DraftOf(Job([note]));
    }

    [Fact]
    public void An_unknown_user_in_the_time_sheets_is_flagged_not_billed()
    {
        var job = Job(["replaced the smoke detector in the hall"]) with
        {
            TimesheetEntries = new Connection<TimesheetEntry>([Support.Build.Entry("T-9", "U-NOBODY", "V-1", 7200)]),
        };

        var draft = DraftOf(job);

        Assert.DoesNotContain(draft.Lines, l => l.ItemId.StartsWith("EL-LAB", StringComparison.Ordinal));
        Assert.Contains(draft.Flags, f => f.Kind == FlagKind.InvalidInput);
    }

    [Theory]
    [InlineData(-3600L)]
    [InlineData(0L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(null)]
    public void Odd_durations_never_throw_and_never_bill_negative_labor(long? seconds)
    {
        var job = Job(["replaced the smoke detector in the hall"]) with
        {
            TimesheetEntries = new Connection<TimesheetEntry>([Support.Build.Entry("T-1", Electrician, "V-1", seconds)]),
        };

        var draft = DraftOf(job);

        Assert.True(Quantity(draft, "EL-LAB") >= 0);
    }

    [Fact]
    public void A_logged_line_with_null_quantity_is_billed_from_the_notes_or_as_one()
    {
        var draft = DraftOf(Job(["replaced 2 GFCIs"], [Logged("L-1", "EL-GFCI", null), Logged("L-2", "EL-SMOKE", null)]));

        Assert.Equal(2m, Quantity(draft, "EL-GFCI"));
        Assert.Equal(1m, Quantity(draft, "EL-SMOKE"));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(0)]
    public void A_logged_line_with_no_positive_quantity_bills_no_negative_line(int quantity)
    {
        DraftOf(Job(["kitchen done"], [Logged("L-1", "EL-GFCI", quantity)]));
    }

    [Fact]
    public void Duplicate_ids_never_throw()
    {
        var job = Job(["replaced 2 GFCIs", "replaced 2 GFCIs"], [Logged("L-1", "EL-GFCI", 2m), Logged("L-1", "EL-GFCI", 2m)]) with
        {
            Visits = new Connection<JobVisit>([Visit(), Visit()]),
            TimesheetEntries = new Connection<TimesheetEntry>([Support.Build.Entry("T-1", Electrician, "V-1", 3600), Support.Build.Entry("T-1", Electrician, "V-1", 3600)]),
        };
        job = job with { Notes = new Connection<JobNote>(job.Notes!.Items.Select(n => n with { Id = "N-1" }).ToList()) };

        var draft = DraftOf(job);

        Assert.Equal(2m, Quantity(draft, "EL-GFCI"));
    }

    [Fact]
    public void Visits_without_times_and_notes_without_dates_are_tolerated()
    {
        var job = Job(["replaced the smoke detector in the hall"]) with
        {
            Visits = new Connection<JobVisit>([new JobVisit("V-1", null, null, null, null, null)]),
        };

        DraftOf(job);
    }
}
