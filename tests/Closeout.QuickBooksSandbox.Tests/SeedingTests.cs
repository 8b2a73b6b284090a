using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Tests;

public sealed class SeedingTests
{
    public static TheoryData<string> Businesses()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(Dataset).Where(f => File.Exists(Path.Combine(f, "catalog.json"))).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Businesses))]
    public async Task A_company_seeded_from_a_business_has_its_items_and_sales_tax(string business)
    {
        await using var qbo = await QboHost.StartAsync();
        var folder = Path.Combine(Dataset, business);
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "catalog.json")))!;
        var policy = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "policy.json")))!;

        using var response = await qbo.Http.PostAsJsonAsync("/sandbox/companies", new { realmId = "9130000000000077", seed = folder });
        var company = await response.Content.ReadFromJsonAsync<JsonObject>();
        var items = JsonNode.Parse(await qbo.Http.GetStringAsync("/sandbox/companies/9130000000000077/item"))!.AsArray();
        var rates = JsonNode.Parse(await qbo.Http.GetStringAsync("/sandbox/companies/9130000000000077/taxrate"))!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(catalog.Str("business"), company.Str("companyName"));
        var expected = catalog["items"]!.AsArray();
        Assert.Equal(expected.Count, items.Count);
        foreach (var (want, got) in expected.Zip(items))
        {
            Assert.Equal(want.Str("name"), got.Str("Name"));
            Assert.Equal(want.Dec("unitPrice"), got.Dec("UnitPrice"));
            Assert.Equal(want!["taxable"]!.GetValue<bool>(), got!["Taxable"]!.GetValue<bool>());
            Assert.Equal("Service", got.Str("Type"));
        }

        Assert.Equal(policy.Dec("tax.rate") * 100m, Assert.Single(rates).Dec("RateValue"));
    }

    [Fact]
    public async Task Seeding_refuses_a_folder_that_is_not_a_business_and_a_realm_that_exists()
    {
        await using var qbo = await QboHost.StartAsync();

        using var notBusiness = await qbo.Http.PostAsJsonAsync("/sandbox/companies", new { seed = Path.GetTempPath() });
        using var taken = await qbo.Http.PostAsJsonAsync("/sandbox/companies", new { realmId = QboHost.Realm });

        Assert.Equal(HttpStatusCode.BadRequest, notBusiness.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
    }

    private static string Dataset
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Closeout.slnx")))
                {
                    return Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "dataset"));
                }
            }

            throw new InvalidOperationException($"No Closeout.slnx above {AppContext.BaseDirectory}");
        }
    }
}
