using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Company;
using static Closeout.QuickBooksSandbox.Api.EntityNames;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>
/// POST /taxservice/taxcode: <c>{"TaxCode":"name","TaxRateDetails":[{"TaxRateName","TaxRateId","RateValue","TaxAgencyId","TaxApplicableOn"}]}</c>
/// creates the missing TaxRates and a TaxCode group over them (US model: lines say TAX or NON, the invoice names the group).
/// </summary>
internal static class TaxService
{
    public static Outcome CreateTaxCode(Realm realm, JsonObject body, DateTimeOffset now)
    {
        var name = Qbo.Text(body["TaxCode"]);
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fault.RequiredMissing("TaxCode");
        }

        if (realm.All(TaxCode).Any(c => string.Equals(Qbo.Text(c["Name"]), name, StringComparison.OrdinalIgnoreCase)))
        {
            return Fault.Validation("6240", "Duplicate Name Exists Error", $"The name supplied already exists. : A tax code is already named {name}.", "TaxCode");
        }

        if (body["TaxRateDetails"] is not JsonArray { Count: > 0 } details)
        {
            return Fault.RequiredMissing("TaxRateDetails");
        }

        var planned = new List<(string? ExistingId, string? Name, decimal Rate, string? Agency)>();
        foreach (var detail in details.OfType<JsonObject>())
        {
            var rateId = Qbo.Text(detail["TaxRateId"]);
            if (rateId is not null)
            {
                if (realm.Find(TaxRate, rateId) is not { } rate)
                {
                    return Fault.InvalidReference("TaxRateId", rateId);
                }

                planned.Add((rateId, null, Qbo.Decimal(rate["RateValue"]) ?? 0, null));
                continue;
            }

            var rateName = Qbo.Text(detail["TaxRateName"]);
            if (string.IsNullOrWhiteSpace(rateName) || Qbo.Decimal(detail["RateValue"]) is not { } value)
            {
                return Fault.RequiredMissing(rateName is null ? "TaxRateName" : "RateValue");
            }

            planned.Add((null, rateName, value, Qbo.Text(detail["TaxAgencyId"])));
        }

        var stamp = realm.Timestamp(now);
        var rateDetails = new JsonArray();
        var echoed = new JsonArray();
        foreach (var (existingId, rateName, value, agency) in planned)
        {
            var rateId = existingId;
            if (rateId is null)
            {
                rateId = realm.NewId();
                realm.Put(TaxRate, Books.NewRecord(rateId, stamp, new JsonObject
                {
                    ["Name"] = rateName,
                    ["RateValue"] = Qbo.Number(value),
                    ["AgencyRef"] = Qbo.Ref(agency ?? "1"),
                    ["Active"] = true,
                    ["SpecialTaxType"] = "NONE",
                    ["DisplayType"] = "ReadOnly",
                    ["EffectiveTaxRate"] = new JsonArray(new JsonObject { ["RateValue"] = Qbo.Number(value), ["EffectiveDate"] = realm.Today(now) }),
                }));
            }

            var rate = realm.Find(TaxRate, rateId)!;
            rateDetails.Add(new JsonObject
            {
                ["TaxRateRef"] = Qbo.Ref(rateId, Qbo.Text(rate["Name"])),
                ["TaxTypeApplicable"] = "TaxOnAmount",
                ["TaxOrder"] = 0,
            });
            echoed.Add(new JsonObject
            {
                ["TaxRateName"] = Qbo.Text(rate["Name"]),
                ["TaxRateId"] = rateId,
                ["RateValue"] = Qbo.Number(value),
                ["TaxAgencyId"] = Qbo.RefValue(rate, "AgencyRef"),
                ["TaxApplicableOn"] = "Sales",
            });
        }

        var codeId = realm.NewId();
        realm.Put(TaxCode, Books.NewRecord(codeId, stamp, new JsonObject
        {
            ["Name"] = name,
            ["Description"] = name,
            ["Active"] = true,
            ["Hidden"] = false,
            ["Taxable"] = true,
            ["TaxGroup"] = true,
            ["SalesTaxRateList"] = new JsonObject { ["TaxRateDetail"] = rateDetails },
            ["PurchaseTaxRateList"] = new JsonObject { ["TaxRateDetail"] = new JsonArray() },
            ["TaxCodeConfigType"] = "USER_DEFINED",
        }));
        return Outcome.Of(new JsonObject { ["TaxCode"] = name, ["TaxCodeId"] = codeId, ["TaxRateDetails"] = echoed });
    }
}
