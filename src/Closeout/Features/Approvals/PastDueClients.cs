using Closeout.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Approvals;

/// <summary>Whether a client has past-due invoices, for routing rules with PastDueClient. Replace it to read a receivables ledger.</summary>
public interface IPastDueClients
{
    Task<bool> IsPastDueAsync(Account account, string clientId, CancellationToken cancellationToken);
}

/// <summary>The account policy's PastDueClients list.</summary>
internal sealed class ConfiguredPastDueClients(IOptionsMonitor<GovernanceOptions> options) : IPastDueClients
{
    public Task<bool> IsPastDueAsync(Account account, string clientId, CancellationToken cancellationToken) =>
        Task.FromResult(options.CurrentValue.ApprovalFor(account.Id, account.Name).PastDueClients.Contains(clientId, StringComparer.Ordinal));
}
