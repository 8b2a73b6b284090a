using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Api;

namespace Closeout.QuickBooksSandbox.Company;

/// <summary>
/// Creates a company as a new QuickBooks sandbox company comes: a chart of accounts (A/R, Undeposited Funds,
/// Checking, income accounts) and, when a rate is known, a sales tax group; then, from a dataset business folder,
/// one Service item per catalog item (name, price, taxability, description).
/// </summary>
internal sealed class CompanySeeder(Books books, SandboxClock clock, CompanyStore store)
{
    public const string ServicesIncome = "Services";

    private static readonly (string Name, string Type, string SubType)[] ChartOfAccounts =
    [
        ("Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
        ("Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
        ("Checking", "Bank", "Checking"),
        (ServicesIncome, "Income", "ServiceFeeIncome"),
        ("Sales of Product Income", "Income", "SalesOfProductIncome"),
        ("Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs"),
        ("Sales Tax Payable", "Other Current Liability", "GlobalTaxPayable"),
    ];

    /// <summary>Seeds a company (call inside the store's gate). Throws InvalidDataException on a bad seed.</summary>
    public Realm Seed(CompanySeed seed)
    {
        var (catalog, policy) = seed.Seed is null ? (null, null) : ReadFolder(seed.Seed);
        var realmId = string.IsNullOrWhiteSpace(seed.RealmId) ? NewRealmId() : seed.RealmId;
        if (store.Find(realmId) is not null)
        {
            throw new InvalidDataException($"Company {realmId} already exists");
        }

        var name = seed.CompanyName ?? Qbo.Text(catalog?["business"]) ?? $"Sandbox Company {realmId}";
        var realm = new Realm(realmId, name, Zone(seed.TimeZone ?? Qbo.Text(policy?["timezone"])), seed.AutomatedSalesTax);
        store.Add(realm);

        string? income = null;
        foreach (var (accountName, type, subType) in ChartOfAccounts)
        {
            var account = Created(books.Write(realm, EntityNames.Account, "create", new JsonObject
            {
                ["Name"] = accountName,
                ["AccountType"] = type,
                ["AccountSubType"] = subType,
            }));
            income ??= accountName == ServicesIncome ? Qbo.Id(account) : null;
        }

        var rate = seed.TaxRatePercent ?? (Qbo.Decimal(policy?["tax"]?["rate"]) is { } fraction ? fraction * 100m : null);
        if (rate is { } percent)
        {
            Created(TaxService.CreateTaxCode(realm, new JsonObject
            {
                ["TaxCode"] = "Sales Tax",
                ["TaxRateDetails"] = new JsonArray(new JsonObject
                {
                    ["TaxRateName"] = $"Sales Tax {percent.ToString("0.####", CultureInfo.InvariantCulture)}%",
                    ["RateValue"] = Qbo.Number(percent),
                    ["TaxAgencyId"] = "1",
                    ["TaxApplicableOn"] = "Sales",
                }),
            }, clock.GetUtcNow()));
        }

        foreach (var item in (catalog?["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var itemName = Qbo.Text(item["name"]);
            if (string.IsNullOrWhiteSpace(itemName))
            {
                continue;
            }

            Created(books.Write(realm, EntityNames.Item, "create", new JsonObject
            {
                ["Name"] = itemName.Replace(':', '-'),
                ["Type"] = "Service",
                ["IncomeAccountRef"] = Qbo.Ref(income!),
                ["UnitPrice"] = item["unitPrice"]?.DeepClone(),
                ["Taxable"] = Qbo.Bool(item["taxable"]) ?? false,
                ["Description"] = Qbo.Text(item["description"]),
                ["Sku"] = Qbo.Text(item["id"]),
            }));
        }

        return realm;
    }

    private static JsonObject Created(Outcome outcome) =>
        outcome.Record ?? throw new InvalidDataException($"Seeding failed: {outcome.Fault!.Errors[0].Code} {outcome.Fault.Errors[0].Detail}");

    private static (JsonObject? Catalog, JsonObject? Policy) ReadFolder(string path)
    {
        // A relative path is taken from the working directory: run from the repository root, as run.sh does.
        var folder = Path.GetFullPath(path);
        var catalogPath = Path.Combine(folder, "catalog.json");
        if (!File.Exists(catalogPath))
        {
            throw new InvalidDataException($"{path}: no catalog.json; not a business folder of the dataset");
        }

        var policyPath = Path.Combine(folder, "policy.json");
        return (JsonNode.Parse(File.ReadAllText(catalogPath)) as JsonObject,
            File.Exists(policyPath) ? JsonNode.Parse(File.ReadAllText(policyPath)) as JsonObject : null);
    }

    private static TimeZoneInfo Zone(string? id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id ?? "America/Los_Angeles");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>Realm ids look like QuickBooks' (16 digits, sandbox companies start with 9).</summary>
    private static string NewRealmId() =>
        "9" + string.Concat(Enumerable.Range(0, 15).Select(_ => RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture)));
}
