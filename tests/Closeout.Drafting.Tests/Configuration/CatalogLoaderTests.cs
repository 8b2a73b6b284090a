using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Configuration;
using Closeout.Drafting.Tests.Support;

namespace Closeout.Drafting.Tests.Configuration;

public sealed class CatalogLoaderTests
{
    private const string File = "test/catalog.json";

    private static string Catalog(string items) =>
        $$"""{"business": "Test", "currency": "USD", "items": [{{items}}]}""";

    private static string Item(string id = "A", string name = "Alpha", string kind = "PRODUCT", string price = "10.5", string taxable = "true") =>
        $$"""{"id": "{{id}}", "name": "{{name}}", "kind": "{{kind}}", "unit": "each", "unitPrice": {{price}}, "taxable": {{taxable}}, "category": "C", "description": "D"}""";

    [Fact]
    public void Valid_catalog_loads_every_item()
    {
        var result = CatalogLoader.Load(Catalog(Item() + "," + Item(id: "B", kind: "LABOR", price: "0", taxable: "false")), File);

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        var catalog = result.Value!;
        Assert.Equal(2, catalog.Items.Count);
        Assert.Equal(10.5m, catalog.Find("A")!.UnitPrice);
        Assert.Equal(ItemKind.Labor, catalog.Find("B")!.Kind);
        Assert.False(catalog.Find("B")!.Taxable);
    }

    [Theory]
    [InlineData("cascade")]
    [InlineData("evergreen")]
    public void Shared_dataset_catalogs_load(string business)
    {
        var result = CatalogLoader.Load(Path.Combine(SharedDataset.Business(business), "catalog.json"));

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.Value!.Items);
    }

    [Theory]
    [InlineData("\"id\": \"A\"", "\"id\": \"\"", "items[0].id", "empty")]
    [InlineData("\"name\": \"Alpha\"", "\"name\": \" \"", "items[0].name", "empty")]
    [InlineData("\"kind\": \"PRODUCT\"", "\"kind\": \"GADGET\"", "items[0].kind", "GADGET")]
    [InlineData("\"unitPrice\": 10.5", "\"unitPrice\": -1", "items[0].unitPrice", "negative")]
    [InlineData("\"unitPrice\": 10.5,", "", "items[0].unitPrice", "missing")]
    [InlineData("\"unitPrice\": 10.5", "\"unitPrice\": \"ten\"", "items[0].unitPrice", "number")]
    [InlineData("\"taxable\": true", "\"taxable\": \"yes\"", "items[0].taxable", "true or false")]
    public void Invalid_item_is_reported_with_file_and_field(string valid, string invalid, string field, string words)
    {
        var json = Catalog(Item().Replace(valid, invalid, StringComparison.Ordinal));

        var result = CatalogLoader.Load(json, File);

        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(File, error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Duplicate_item_id_is_an_error()
    {
        var result = CatalogLoader.Load(Catalog(Item() + "," + Item(name: "Again")), File);

        var error = Assert.Single(result.Errors);
        Assert.Equal("items[1].id", error.Field);
        Assert.Contains("duplicate", error.Message, StringComparison.Ordinal);
        Assert.Contains("items[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var result = CatalogLoader.Load(Catalog(Item(id: "") + "," + Item(id: "B", price: "-2") + "," + Item(id: "C", kind: "X")), File);

        Assert.Equal(["items[0].id", "items[1].unitPrice", "items[2].kind"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Malformed_json_is_an_error_not_an_exception()
    {
        var result = CatalogLoader.Load("{\"items\": [", File);

        Assert.False(result.IsSuccess);
        Assert.Equal(File, Assert.Single(result.Errors).File);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_it()
    {
        var result = CatalogLoader.Load("/nonexistent/catalog.json");

        Assert.Equal("/nonexistent/catalog.json", Assert.Single(result.Errors).File);
    }

    [Fact]
    public void LoadOrThrow_lists_every_error_in_one_message()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() =>
            CatalogLoader.LoadOrThrow(Catalog(Item(id: "") + "," + Item(id: "B", price: "-2")), File));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("test/catalog.json: items[0].id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("test/catalog.json: items[1].unitPrice", ex.Message, StringComparison.Ordinal);
    }
}
