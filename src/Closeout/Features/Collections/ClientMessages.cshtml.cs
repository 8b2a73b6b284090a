using System.Globalization;
using Closeout.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Closeout.Features.Collections;

/// <summary>A client's full message history: every reminder delivery with its state, reason and why it was chosen.</summary>
internal sealed class ClientMessagesModel(ReceivablesQueries queries, LateFeeStore fees, AccountStore accounts) : PageModel
{
    public string ClientId { get; private set; } = "";

    public ClientProfileView? Client { get; private set; }

    public IReadOnlyList<MessageView> Messages { get; private set; } = [];

    public IReadOnlyList<LateFeeView> LateFees { get; private set; } = [];

    public async Task OnGetAsync(string clientId, string? account, CancellationToken cancel)
    {
        ClientId = clientId;
        if (await ReceivablesEndpoints.AccountOf(accounts, account, cancel).ConfigureAwait(false) is not { } accountId)
        {
            return;
        }

        Client = (await queries.AgedAsync(accountId, cancel).ConfigureAwait(false)).Clients.FirstOrDefault(c => c.ClientId == clientId);
        LateFees = [.. (await fees.FeesAsync(accountId, clientId, cancel).ConfigureAwait(false)).Select(LateFeeView.From)];
        Messages = [.. (await queries.MessagesAsync(accountId, clientId, cancel).ConfigureAwait(false)).OrderByDescending(m => m.SentAt ?? m.PlannedAt)];
    }

    public static string When(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "";
}
