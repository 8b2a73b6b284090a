using System.Text.Json.Nodes;
using static Closeout.QuickBooksSandbox.Api.EntityNames;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>The list entities: names (Customer, Vendor, Employee), Item and Account, with their validation rules.</summary>
internal static class Lists
{
    private const int MaxDisplayName = 500;
    private const int MaxName = 100;

    private static readonly string[] NameParts = ["Title", "GivenName", "MiddleName", "FamilyName", "Suffix"];

    private static readonly Dictionary<string, string> Classifications = new(StringComparer.Ordinal)
    {
        ["Bank"] = "Asset",
        ["Accounts Receivable"] = "Asset",
        ["Other Current Asset"] = "Asset",
        ["Fixed Asset"] = "Asset",
        ["Other Asset"] = "Asset",
        ["Accounts Payable"] = "Liability",
        ["Credit Card"] = "Liability",
        ["Other Current Liability"] = "Liability",
        ["Long Term Liability"] = "Liability",
        ["Equity"] = "Equity",
        ["Income"] = "Revenue",
        ["Other Income"] = "Revenue",
        ["Cost of Goods Sold"] = "Expense",
        ["Expense"] = "Expense",
        ["Other Expense"] = "Expense",
    };

    private static readonly string[] ItemTypes = ["Service", "NonInventory", "Inventory", "Category", "Group", "Bundle", "Discount", "Tax"];

    /// <summary>
    /// DisplayName (or one built from Title…Suffix; else 6080), at most 500 characters without ':', tab or newline,
    /// unique across Customer, Vendor and Employee, inactive ones included (6240).
    /// </summary>
    public static Fault? PrepareName(WriteContext context, string entity, JsonObject record, JsonObject? existing)
    {
        var display = Qbo.Text(record["DisplayName"]);
        if (string.IsNullOrEmpty(display))
        {
            display = string.Join(' ', NameParts.Select(p => Qbo.Text(record[p])).Where(p => !string.IsNullOrWhiteSpace(p)));
            if (display.Length == 0)
            {
                return Fault.Validation("6080", "Required parameter missing", "You must provide a DisplayName or at least one of Title, GivenName, MiddleName, FamilyName, Suffix", "DisplayName");
            }
        }

        if (display.Length > MaxDisplayName || display.IndexOfAny([':', '\t', '\n']) >= 0)
        {
            return Fault.Business($"DisplayName must be at most {MaxDisplayName} characters and contain no ':', tab or newline", "DisplayName");
        }

        var self = Qbo.Id(existing);
        foreach (var kind in Names)
        {
            if (context.Realm.All(kind).Any(r => !(kind == entity && Qbo.Id(r) == self)
                && string.Equals(Qbo.Text(r["DisplayName"]), display, StringComparison.OrdinalIgnoreCase)))
            {
                return Fault.DuplicateName(display);
            }
        }

        record["DisplayName"] = display;
        record["Active"] ??= true;
        if (entity == Customer)
        {
            record["FullyQualifiedName"] = display;
            record["PrintOnCheckName"] ??= display;
            record["Job"] ??= false;
        }

        return null;
    }

