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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is Postgres", [nameof(ConnectionString)]);
        }
    }
}
