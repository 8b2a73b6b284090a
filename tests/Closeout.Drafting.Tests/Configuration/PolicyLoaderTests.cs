using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Policies;
using Closeout.Drafting.Tests.Support;

namespace Closeout.Drafting.Tests.Configuration;

public sealed class PolicyLoaderTests
{
    private const string File = "test/policy.json";

    private const string ValidPolicy = """
        {
          "business": "Test",
          "timezone": "America/Los_Angeles",
          "currency": "USD",
          "team": [{"userId": "U-1", "name": "One", "laborRole": "technician"}],
          "businessHours": {"days": ["MON", "TUE", "WED", "THU", "FRI"], "start": "08:00", "end": "17:00"},
          "labor": {
            "rates": {"technician": {"regular": "LAB", "afterHours": "LAB-AH"}},
            "incrementHours": 0.25,
            "minimumHoursPerPersonPerVisit": 1.0,
            "flatRateIncludesLabor": true
          },
          "tripCharge": {"item": "TRIP", "per": "visit", "waivedForClientTags": ["plan"]},
          "companions": [{"when": ["PART"], "add": [{"item": "FEE", "quantity": 1}]}],
          "tax": {"rate": 0.0925, "exemptClientTags": ["tax-exempt"]},
          "approval": {"autoApproveBelow": 500.00, "managerApprovalAbove": 2500.00}
        }
        """;

    private static readonly Catalog Catalog = new("Test", "USD",
    [
        new CatalogItem("LAB", "Labor", ItemKind.Labor, "hour", 100m, false, "", ""),
        new CatalogItem("LAB-AH", "Labor AH", ItemKind.Labor, "hour", 150m, false, "", ""),
        new CatalogItem("TRIP", "Trip", ItemKind.Fee, "each", 50m, false, "", ""),
        new CatalogItem("FEE", "Fee", ItemKind.Fee, "each", 20m, false, "", ""),
        new CatalogItem("PART", "Part", ItemKind.Product, "each", 10m, true, "", ""),
    ]);

    [Fact]
    public void Valid_policy_loads()
    {
        var result = PolicyLoader.Load(ValidPolicy, File, Catalog);

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        var policy = result.Value!;
        Assert.Equal("technician", policy.Team["U-1"].LaborRole);
        Assert.Equal(new LaborRate("LAB", "LAB-AH"), policy.Labor.Rates["technician"]);
        Assert.Equal(TripChargePer.Visit, policy.TripCharge!.Per);
        Assert.Contains(DayOfWeek.Friday, policy.BusinessHours.Days);
        Assert.DoesNotContain(DayOfWeek.Saturday, policy.BusinessHours.Days);
        Assert.Equal(new TimeOnly(17, 0), policy.BusinessHours.End);
        Assert.Equal(0.0925m, policy.Tax.Rate);
        Assert.Equal(500m, policy.Approval.AutoApproveBelow);
        Assert.Equal(new CompanionAdd("FEE", 1m), Assert.Single(Assert.Single(policy.Companions).Add));
    }