    /// <summary>Name unique among items, a known Type, an Income account for Service and Inventory items.</summary>
    public static Fault? PrepareItem(WriteContext context, JsonObject item, JsonObject? existing)
    {
        var (name, nameFault) = UniqueName(context, Item, item, existing, [':'], "product or service");
        if (name is null)
        {
            return nameFault;
        }

        var type = Qbo.Text(item["Type"]);
        if (type is null)
        {
            return Fault.RequiredMissing("Type");
        }

        if (!ItemTypes.Contains(type, StringComparer.Ordinal))
        {
            return Fault.InvalidEnumeration("Type", type);
        }

        if (existing is not null && Qbo.Text(existing["Type"]) == "Inventory" && type != "Inventory")
        {
            return Fault.Business("An Inventory item cannot change its type", "Type");
        }

        foreach (var (field, required) in new[] { ("IncomeAccountRef", type is "Service" or "Inventory"), ("AssetAccountRef", type == "Inventory"), ("ExpenseAccountRef", type == "Inventory") })
        {
            var accountId = Qbo.RefValue(item, field);
            if (accountId is null)
            {
                if (required)
                {
                    return Fault.RequiredMissing(field);
                }

                continue;
            }

            var account = context.Lookup(Account, accountId);
            if (account is null)
            {
                return Fault.InvalidReference(field, accountId);
            }

            item[field] = Qbo.Ref(accountId, Qbo.Text(account["Name"]));
        }

        if (type == "Inventory" && (item["InvStartDate"] is null || item["QtyOnHand"] is null))
        {
            return Fault.RequiredMissing(item["InvStartDate"] is null ? "InvStartDate" : "QtyOnHand");
        }

        if (item["UnitPrice"] is not null)
        {
            if (!Qbo.TryDecimal(item["UnitPrice"], out var price))
            {
                return Fault.Business("UnitPrice must be a number", "UnitPrice");
            }

            item["UnitPrice"] = Qbo.Number(price);
        }

        item["FullyQualifiedName"] = name;
        item["Active"] ??= true;
        item["Taxable"] ??= false;
        item["TrackQtyOnHand"] ??= type == "Inventory";
        return null;
    }

    /// <summary>Name (100 characters, no '"' or ':') unique among accounts; AccountType decides Classification.</summary>
    public static Fault? PrepareAccount(WriteContext context, JsonObject account, JsonObject? existing)
    {
        var (name, nameFault) = UniqueName(context, Account, account, existing, ['"', ':'], "account");
        if (name is null)
        {
            return nameFault;
        }

        var type = Qbo.Text(account["AccountType"]);
        if (type is null)
        {
            return Fault.RequiredMissing("AccountType");
        }

        if (!Classifications.TryGetValue(type, out var classification))
        {
            return Fault.InvalidEnumeration("AccountType", type);
        }

        account["Classification"] = classification;
        account["FullyQualifiedName"] = name;
        account["Active"] ??= true;
        account["SubAccount"] ??= false;
        account["CurrentBalance"] ??= 0;
        return null;
    }

    /// <summary>Name: present, at most 100 characters without the forbidden ones, unique (ignoring case) among the entity's records (6240).</summary>
    private static (string? Name, Fault? Fault) UniqueName(WriteContext context, string entity, JsonObject record, JsonObject? existing, char[] forbidden, string what)
    {
        var name = Qbo.Text(record["Name"]);
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, Fault.RequiredMissing("Name"));
        }

        if (name.Length > MaxName || name.IndexOfAny(forbidden) >= 0)
        {
            return (null, Fault.Business($"{entity} Name must be at most {MaxName} characters without {string.Join(" or ", forbidden.Select(c => $"'{c}'"))}", "Name"));
        }

        var self = Qbo.Id(existing);
        return context.Realm.All(entity).Any(r => Qbo.Id(r) != self && string.Equals(Qbo.Text(r["Name"]), name, StringComparison.OrdinalIgnoreCase))
            ? (null, Fault.Validation("6240", "Duplicate Name Exists Error", $"The name supplied already exists. : Another {what} is already using this name ({name}). Please use a different name.", "Name"))
            : (name, null);
    }

    /// <summary>The active customer a transaction names (CustomerRef), with the reference's name filled in.</summary>
    public static (JsonObject? Customer, Fault? Fault) CustomerOf(WriteContext context, JsonObject transaction)
    {
        var customerId = Qbo.RefValue(transaction, "CustomerRef");
        if (customerId is null)
        {
            return (null, Fault.RequiredMissing("CustomerRef"));
        }

        var customer = context.Lookup(Customer, customerId);
        if (customer is null)
        {
            return (null, Fault.InvalidReference("CustomerRef", customerId));
        }

        if (Qbo.Bool(customer["Active"]) == false)
        {
            return (null, Inactive("CustomerRef"));
        }

        transaction["CustomerRef"] = Qbo.Ref(customerId, Qbo.Text(customer["DisplayName"]));
        return (customer, null);
    }

    public static Fault Inactive(string element) =>
        Fault.ObjectNotFound("Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.", element);
}
