using System.Globalization;
using System.Text.Json;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Configuration;

namespace Closeout.Drafting.Policies;

/// <summary>Loads a business's <c>policy.json</c> (see the dataset spec) and validates it against the business's catalog.</summary>
public static class PolicyLoader
{
    private static readonly Dictionary<string, DayOfWeek> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MON"] = DayOfWeek.Monday,
        ["TUE"] = DayOfWeek.Tuesday,
        ["WED"] = DayOfWeek.Wednesday,
        ["THU"] = DayOfWeek.Thursday,
        ["FRI"] = DayOfWeek.Friday,
        ["SAT"] = DayOfWeek.Saturday,
        ["SUN"] = DayOfWeek.Sunday,
    };

    /// <summary>Loads the policy at <paramref name="path"/>; errors name that path.</summary>
    public static LoadResult<BillingPolicy> Load(string path, Catalog catalog)
    {
        var json = ConfigFile.TryRead(path, out var error);
        return json is null ? LoadResult.Failure<BillingPolicy>([error!]) : Load(json, path, catalog);
    }

    /// <summary>Loads a policy from its JSON text; <paramref name="fileName"/> is only used in error messages.</summary>
    public static LoadResult<BillingPolicy> Load(string json, string fileName, Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var fields = new JsonFields(fileName);
        using var document = fields.Parse(json);
        if (document is null)
        {
            return LoadResult.Failure<BillingPolicy>(fields.Errors);
        }

        var reader = new Reader(fields, catalog);
        var policy = reader.Read(document.RootElement);
        return fields.Errors.Count > 0 || policy is null
            ? LoadResult.Failure<BillingPolicy>(fields.Errors)
            : LoadResult.Success<BillingPolicy>(policy);
    }

    public static BillingPolicy LoadOrThrow(string path, Catalog catalog) => Load(path, catalog).ValueOrThrow();

    public static BillingPolicy LoadOrThrow(string json, string fileName, Catalog catalog) => Load(json, fileName, catalog).ValueOrThrow();

    private sealed class Reader(JsonFields fields, Catalog catalog)
    {
        // Roles named under labor.rates, even those whose items are wrong, so a bad item is not also reported as an unknown role.
        private readonly HashSet<string> _declaredRoles = new(StringComparer.Ordinal);
        private bool _ratesRead;

        public BillingPolicy? Read(JsonElement root)
        {
            var business = fields.String(root, "", "business");
            var timeZone = ReadTimeZone(root);
            var currency = fields.String(root, "", "currency", required: false) ?? catalog.Currency;
            if (!string.Equals(currency, catalog.Currency, StringComparison.OrdinalIgnoreCase))
            {
                fields.Error("currency", $"'{currency}' differs from the catalog's currency '{catalog.Currency}'");
            }

            var labor = ReadLabor(root);
            var team = ReadTeam(root);
            var hours = ReadBusinessHours(root);
            var trip = ReadTripCharge(root);
            var companions = ReadCompanions(root);
            var tax = ReadTax(root);
            var approval = ReadApproval(root);

            if (fields.Errors.Count > 0)
            {
                return null;
            }

            return new BillingPolicy(business!, timeZone!, currency, team, hours!, labor!, trip, companions, tax!, approval);
        }

        private TimeZoneInfo? ReadTimeZone(JsonElement root)
        {
            var id = fields.String(root, "", "timezone");
            if (id is null)
            {
                return null;
            }

            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                fields.Error("timezone", $"unknown time zone '{id}' (use an IANA id such as America/Los_Angeles)");
                return null;
            }
        }

        private Dictionary<string, TeamMember> ReadTeam(JsonElement root)
        {
            var team = new Dictionary<string, TeamMember>(StringComparer.Ordinal);
            var members = fields.Array(root, "", "team") ?? [];
            for (var i = 0; i < members.Count; i++)
            {
                var field = JsonFields.Index("team", i);
                var userId = fields.String(members[i], field, "userId");
                var name = fields.String(members[i], field, "name", required: false, allowEmpty: true) ?? userId ?? string.Empty;
                var role = fields.String(members[i], field, "laborRole");
                if (role is not null && _ratesRead && !_declaredRoles.Contains(role))
                {
                    fields.Error(JsonFields.Path(field, "laborRole"), $"unknown role '{role}': labor.rates has no entry for it");
                }

                if (userId is null || role is null)
                {
                    continue;
                }

                if (!team.TryAdd(userId, new TeamMember(userId, name, role)))
                {
                    fields.Error(JsonFields.Path(field, "userId"), $"duplicate team member '{userId}'");
                }
            }

            return team;
        }

        private BusinessHours? ReadBusinessHours(JsonElement root)
        {
            const string Parent = "businessHours";
            if (fields.Object(root, "", Parent) is not { } hours)
            {
                return null;
            }

            var days = new HashSet<DayOfWeek>();
            var dayNames = fields.Array(hours, Parent, "days") ?? [];
            for (var i = 0; i < dayNames.Count; i++)
            {
                var field = JsonFields.Index(JsonFields.Path(Parent, "days"), i);
                var name = fields.StringValue(dayNames[i], field);
                if (name is null)
                {
                    continue;
                }

                if (DayNames.TryGetValue(name, out var day))
                {
                    days.Add(day);
                }
                else
                {
                    fields.Error(field, $"unknown day '{name}' (expected MON, TUE, WED, THU, FRI, SAT or SUN)");
                }
            }

            var start = ReadTime(hours, Parent, "start");
            var end = ReadTime(hours, Parent, "end");
            if (start is not null && end is not null && start >= end)
            {
                fields.Error(JsonFields.Path(Parent, "end"), $"must be after start ({start:HH\\:mm})");
            }

            return start is null || end is null ? null : new BusinessHours(days, start.Value, end.Value);
        }

        private TimeOnly? ReadTime(JsonElement obj, string parent, string name)
        {
            var text = fields.String(obj, parent, name);
            if (text is null)
            {
                return null;
            }

            if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            fields.Error(JsonFields.Path(parent, name), $"'{text}' is not a time of day in HH:mm form");
            return null;
        }

        private LaborPolicy? ReadLabor(JsonElement root)
        {
            const string Parent = "labor";
            if (fields.Object(root, "", Parent) is not { } labor)
            {
                return null;
            }

            var rates = new Dictionary<string, LaborRate>(StringComparer.Ordinal);
            if (fields.Object(labor, Parent, "rates") is { } ratesElement)
            {
                _ratesRead = true;
                foreach (var role in ratesElement.EnumerateObject())
                {
                    var field = JsonFields.Path(JsonFields.Path(Parent, "rates"), role.Name);
                    _declaredRoles.Add(role.Name);
                    if (role.Value.ValueKind != JsonValueKind.Object)
                    {
                        fields.Error(field, "must be an object with 'regular' and optionally 'afterHours'");
                        continue;
                    }

                    var regular = CatalogItemId(role.Value, field, "regular", required: true);
                    var afterHours = CatalogItemId(role.Value, field, "afterHours", required: false);
                    if (regular is not null)
                    {
                        rates[role.Name] = new LaborRate(regular, afterHours);
                    }
                }
            }

            var increment = fields.Decimal(labor, Parent, "incrementHours");
            if (increment <= 0)
            {
                fields.Error(JsonFields.Path(Parent, "incrementHours"), $"must be positive (was {increment})");
            }

            var minimum = fields.Decimal(labor, Parent, "minimumHoursPerPersonPerVisit", required: false) ?? 0m;
            if (minimum < 0)
            {
                fields.Error(JsonFields.Path(Parent, "minimumHoursPerPersonPerVisit"), $"must not be negative (was {minimum})");
            }

            var flatRate = fields.Bool(labor, Parent, "flatRateIncludesLabor", required: false) ?? false;
            return increment is null ? null : new LaborPolicy(rates, increment.Value, minimum, flatRate);
        }

        private TripChargePolicy? ReadTripCharge(JsonElement root)
        {
            const string Parent = "tripCharge";
            if (fields.Object(root, "", Parent, required: false) is not { } trip)
            {
                return null;
            }

            var item = CatalogItemId(trip, Parent, "item", required: true);
            var perText = fields.String(trip, Parent, "per");
            TripChargePer? per = perText?.ToUpperInvariant() switch
            {
                "VISIT" => TripChargePer.Visit,
                "JOB" => TripChargePer.Job,
                _ => null,
            };
            if (perText is not null && per is null)
            {
                fields.Error(JsonFields.Path(Parent, "per"), $"unknown value '{perText}' (expected 'visit' or 'job')");
            }

            var waived = fields.StringArray(trip, Parent, "waivedForClientTags", required: false);
            return item is null || per is null
                ? null
                : new TripChargePolicy(item, per.Value, new HashSet<string>(waived, StringComparer.OrdinalIgnoreCase));
        }

        private List<CompanionRule> ReadCompanions(JsonElement root)
        {
            var rules = new List<CompanionRule>();
            var elements = fields.Array(root, "", "companions", required: false) ?? [];
            for (var i = 0; i < elements.Count; i++)
            {
                var field = JsonFields.Index("companions", i);
                var when = new List<string>();
                var whenElements = fields.Array(elements[i], field, "when") ?? [];
                for (var w = 0; w < whenElements.Count; w++)
                {
                    var whenField = JsonFields.Index(JsonFields.Path(field, "when"), w);
                    if (fields.StringValue(whenElements[w], whenField) is { } id && KnownItem(id, whenField))
                    {
                        when.Add(id);
                    }
                }

                if (whenElements.Count == 0)
                {
                    fields.Error(JsonFields.Path(field, "when"), "must name at least one item");
                }

                var add = new List<CompanionAdd>();
                var addElements = fields.Array(elements[i], field, "add") ?? [];
                for (var a = 0; a < addElements.Count; a++)
                {
                    var addField = JsonFields.Index(JsonFields.Path(field, "add"), a);
                    var id = CatalogItemId(addElements[a], addField, "item", required: true);
                    var quantity = fields.Decimal(addElements[a], addField, "quantity", required: false) ?? 1m;
                    if (quantity <= 0)
                    {
                        fields.Error(JsonFields.Path(addField, "quantity"), $"must be positive (was {quantity})");
                    }
                    else if (id is not null)
                    {
                        add.Add(new CompanionAdd(id, quantity));
                    }
                }

                rules.Add(new CompanionRule(when, add));
            }

            return rules;
        }

        private TaxPolicy? ReadTax(JsonElement root)
        {
            const string Parent = "tax";
            if (fields.Object(root, "", Parent) is not { } tax)
            {
                return null;
            }

            var rate = fields.Decimal(tax, Parent, "rate");
            if (rate < 0)
            {
                fields.Error(JsonFields.Path(Parent, "rate"), $"must not be negative (was {rate})");
            }
            else if (rate >= 1)
            {
                fields.Error(JsonFields.Path(Parent, "rate"), $"must be a fraction below 1 (0.0925 for 9.25%), was {rate}");
            }

            var exempt = fields.StringArray(tax, Parent, "exemptClientTags", required: false);
            return rate is null ? null : new TaxPolicy(rate.Value, new HashSet<string>(exempt, StringComparer.OrdinalIgnoreCase));
        }

        private ApprovalPolicy ReadApproval(JsonElement root)
        {
            const string Parent = "approval";
            if (fields.Object(root, "", Parent, required: false) is not { } approval)
            {
                return new ApprovalPolicy(null, null);
            }

            var below = fields.Decimal(approval, Parent, "autoApproveBelow", required: false);
            var above = fields.Decimal(approval, Parent, "managerApprovalAbove", required: false);
            if (below < 0)
            {
                fields.Error(JsonFields.Path(Parent, "autoApproveBelow"), $"must not be negative (was {below})");
            }

            if (above < 0)
            {
                fields.Error(JsonFields.Path(Parent, "managerApprovalAbove"), $"must not be negative (was {above})");
            }

            return new ApprovalPolicy(below, above);
        }

        private string? CatalogItemId(JsonElement obj, string parent, string name, bool required)
        {
            var id = fields.String(obj, parent, name, required);
            return id is not null && KnownItem(id, JsonFields.Path(parent, name)) ? id : null;
        }

        private bool KnownItem(string id, string field)
        {
            if (catalog.Contains(id))
            {
                return true;
            }

            fields.Error(field, $"unknown item '{id}': the catalog has no item with that id");
            return false;
        }
    }
}
