using System.Text.Json.Nodes;
using Closeout.Features.Inbox;

namespace Closeout.Tests.Features.Inbox;

/// <summary>The intake journal's files on disk: records read back as written, torn tails, segments, one process per folder.</summary>
public sealed class IntakeJournalTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "closeout-journal-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Appended_deliveries_read_back_in_order_as_the_inbox_insert_takes_them()
    {
        using var journal = new IntakeJournal(_folder);
        Assert.True(journal.TryOpen(default));
        journal.Append(Delivery(1) with { TraceParent = "00-abc-def-01" }, 1_000);
        journal.Append(Delivery(2), 2_000);

        var batch = journal.Read(new JournalPosition(journal.End.Segment, 0), 100, 1 << 20);

        Assert.Equal(2, batch.Count);
        Assert.Equal(journal.End, batch.Next);
        Assert.False(batch.SegmentDone);
        var rows = JsonNode.Parse(batch.Json)!.AsArray();
        Assert.Equal(["JOB_UPDATE|acc|item-1|t1", "JOB_UPDATE|acc|item-2|t2"], rows.Select(r => r!["k"]!.GetValue<string>()));
        Assert.Equal("00-abc-def-01", rows[0]!["p"]!.GetValue<string>());
        Assert.Equal(2_000, rows[1]!["r"]!.GetValue<long>());
        Assert.Equal(0, journal.Read(batch.Next, 100, 1 << 20).Count);
    }

    [Fact]
    public void A_record_torn_at_the_end_of_a_segment_an_earlier_process_left_is_skipped_and_counted()
    {
        var (segment, file) = SegmentAnEarlierProcessLeft();
        var whole = new FileInfo(file).Length;
        File.AppendAllText(file, "\u0040\0\0\0garbage of a write cut short");

        using var journal = new IntakeJournal(_folder);
        Assert.True(journal.TryOpen(default));
        var batch = journal.Read(new JournalPosition(segment, 0), 100, 1 << 20);

        Assert.Equal(2, batch.Count);
        Assert.True(batch.SegmentDone);
        Assert.Equal(new FileInfo(file).Length - whole, batch.UnreadableBytes);
        Assert.True(segment < journal.End.Segment);
        Assert.Equal(journal.End.Segment, journal.NextSegmentAfter(segment));
    }

    [Fact]
    public void A_record_whose_checksum_does_not_match_ends_what_is_read()
    {
        var (segment, file) = SegmentAnEarlierProcessLeft();
        var bytes = File.ReadAllBytes(file);
        bytes[^3] ^= 0x20; // one flipped bit in the second record's payload
        File.WriteAllBytes(file, bytes);

        using var journal = new IntakeJournal(_folder);
        Assert.True(journal.TryOpen(default));
        var batch = journal.Read(new JournalPosition(segment, 0), 100, 1 << 20);

        Assert.Equal(1, batch.Count);
        Assert.True(batch.UnreadableBytes > 0);
        var text = System.Text.Encoding.UTF8.GetString(batch.Json);
        Assert.Contains("item-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("item-2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_segment_closes_and_the_next_one_takes_the_appends_and_read_segments_are_deleted()
    {
        using var journal = new IntakeJournal(_folder, segmentBytes: 400);
        Assert.True(journal.TryOpen(default));
        var first = journal.End.Segment;
        for (var i = 0; i < 6; i++)
        {
            journal.Append(Delivery(i), i);
        }

        var closed = journal.Read(new JournalPosition(first, 0), 100, 1 << 20);
        var next = journal.NextSegmentAfter(first);
        var rest = journal.Read(new JournalPosition(next, 0), 100, 1 << 20);
        journal.DeleteBefore(next);

        // Each record is about 115 bytes: three fit in 400.
        Assert.True(closed.SegmentDone);
        Assert.Equal(3, closed.Count);
        Assert.Equal(first + 1, next);
        Assert.Equal(next, journal.End.Segment);
        Assert.Equal(3, rest.Count);
        Assert.False(rest.SegmentDone);
        Assert.DoesNotContain(Directory.GetFiles(_folder, "*.journal"), f => f.EndsWith(first.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".journal", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_process_on_the_same_journal_is_refused_and_the_first_keeps_it()
    {
        using var journal = new IntakeJournal(_folder);
        Assert.True(journal.TryOpen(default));
        using var other = new IntakeJournal(_folder);

        Assert.False(other.TryOpen(default));
        Assert.False(other.IsOpen);
        journal.Append(Delivery(1), 1);
        Assert.Equal(1, journal.Read(new JournalPosition(journal.End.Segment, 0), 10, 1 << 20).Count);
    }

    [Fact]
    public void A_new_segment_is_numbered_after_the_position_already_imported_even_when_its_file_is_gone()
    {
        using var journal = new IntakeJournal(_folder);
        Assert.True(journal.TryOpen(new JournalPosition(41, 1_234)));

        using var unopened = new IntakeJournal(_folder);

        Assert.Equal(42, journal.End.Segment);
        Assert.Throws<InvalidOperationException>(() => unopened.Append(Delivery(1), 1));
    }

    [Fact]
    public void A_record_longer_than_the_read_buffer_is_read_whole()
    {
        using var journal = new IntakeJournal(_folder);
        Assert.True(journal.TryOpen(default));
        journal.Append(Delivery(1), 1);
        journal.Append(Delivery(2), 2);
        var start = new JournalPosition(journal.End.Segment, 0);

        // A 16-byte budget: each read's buffer is smaller than one record, so each record gets a buffer its size.
        var first = journal.Read(start, 100, 16);
        var second = journal.Read(first.Next, 100, 16);

        Assert.Equal((1, 1, 0L, 0L), (first.Count, second.Count, first.UnreadableBytes, second.UnreadableBytes));
        Assert.Contains("item-1", System.Text.Encoding.UTF8.GetString(first.Json), StringComparison.Ordinal);
        Assert.Contains("item-2", System.Text.Encoding.UTF8.GetString(second.Json), StringComparison.Ordinal);
        Assert.Equal(journal.End, second.Next);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Two records in a segment whose process has closed it (the journal closed, its file left behind).</summary>
    private (long Segment, string File) SegmentAnEarlierProcessLeft()
    {
        using var earlier = new IntakeJournal(_folder);
        Assert.True(earlier.TryOpen(default));
        earlier.Append(Delivery(1), 1);
        earlier.Append(Delivery(2), 2);
        return (earlier.End.Segment, Directory.GetFiles(_folder, "*.journal").Single());
    }

    private static InboxDelivery Delivery(int i) => new($"JOB_UPDATE|acc|item-{i}|t{i}", "JOB_UPDATE", "acc", $"item-{i}", $"t{i}", InboxState.Pending);
}
