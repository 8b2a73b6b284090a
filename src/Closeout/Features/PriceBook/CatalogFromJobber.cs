using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Policies;
using Closeout.Drafting.Quantities;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.PriceBook;

/// <summary>
/// The engine's catalog and policy for an account priced from Jobber's own price book: the synced products and services
/// (Jobber ids, names, prices, taxable) and the account's policy.json, whose item references may be Jobber ids or exact
/// item names. Jobber knows only Product, Service and Package, so the rest is taken from the policy and the item's text:
/// the policy's labor rates are labor (by the hour), its trip charge and the services its companions add are fees, other
/// services and packages are flat-rate services, products are products; a unit is the one an item says it is sold
/// "per" ("Per foot", "Type L, per foot", "Per 50 lb bag"), else each.
/// </summary>
internal static partial class CatalogFromJobber
{
    public static Result<(Drafting.Catalogs.Catalog Catalog, BillingPolicy Policy)> Build(string accountName, IReadOnlyList<JobberProduct> products, string policyPath)
    {
        JsonObject policy;
        try
        {
            policy = JsonNode.Parse(File.ReadAllText(policyPath)) as JsonObject
                ?? throw new JsonException("policy.json is not an object");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Failure.Configuration($"Policy {policyPath} cannot be read: {e.Message}");
        }

        var byId = products.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var byName = products.Where(p => p.Visible).Concat(products)
            .GroupBy(p => p.Name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var labor = new HashSet<string>(StringComparer.Ordinal);
        var fees = new HashSet<string>(StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);

        // Each reference becomes the Jobber id it names; references that name nothing are left for PolicyLoader to report.
        void Resolve(JsonNode? parent, string key, HashSet<string>? role)
        {
            JsonNode? node = parent is JsonObject o ? o[key] : parent is JsonArray a && int.TryParse(key, out var i) ? a[i] : null;
            if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                return;
            }

            var reference = value.GetValue<string>();
            var product = byId.GetValueOrDefault(reference) ?? byName.GetValueOrDefault(reference.Trim());
            if (product is null)
            {
                return;
            }

            referenced.Add(product.Id);
            role?.Add(product.Id);
            if (parent is JsonObject obj)
            {
                obj[key] = product.Id;
            }
            else if (parent is JsonArray array)
            {
                array[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] = product.Id;
            }
        }

        foreach (var (_, rate) in policy["labor"]?["rates"] as JsonObject ?? [])
        {
            Resolve(rate, "regular", labor);
            Resolve(rate, "afterHours", labor);
        }

        Resolve(policy["tripCharge"], "item", fees);
        foreach (var companion in (policy["companions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var when = companion["when"] as JsonArray ?? [];
            for (var i = 0; i < when.Count; i++)
            {
                Resolve(when, i.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
            }

            foreach (var add in (companion["add"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Resolve(add, "item", byId.TryGetValue(add["item"]?.ToString() ?? "", out var p) || byName.TryGetValue(add["item"]?.ToString().Trim() ?? "", out p)
                    ? p.Category == "Product" ? null : fees
                    : null);
            }
        }

        var items = products
            .Where(p => p.Visible || referenced.Contains(p.Id))
            .Select(p =>
            {
                var kind = labor.Contains(p.Id) ? ItemKind.Labor
                    : fees.Contains(p.Id) ? ItemKind.Fee
                    : p.Category is "Service" or "Package" ? ItemKind.Service
                    : ItemKind.Product;
                var unit = kind == ItemKind.Labor ? Units.Hour : UnitOf(p.Description) ?? UnitOf(p.Name) ?? Units.Each;
                return new CatalogItem(p.Id, p.Name.Trim(), kind, unit, p.UnitPrice, p.Taxable, p.Category, p.Description ?? string.Empty);
            })
            .ToList();
        var currency = policy["currency"] is JsonValue c && c.GetValueKind() == JsonValueKind.String ? c.GetValue<string>() : "USD";
        var catalog = new Drafting.Catalogs.Catalog(accountName, currency, items);
        var loaded = PolicyLoader.Load(policy.ToJsonString(), policyPath, catalog);
        return loaded.IsSuccess
            ? Result.Ok((catalog, loaded.Value!))
            : Failure.Configuration($"Policy {policyPath} does not fit the catalog synced from Jobber: {string.Join("; ", loaded.Errors)}");
    }

    /// <summary>The unit an item's text says it is sold by: the unit word that ends the words after "per".</summary>
    internal static string? UnitOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (Match match in PerUnit().Matches(text))
        {
            var words = match.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var take = Math.Min(2, words.Length); take >= 1; take--)
            {
                if (Units.Normalize(string.Join(' ', words[^take..])) is { } unit)
                {
                    return unit;
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bper\s+(?<words>[A-Za-z0-9 ]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerUnit();
}
