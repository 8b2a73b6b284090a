using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.Review;

/// <summary>The review queue page: every signed-in role; technicians see their own jobs only.</summary>
internal sealed class QueueModel(ReviewQueue queue, TimeProvider time) : PageModel
{
    public QueueQuery Query { get; private set; } = new();

    public string State => Query.State ?? "all";

    public QueuePage Shown { get; private set; } = QueuePage.Of([], 1, PageSize);

    public IReadOnlyList<QueueItem> Items => Shown.Items;

    /// <summary>Rows per page of the queue.</summary>
    public const int PageSize = 50;

    public IReadOnlyList<string> FlagKinds { get; private set; } = [];

    public IReadOnlyList<string> ServiceLines { get; private set; } = [];

    public IReadOnlyList<string> Technicians { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(string? state, string? flag, string? serviceLine, string? technician, string? client, string? sort, bool? mine, int? page, CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var descending = sort is null || !sort.EndsWith("-asc", StringComparison.Ordinal);
        var by = sort?.StartsWith("amount", StringComparison.Ordinal) == true ? "amount" : "age";
        Query = new QueueQuery(state is "all" ? null : string.IsNullOrEmpty(state) ? ReviewStates.Waiting : state, Empty(flag), Empty(serviceLine), Empty(technician), Empty(client), by, descending, mine ?? false);
        // The choices come from every draft in the state, so a filter never hides the others' options.
        var all = await queue.RunAsync(Query with { Flag = null, ServiceLine = null, Technician = null, Client = null, Mine = false }, User, cancellationToken).ConfigureAwait(false);
        FlagKinds = all.SelectMany(i => i.FlagKinds).Distinct().Order(StringComparer.Ordinal).ToList();
        ServiceLines = all.Select(i => i.ServiceLine).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        Technicians = all.SelectMany(i => i.Technicians).Distinct().Order(StringComparer.Ordinal).ToList();
        Shown = QueuePage.Of(ReviewQueue.Filter(all, Query), page ?? 1, PageSize);
    }

    /// <summary>This query's address at another page (the filters kept).</summary>
    public string PageLink(int page)
    {
        var values = new Dictionary<string, string?>
        {
            ["state"] = State,
            ["flag"] = Query.Flag,
            ["serviceLine"] = Query.ServiceLine,
            ["technician"] = Query.Technician,
            ["client"] = Query.Client,
            ["sort"] = Query.Sort + (Query.Descending ? "" : "-asc"),
            ["mine"] = Query.Mine ? "true" : null,
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/", values.Where(v => v.Value is not null));
    }

    public static string Age(DateTimeOffset createdAt, DateTimeOffset now)
    {
        var age = now - createdAt;
        return age.TotalMinutes < 60 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalMinutes)} min")
            : age.TotalHours < 48 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} d");
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
