using System.Globalization;
using System.Text;

namespace Closeout.JobberSandbox.GraphQL;

internal sealed record Edge(string Cursor, object Node);

internal sealed record PageInfo(string? EndCursor, bool HasNextPage, bool HasPreviousPage, string? StartCursor);

internal sealed record Connection(IReadOnlyList<object> Nodes, IReadOnlyList<Edge> Edges, PageInfo PageInfo, int TotalCount);

/// <summary>Relay connections over an in-memory list (first/after, last/before); cursors are base64 positions.</summary>
internal static class Paging
{
    public static string Cursor(int position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(position.ToString(CultureInfo.InvariantCulture)));

    public static int? Position(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var buffer = new byte[cursor.Length];
        return Convert.TryFromBase64String(cursor, buffer, out var written)
            && int.TryParse(Encoding.UTF8.GetString(buffer, 0, written), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw new ArgumentException($"Invalid cursor: {cursor}");
    }

    public static Connection Page(IReadOnlyList<object> all, int? first, string? after, int? last, string? before)
    {
        if (first < 0 || last < 0)
        {
            throw new ArgumentException("first and last must not be negative");
        }

        // positions are 1-based: the cursor of all[i] is Cursor(i + 1)
        var start = Position(after) ?? 0;
        var end = Math.Min(Position(before) is { } b ? b - 1 : all.Count, all.Count);
        start = Math.Clamp(start, 0, all.Count);
        end = Math.Max(end, start);

        var from = start;
        var to = end;
        if (first is { } f && to - from > f)
        {
            to = from + f;
        }

        if (last is { } l && to - from > l)
        {
            from = to - l;
        }

        var edges = new List<Edge>(to - from);
        for (var i = from; i < to; i++)
        {
            edges.Add(new Edge(Cursor(i + 1), all[i]));
        }

        var pageInfo = new PageInfo(
            EndCursor: edges.Count > 0 ? edges[^1].Cursor : null,
            HasNextPage: to < end,
            HasPreviousPage: from > start,
            StartCursor: edges.Count > 0 ? edges[0].Cursor : null);
        return new Connection(edges.ConvertAll(e => e.Node), edges, pageInfo, all.Count);
    }
}
