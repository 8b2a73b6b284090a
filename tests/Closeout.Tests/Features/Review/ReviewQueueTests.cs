using Closeout.Features.Review;

namespace Closeout.Tests.Features.Review;

/// <summary>The queue's filters and sorts, on queue items made here (descending age puts the oldest first, the queue's default).</summary>
public sealed class ReviewQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly QueueItem[] Items =
    [
        Item("a", 120m, 3, "Ana Ruiz", ["Marco"], "Water heaters", ["declined"]),
        Item("b", 900m, 1, "Bo Chen", ["Sam"], "Fixtures", []),
        Item("c", 45.5m, 2, "Ana Ruiz", ["Marco", "Sam"], "Fixtures", ["ambiguous", "declined"]),
    ];

    public static TheoryData<QueueQuery, string[]> Cases => new()
    {
        { new QueueQuery(Sort: "amount", Descending: true), ["b", "a", "c"] },
        { new QueueQuery(Sort: "amount", Descending: false), ["c", "a", "b"] },
        { new QueueQuery(Sort: "age", Descending: true), ["a", "c", "b"] },
        { new QueueQuery(Sort: "age", Descending: false), ["b", "c", "a"] },
        { new QueueQuery(Flag: "declined"), ["a", "c"] },
        { new QueueQuery(ServiceLine: "fixtures"), ["c", "b"] },
        { new QueueQuery(Technician: "sam", Sort: "amount"), ["b", "c"] },
        { new QueueQuery(Client: "ruiz", Flag: "ambiguous"), ["c"] },
        { new QueueQuery(Client: "nobody"), [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_queue_filters_by_flag_service_line_technician_and_client_and_sorts_by_amount_or_age(QueueQuery query, string[] expected)
    {
        Assert.Equal(expected, ReviewQueue.Filter(Items, query).Select(i => i.JobId));
    }

    [Fact]
    public void Waiting_for_me_keeps_only_the_drafts_the_user_may_decide()
    {
        QueueItem[] items = [Items[0] with { MayDecide = true }, Items[1], Items[2] with { MayDecide = true }];

        Assert.Equal(["a", "c"], ReviewQueue.Filter(items, new QueueQuery(Mine: true)).Select(i => i.JobId));
    }

    [Theory]
    [InlineData(7, 3, 1, "0,1,2", 1, 3)]
    [InlineData(7, 3, 3, "6", 7, 7)]
    [InlineData(7, 3, 9, "6", 7, 7)]
    [InlineData(7, 3, 0, "0,1,2", 1, 3)]
    [InlineData(0, 3, 2, "", 0, 0)]
    public void A_queue_page_is_clamped_to_the_pages_there_are_and_says_which_rows_it_shows(int count, int size, int asked, string expected, int first, int last)
    {
        var items = Enumerable.Range(0, count).Select(i => Items[0] with { JobId = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();

        var page = QueuePage.Of(items, asked, size);

        Assert.Equal(expected, string.Join(",", page.Items.Select(i => i.JobId)));
        Assert.Equal((count, first, last), (page.Total, page.First, page.Last));
    }

    private static QueueItem Item(string id, decimal total, int daysOld, string client, string[] technicians, string serviceLine, string[] flags) =>
        new("acct", id, null, null, client, technicians, serviceLine, flags, 1, total, Start.AddDays(-daysOld), ReviewStates.Waiting, "done");
}
