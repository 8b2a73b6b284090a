namespace Closeout.Drafting.Catalogs;

/// <summary>What a catalog item is billed as: the spec's <c>kind</c>.</summary>
public enum ItemKind
{
    Labor,
    Fee,
    Service,
    Product,
}

/// <summary>One price-book entry. Its <see cref="UnitPrice"/> is the only price a draft line may carry.</summary>
public sealed record CatalogItem(
    string Id,
    string Name,
    ItemKind Kind,
    string Unit,
    decimal UnitPrice,
    bool Taxable,
    string Category,
    string Description);

/// <summary>A business's price book, validated on load (see CatalogLoader).</summary>
public sealed class Catalog
{
    private readonly Dictionary<string, CatalogItem> _byId;

    public Catalog(string business, string currency, IReadOnlyList<CatalogItem> items)
    {
        Business = business;
        Currency = currency;
        Items = items;
        _byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    public string Business { get; }
    public string Currency { get; }
    public IReadOnlyList<CatalogItem> Items { get; }

    public CatalogItem? Find(string? id) => id is not null && _byId.TryGetValue(id, out var item) ? item : null;

    public bool Contains(string? id) => id is not null && _byId.ContainsKey(id);
}
