using System.Text.Json;
using System.Text.Json.Serialization;

namespace Closeout.Drafting.Jobs;

// The job as Jobber's GraphQL API returns it (field names from the schema; connections keep `nodes`).
// Everything is nullable: the job comes from outside and the engine flags what is missing rather than throwing.

public sealed record Connection<T>(IReadOnlyList<T>? Nodes)
{
    public IReadOnlyList<T> Items => Nodes ?? [];
}

public sealed record TagNode(string? Label);

public sealed record EmailNode(string? Address, bool? Primary);

public sealed record PhoneNode(string? Number, bool? Primary);

public sealed record JobberAddress(string? Street1, string? Street2, string? City, string? Province, string? PostalCode, string? Country);

public sealed record JobberClient(
    string? Id,
    string? Name,
    string? CompanyName,
    IReadOnlyList<EmailNode>? Emails,
    IReadOnlyList<PhoneNode>? Phones,
    JobberAddress? BillingAddress,
    Connection<TagNode>? Tags)
{
    public IReadOnlyList<string> TagLabels =>
        Tags?.Items.Select(t => t.Label).OfType<string>().ToList() ?? [];
}

public sealed record JobberProperty(JobberAddress? Address);

public sealed record LinkedProductOrService(string? Id, string? Name);

public sealed record JobLineItem(
    string? Id,
    string? Name,
    string? Description,
    decimal? Quantity,
    decimal? UnitPrice,
    decimal? TotalPrice,
    bool? Taxable,
    LinkedProductOrService? LinkedProductOrService);

public sealed record UserName(string? Full);

public sealed record AssignedUser(string? Id, UserName? Name);

public sealed record JobVisit(
    string? Id,
    string? Title,
    DateTimeOffset? StartAt,
    DateTimeOffset? EndAt,
    DateTimeOffset? CompletedAt,
    Connection<AssignedUser>? AssignedUsers);

public sealed record IdRef(string? Id);

public sealed record TimesheetEntry(
    string? Id,
    IdRef? User,
    IdRef? Visit,
    DateTimeOffset? StartAt,
    DateTimeOffset? EndAt,
    long? FinalDuration,
    string? Note);

/// <summary>A file on a note; <c>Url</c> is where Jobber serves it (null in the dataset).</summary>
public sealed record NoteAttachment(string? FileName, string? ContentType, string? Url = null);

public sealed record JobNote(
    string? Id,
    string? Message,
    DateTimeOffset? CreatedAt,
    IdRef? CreatedBy,
    IReadOnlyList<NoteAttachment>? Attachments);

public sealed record JobberJob(
    string? Id,
    long? JobNumber,
    string? Title,
    string? Instructions,
    string? JobStatus,
    JobberClient? Client,
    JobberProperty? Property,
    Connection<JobLineItem>? LineItems,
    Connection<JobVisit>? Visits,
    Connection<TimesheetEntry>? TimesheetEntries,
    Connection<JobNote>? Notes)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public IReadOnlyList<string> ClientTags => Client?.TagLabels ?? [];
}
