using System.Text.Json;
using Closeout.Drafting.Configuration;

namespace Closeout.Drafting.Catalogs;

/// <summary>Loads and validates a business's <c>catalog.json</c> (see the dataset spec).</summary>
public static class CatalogLoader
{
    /// <summary>Loads the catalog at <paramref name="path"/>; errors name that path.</summary>
    public static LoadResult<Catalog> Load(string path)
    {
        var json = ConfigFile.TryRead(path, out var error);
        return json is null ? LoadResult.Failure<Catalog>([error!]) : Load(json, path);
    }

    /// <summary>Loads a catalog from its JSON text; <paramref name="fileName"/> is only used in error messages.</summary>
    public static LoadResult<Catalog> Load(string json, string fileName)
    {
        var fields = new JsonFields(fileName);
        using var document = fields.Parse(json);
        if (document is null)
        {
            return LoadResult.Failure<Catalog>(fields.Errors);
        }

        var root = document.RootElement;
        var business = fields.String(root, "", "business");
        var currency = fields.String(root, "", "currency");
        var items = new List<CatalogItem>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var elements = fields.Array(root, "", "items") ?? [];
        for (var i = 0; i < elements.Count; i++)
        {
            var field = JsonFields.Index("items", i);
            if (elements[i].ValueKind != JsonValueKind.Object)
            {
                fields.Error(field, "must be an object");
                continue;
            }

            var item = ReadItem(fields, elements[i], field);
            if (item is null)
            {
                continue;
            }

            if (seen.TryGetValue(item.Id, out var first))
            {
                fields.Error(JsonFields.Path(field, "id"), $"duplicate item id '{item.Id}' (first at {first})");
                continue;
            }

            seen.Add(item.Id, field);
            items.Add(item);
        }

        return fields.Errors.Count > 0
            ? LoadResult.Failure<Catalog>(fields.Errors)
            : LoadResult.Success<Catalog>(new Catalog(business!, currency!, items));
    }

    public static Catalog LoadOrThrow(string path) => Load(path).ValueOrThrow();

    public static Catalog LoadOrThrow(string json, string fileName) => Load(json, fileName).ValueOrThrow();

    private static CatalogItem? ReadItem(JsonFields fields, JsonElement element, string field)
    {
        var errorsBefore = fields.Errors.Count;
        var id = fields.String(element, field, "id");
        var name = fields.String(element, field, "name");
        var kindText = fields.String(element, field, "kind");
        ItemKind? kind = kindText is null ? null : ParseKind(kindText);
        if (kindText is not null && kind is null)
        {
            fields.Error(JsonFields.Path(field, "kind"), $"unknown kind '{kindText}' (expected LABOR, FEE, SERVICE or PRODUCT)");
        }

        var unit = fields.String(element, field, "unit");
        var price = fields.Decimal(element, field, "unitPrice");
        if (price < 0)
        {
            fields.Error(JsonFields.Path(field, "unitPrice"), $"must not be negative (was {price})");
        }

        var taxable = fields.Bool(element, field, "taxable");
        var category = fields.String(element, field, "category", required: false, allowEmpty: true) ?? string.Empty;
        var description = fields.String(element, field, "description", required: false, allowEmpty: true) ?? string.Empty;
        return fields.Errors.Count > errorsBefore
            ? null
            : new CatalogItem(id!, name!, kind!.Value, unit!, price!.Value, taxable!.Value, category, description);
    }

    private static ItemKind? ParseKind(string text) => text.ToUpperInvariant() switch
    {
        "LABOR" => ItemKind.Labor,
        "FEE" => ItemKind.Fee,
        "SERVICE" => ItemKind.Service,
        "PRODUCT" => ItemKind.Product,
        _ => null,
    };
}
