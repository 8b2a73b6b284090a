using System.ComponentModel.DataAnnotations;

namespace Closeout.Features.Accounts;

/// <summary>Which catalog and policy (a business folder in the dataset format) prices the drafts of which Jobber account.</summary>
public sealed class BusinessMapping
{
    /// <summary>The Jobber account's EncodedId or its name.</summary>
    [Required]
    public string Account { get; set; } = "";

    /// <summary>
    /// A folder with policy.json, and optionally catalog.json and history/. Without catalog.json the account's drafts are
    /// priced from its products and services synced from Jobber, and the policy may name items by Jobber id or name.
    /// </summary>
    [Required]
    public string Folder { get; set; } = "";
}

/// <summary>Section "Accounts".</summary>
internal sealed class BusinessOptions : IValidatableObject
{
    public const string Section = "Accounts";

    public List<BusinessMapping> Businesses { get; set; } = [];

    /// <summary>The business folder of accounts no mapping names; none leaves such accounts unconfigured.</summary>
    public string? DefaultBusiness { get; set; }

    public string? FolderFor(string accountId, string accountName) =>
        (Businesses.Find(b => string.Equals(b.Account, accountId, StringComparison.Ordinal))
         ?? Businesses.Find(b => string.Equals(b.Account, accountName, StringComparison.OrdinalIgnoreCase)))?.Folder
        ?? DefaultBusiness;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var folder in Businesses.Select(b => b.Folder).Append(DefaultBusiness).OfType<string>())
        {
            if (!File.Exists(Path.Combine(folder, "policy.json")))
            {
                yield return new ValidationResult($"Accounts: {folder} is not a business folder (policy.json, and catalog.json unless the catalog is synced from Jobber)", [nameof(Businesses)]);
            }
        }
    }
}
