using System.Security.Cryptography;
using System.Text;
using Closeout.Features.QuickBooks.Reconciliation;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.QuickBooks;
using Microsoft.Extensions.Options;

namespace Closeout.Features.QuickBooks;

/// <summary>
/// What a Jobber client, catalog item and tax are in the account's QuickBooks company, found or created once and stored.
/// Customers: the stored id first, then the email, then the normalised name ("A&amp;W" is "A &amp; W"); a create that meets
/// 6240 (the name is taken, inactive records included) links the holder instead of making a duplicate.
/// </summary>
internal sealed partial class QuickBooksMapping(
    QuickBooksClient qbo,
    QuickBooksLinks links,
    IOptions<QuickBooksOptions> options,
    ILogger<QuickBooksMapping> logger)
{
    public async Task<Result<string>> CustomerAsync(string accountId, JobberClientInfo client, CancellationToken cancellationToken)
    {
        if (await links.FindAsync(accountId, LinkKinds.Customer, client.Id, cancellationToken).ConfigureAwait(false) is { } linked)
        {
            return linked.QboId;
        }

        var name = DisplayName(client);
        var all = await qbo.QueryAllAsync<QboCustomer>(accountId, "SELECT * FROM Customer", cancellationToken).ConfigureAwait(false);
        if (!all.IsSuccess)
        {
            return all.Error!.ToFailure();
        }

        var match = (client.Email is { Length: > 0 } email
                ? all.Value!.FirstOrDefault(c => string.Equals(c.PrimaryEmailAddr?.Address?.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
                : null)
            ?? all.Value!.FirstOrDefault(c => c.DisplayName is { } n && Reconciler.NormalisedName(n) == Reconciler.NormalisedName(name));
        if (match is not null)
        {
            return await LinkAsync(accountId, client, match, cancellationToken).ConfigureAwait(false);
        }

        var created = await qbo.WriteAsync(accountId, new QboCustomer
        {
            DisplayName = name,
            GivenName = Blank(client.FirstName),
            FamilyName = Blank(client.LastName),
            CompanyName = Blank(client.CompanyName),
            PrimaryEmailAddr = client.Email is { Length: > 0 } e ? new QboEmail(e) : null,
        }, RequestId("cust", accountId, client.Id), cancellationToken).ConfigureAwait(false);
        if (created.IsSuccess)
        {
            await links.SaveAsync(links.New(accountId, LinkKinds.Customer, client.Id, created.Value!.Id!, LinkOrigins.Closeout, client.Name), cancellationToken).ConfigureAwait(false);
            return created.Value.Id!;
        }

        if (!created.Error!.Is(QboError.DuplicateName))
        {
            return created.Error.ToFailure();
        }

        // 6240: the name is held, possibly by an inactive customer the list above did not show. Link it.
        foreach (var query in new[] { $"SELECT * FROM Customer WHERE DisplayName = '{Quote(name)}'", $"SELECT * FROM Customer WHERE Active = false AND DisplayName = '{Quote(name)}'" })
        {
            var holder = await qbo.QueryAsync<QboCustomer>(accountId, query, cancellationToken).ConfigureAwait(false);
            if (holder.IsSuccess && holder.Value!.Items.Count > 0)
            {
                LogDuplicateLinked(logger, accountId, holder.Value.Items[0].Id!);
                return await LinkAsync(accountId, client, holder.Value.Items[0], cancellationToken).ConfigureAwait(false);
            }
        }

        return Failure.Permanent($"QuickBooks says the name of client {client.Id} is taken (6240) by a vendor or employee; rename one of them");
    }

    /// <summary>Links the client to an existing customer, making it active again first (an invoice to an inactive one fails with 610).</summary>
    private async Task<Result<string>> LinkAsync(string accountId, JobberClientInfo client, QboCustomer customer, CancellationToken cancellationToken)
    {
        if (customer.Active == false)
        {
            var reactivated = await qbo.WriteAsync(accountId, new QboCustomer { Id = customer.Id, SyncToken = customer.SyncToken, Sparse = true, Active = true },
                RequestId("custa", accountId, customer.Id!, customer.SyncToken ?? ""), cancellationToken).ConfigureAwait(false);
            if (!reactivated.IsSuccess)
            {
                return reactivated.Error!.ToFailure();
            }
        }

        await links.SaveAsync(links.New(accountId, LinkKinds.Customer, client.Id, customer.Id!, LinkOrigins.Matched, client.Name), cancellationToken).ConfigureAwait(false);
        LogCustomerMatched(logger, accountId, customer.Id!);
        return customer.Id!;
    }

    /// <summary>The QuickBooks item for a line: its product or service when it has one, else its name.</summary>
    public async Task<Result<string>> ItemAsync(string accountId, BilledLine line, Dictionary<string, QboItem>? known, CancellationToken cancellationToken)
    {
        var key = line.ProductId ?? "name:" + Reconciler.NormalisedName(line.Name);
        if (await links.FindAsync(accountId, LinkKinds.Item, key, cancellationToken).ConfigureAwait(false) is { } linked)
        {
            return linked.QboId;
        }

        var name = Clean(line.ProductName ?? line.Name, 100);
        if (known is not null && known.TryGetValue(Reconciler.NormalisedName(name), out var existing))
        {
            await links.SaveAsync(links.New(accountId, LinkKinds.Item, key, existing.Id!, LinkOrigins.Matched, name), cancellationToken).ConfigureAwait(false);
            return existing.Id!;
        }

        var income = await IncomeAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (!income.IsSuccess)
        {
            return income.Failure!;
        }

        var created = await qbo.WriteAsync(accountId, new QboItem
        {
            Name = name,
            Type = "Service",
            IncomeAccountRef = new QboRef(income.Value!),
            UnitPrice = line.UnitPrice,
            Taxable = line.Taxable,
            Description = Blank(line.Description),
        }, RequestId("item", accountId, key), cancellationToken).ConfigureAwait(false);
        if (created.IsSuccess)
        {
            await links.SaveAsync(links.New(accountId, LinkKinds.Item, key, created.Value!.Id!, LinkOrigins.Closeout, name), cancellationToken).ConfigureAwait(false);
            return created.Value.Id!;
        }

        if (created.Error!.Kind == QboErrorKind.Validation)
        {
            var holder = await qbo.QueryAsync<QboItem>(accountId, $"SELECT * FROM Item WHERE Name = '{Quote(name)}'", cancellationToken).ConfigureAwait(false);
            if (holder.IsSuccess && holder.Value!.Items.Count > 0)
            {
                await links.SaveAsync(links.New(accountId, LinkKinds.Item, key, holder.Value.Items[0].Id!, LinkOrigins.Matched, name), cancellationToken).ConfigureAwait(false);
                return holder.Value.Items[0].Id!;
            }
        }

        return created.Error.ToFailure();
    }

    /// <summary>The company's items by normalised name, to match before creating.</summary>
    public async Task<Result<Dictionary<string, QboItem>>> ItemsAsync(string accountId, CancellationToken cancellationToken)
    {
        var all = await qbo.QueryAllAsync<QboItem>(accountId, "SELECT * FROM Item", cancellationToken).ConfigureAwait(false);
        if (!all.IsSuccess)
        {
            return all.Error!.ToFailure();
        }

        var byName = new Dictionary<string, QboItem>(StringComparer.Ordinal);
        foreach (var item in all.Value!.Where(i => i.Name is not null))
        {
            byName.TryAdd(Reconciler.NormalisedName(item.Name!), item);
        }

        return byName;
    }

    /// <summary>The transaction tax code (US: a tax group) taxable invoices name; null when the company has none.</summary>
    public async Task<Result<string?>> TaxCodeAsync(string accountId, CancellationToken cancellationToken)
    {
        if (await links.FindAsync(accountId, LinkKinds.TaxCode, "default", cancellationToken).ConfigureAwait(false) is { } linked)
        {
            return linked.QboId;
        }

        var codes = await qbo.QueryAllAsync<QboTaxCode>(accountId, "SELECT * FROM TaxCode", cancellationToken).ConfigureAwait(false);
        if (!codes.IsSuccess)
        {
            return codes.Error!.ToFailure();
        }

        var wanted = options.Value.TaxCodeName;
        var usable = codes.Value!.Where(c => c.Active != false && c.Id is not ("TAX" or "NON")).ToList();
        var code = usable.FirstOrDefault(c => wanted.Length > 0 && string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? usable.FirstOrDefault(c => c.TaxGroup == true)
            ?? usable.FirstOrDefault(c => c.Taxable == true);
        if (code is null)
        {
            return Result.Ok<string?>(null);
        }

        await links.SaveAsync(links.New(accountId, LinkKinds.TaxCode, "default", code.Id!, LinkOrigins.Matched, code.Name), cancellationToken).ConfigureAwait(false);
        return code.Id;
    }

    private async Task<Result<string>> IncomeAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        if (await links.FindAsync(accountId, LinkKinds.IncomeAccount, "default", cancellationToken).ConfigureAwait(false) is { } linked)
        {
            return linked.QboId;
        }

        var accounts = await qbo.QueryAllAsync<QboAccount>(accountId, "SELECT * FROM Account WHERE AccountType = 'Income'", cancellationToken).ConfigureAwait(false);
        if (!accounts.IsSuccess)
        {
            return accounts.Error!.ToFailure();
        }

        var wanted = options.Value.IncomeAccountName;
        var income = accounts.Value!.FirstOrDefault(a => wanted.Length > 0 && string.Equals(a.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? accounts.Value!.FirstOrDefault(a => a.Active != false);
        if (income is null)
        {
            return Failure.Configuration("The QuickBooks company has no Income account for new items");
        }

        await links.SaveAsync(links.New(accountId, LinkKinds.IncomeAccount, "default", income.Id!, LinkOrigins.Matched, income.Name), cancellationToken).ConfigureAwait(false);
        return income.Id!;
    }

    /// <summary>The client's name as QuickBooks allows it (no ':', tab or newline; at most 500 characters).</summary>
    internal static string DisplayName(JobberClientInfo client)
    {
        var name = client.Name.Length > 0 ? client.Name : $"{client.FirstName} {client.LastName}".Trim();
        return Clean(name.Length > 0 ? name : client.CompanyName ?? client.Id, 500);
    }

    private static string Clean(string text, int max)
    {
        var cleaned = string.Join(' ', text.Replace(':', ' ').Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return cleaned.Length > max ? cleaned[..max] : cleaned;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>A single quote inside a QuickBooks query string is escaped with a backslash.</summary>
    internal static string Quote(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    /// <summary>A requestid (at most 50 characters) that is the same for the same write: a repeat is a replay.</summary>
    internal static string RequestId(string prefix, params string[] parts) =>
        prefix + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', parts))))[..40];

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: a Jobber client matched QuickBooks customer {CustomerId} by email or name")]
    private static partial void LogCustomerMatched(ILogger logger, string accountId, string customerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: QuickBooks said the name is taken (6240); linked customer {CustomerId} instead of creating a duplicate")]
    private static partial void LogDuplicateLinked(ILogger logger, string accountId, string customerId);
}
