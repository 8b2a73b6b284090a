using Closeout.Features.Accounts;

namespace Closeout.Features.Collections;

/// <summary>A late fee as the office sees it: how much, on what balance, where it is in Jobber and why.</summary>
public sealed record LateFeeView(
    string InvoiceId, string InvoiceNumber, string ClientId, decimal Amount, decimal Basis, LateFeeMode Mode, string State, string Where, string Reason, string? Error,
    DateTimeOffset DecidedAt, DateTimeOffset? ChargedAt)
{
    public static LateFeeView From(LateFeeRow fee) => new(
        fee.InvoiceId, fee.InvoiceNumber, fee.ClientId, fee.Amount, fee.Basis, fee.Mode, fee.State,
        fee.Mode == LateFeeMode.SeparateLine ? $"line on invoice #{fee.InvoiceNumber}" : fee.FeeInvoiceNumber is { } n ? $"fee invoice #{n}" : "fee invoice (not created yet)",
        fee.Reason, fee.Error, fee.DecidedAt, fee.ChargedAt);
}

/// <summary>GET /api/receivables/late-fees[?client=...]: every late fee of the account with its state in Jobber (staff roles).</summary>
internal static class LateFeeEndpoints
{
    public static IEndpointRouteBuilder MapLateFeeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/receivables/late-fees", async (string? account, string? client, AccountStore accounts, LateFeeStore fees, CancellationToken cancel) =>
            await ReceivablesEndpoints.AccountOf(accounts, account, cancel).ConfigureAwait(false) is { } accountId
                ? Results.Ok((await fees.FeesAsync(accountId, client, cancel).ConfigureAwait(false)).ConvertAll(LateFeeView.From))
                : Results.Problem("Name the account (?account=...): none or several are connected", statusCode: StatusCodes.Status400BadRequest, title: "Invalid"))
            .WithTags("Receivables").RequireAuthorization(Users.Policies.Staff);
        return endpoints;
    }
}
