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

    private static QueueItem Item(string id, decimal total, int daysOld, string client, string[] technicians, string serviceLine, string[] flags) =>
        new("acct", id, null, null, client, technicians, serviceLine, flags, 1, total, Start.AddDays(-daysOld), ReviewStates.Waiting, "done");
}