    [Theory]
    [InlineData("cascade")]
    [InlineData("evergreen")]
    public void Shared_dataset_policies_load_against_their_catalogs(string business)
    {
        var folder = SharedDataset.Business(business);
        var catalog = CatalogLoader.LoadOrThrow(Path.Combine(folder, "catalog.json"));

        var result = PolicyLoader.Load(Path.Combine(folder, "policy.json"), catalog);

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("\"regular\": \"LAB\"", "\"regular\": \"NOPE\"", "labor.rates.technician.regular", "NOPE")]
    [InlineData("\"afterHours\": \"LAB-AH\"", "\"afterHours\": \"NOPE\"", "labor.rates.technician.afterHours", "NOPE")]
    [InlineData("\"item\": \"TRIP\"", "\"item\": \"NOPE\"", "tripCharge.item", "NOPE")]
    [InlineData("\"when\": [\"PART\"]", "\"when\": [\"NOPE\"]", "companions[0].when[0]", "NOPE")]
    [InlineData("{\"item\": \"FEE\"", "{\"item\": \"NOPE\"", "companions[0].add[0].item", "NOPE")]
    [InlineData("\"laborRole\": \"technician\"", "\"laborRole\": \"plumber\"", "team[0].laborRole", "plumber")]
    [InlineData("\"America/Los_Angeles\"", "\"Pacific/Atlantis\"", "timezone", "Pacific/Atlantis")]
    [InlineData("\"start\": \"08:00\"", "\"start\": \"8am\"", "businessHours.start", "HH:mm")]
    [InlineData("\"end\": \"17:00\"", "\"end\": \"25:00\"", "businessHours.end", "HH:mm")]
    [InlineData("\"end\": \"17:00\"", "\"end\": \"07:00\"", "businessHours.end", "after start")]
    [InlineData("\"FRI\"]", "\"FRIDAY\"]", "businessHours.days[4]", "FRIDAY")]
    [InlineData("\"rate\": 0.0925", "\"rate\": -0.01", "tax.rate", "negative")]
    [InlineData("\"incrementHours\": 0.25", "\"incrementHours\": -0.25", "labor.incrementHours", "positive")]
    [InlineData("\"incrementHours\": 0.25", "\"incrementHours\": 0", "labor.incrementHours", "positive")]
    [InlineData("\"minimumHoursPerPersonPerVisit\": 1.0", "\"minimumHoursPerPersonPerVisit\": -1", "labor.minimumHoursPerPersonPerVisit", "negative")]
    [InlineData("\"per\": \"visit\"", "\"per\": \"day\"", "tripCharge.per", "'day'")]
    [InlineData("\"quantity\": 1", "\"quantity\": 0", "companions[0].add[0].quantity", "positive")]
    [InlineData("\"userId\": \"U-1\", ", "", "team[0].userId", "missing")]
    public void Invalid_policy_is_reported_with_file_and_field(string valid, string invalid, string field, string words)
    {
        Assert.Contains(valid, ValidPolicy, StringComparison.Ordinal);
        var json = ValidPolicy.Replace(valid, invalid, StringComparison.Ordinal);

        var result = PolicyLoader.Load(json, File, Catalog);

        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(File, error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_team_member_is_an_error()
    {
        var json = ValidPolicy.Replace(
            "\"team\": [{\"userId\": \"U-1\", \"name\": \"One\", \"laborRole\": \"technician\"}]",
            "\"team\": [{\"userId\": \"U-1\", \"name\": \"One\", \"laborRole\": \"technician\"}, {\"userId\": \"U-1\", \"name\": \"Two\", \"laborRole\": \"technician\"}]",
            StringComparison.Ordinal);

        var error = Assert.Single(PolicyLoader.Load(json, File, Catalog).Errors);
        Assert.Equal("team[1].userId", error.Field);
    }

    [Fact]
    public void Trip_charge_and_companions_are_optional()
    {
        var json = ValidPolicy
            .Replace("\"tripCharge\": {\"item\": \"TRIP\", \"per\": \"visit\", \"waivedForClientTags\": [\"plan\"]},", "", StringComparison.Ordinal)
            .Replace("\"companions\": [{\"when\": [\"PART\"], \"add\": [{\"item\": \"FEE\", \"quantity\": 1}]}],", "", StringComparison.Ordinal);

        var result = PolicyLoader.Load(json, File, Catalog);

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        Assert.Null(result.Value!.TripCharge);
        Assert.Empty(result.Value.Companions);
    }

    [Fact]
    public void LoadOrThrow_names_the_file_and_every_field()
    {
        var json = ValidPolicy
            .Replace("\"rate\": 0.0925", "\"rate\": -1", StringComparison.Ordinal)
            .Replace("\"item\": \"TRIP\"", "\"item\": \"NOPE\"", StringComparison.Ordinal);

        var ex = Assert.Throws<Closeout.Drafting.Configuration.ConfigurationLoadException>(() => PolicyLoader.LoadOrThrow(json, File, Catalog));

        Assert.Contains("test/policy.json: tax.rate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("test/policy.json: tripCharge.item", ex.Message, StringComparison.Ordinal);
    }
}
