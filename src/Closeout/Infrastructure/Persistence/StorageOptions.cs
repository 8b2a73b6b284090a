using System.ComponentModel.DataAnnotations;

namespace Closeout.Infrastructure.Persistence;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Section "Storage": SQLite in the data folder by default, PostgreSQL by one switch.</summary>
internal sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Where the SQLite file (closeout.db) and the Data Protection keys live.</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>Required for PostgreSQL; for SQLite it overrides the file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL: how many connections commit inbox batches side by side, so one batch fills while another commits
    /// (ADR 0016). SQLite has one write lock and always uses one.
    /// </summary>
    [Range(1, 32)]
    public int InboxWriters { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is Postgres", [nameof(ConnectionString)]);
        }
    }
}
