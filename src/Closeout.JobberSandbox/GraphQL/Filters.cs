using Closeout.JobberSandbox.Domain;
using GraphQL;

namespace Closeout.JobberSandbox.GraphQL;

/// <summary>The filter and searchTerm arguments of the root connections, for the attributes the sandbox knows.</summary>
internal static class Filters
{
    public static IEnumerable<Job> Jobs(IEnumerable<Job> jobs, IResolveFieldContext context)
    {
        var filter = context.GetArgument<Dictionary<string, object?>?>("filter");
        var search = context.GetArgument<string?>("searchTerm");
        return jobs.Where(j =>
            (filter is null
                || (Matches(filter, "status", j.JobStatus)
                    && Matches(filter, "jobType", j.JobType)
                    && InRange(filter, "createdAt", j.CreatedAt)
                    && InRange(filter, "startAt", j.StartAt)
                    && InRange(filter, "endAt", j.EndAt)
                    && InRange(filter, "completedAt", j.CompletedAt)))
            && (string.IsNullOrEmpty(search)
                || Contains(j.Title, search) || Contains(j.Client.Name, search) || j.JobNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) == search));
    }

    public static IEnumerable<Client> Clients(IEnumerable<Client> clients, IResolveFieldContext context)
    {
        var filter = context.GetArgument<Dictionary<string, object?>?>("filter");
        var search = context.GetArgument<string?>("searchTerm");
        return clients.Where(c =>
            (filter is null
                || ((!filter.TryGetValue("isCompany", out var isCompany) || isCompany is null || (bool)isCompany == c.IsCompany)
                    && InRange(filter, "createdAt", c.CreatedAt)
                    && InRange(filter, "updatedAt", c.UpdatedAt)))
            && (string.IsNullOrEmpty(search) || Contains(c.Name, search) || Contains(c.CompanyName, search)));
    }

    public static IEnumerable<Invoice> Invoices(IEnumerable<Invoice> invoices, IResolveFieldContext context)
    {
        var search = context.GetArgument<string?>("searchTerm");
        return invoices.Where(i => string.IsNullOrEmpty(search) || Contains(i.Subject, search) || i.InvoiceNumber == search || Contains(i.Client.Name, search));
    }

    private static bool Contains(string? text, string search) =>
        text?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;

    private static bool Matches(Dictionary<string, object?> filter, string key, string value) =>
        !filter.TryGetValue(key, out var wanted) || wanted is null || string.Equals(wanted.ToString(), value, StringComparison.Ordinal);

    private static bool InRange(Dictionary<string, object?> filter, string key, DateTimeOffset? value)
    {
        if (!filter.TryGetValue(key, out var raw) || raw is not Dictionary<string, object?> range)
        {
            return true;
        }

        if (value is null)
        {
            return false;
        }

        return (range.GetValueOrDefault("before") is not DateTimeOffset before || value < before)
            && (range.GetValueOrDefault("after") is not DateTimeOffset after || value > after)
            && (range.GetValueOrDefault("eq") is not DateTimeOffset eq || value == eq);
    }
}
