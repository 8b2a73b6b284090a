namespace Closeout.Features.Accounts;

/// <summary>Access and refresh tokens of one Jobber account, in clear (they are encrypted only at rest).</summary>
public sealed record JobberTokens(string AccessToken, string RefreshToken, DateTimeOffset AccessExpiresAt)
{
    public override string ToString() => $"JobberTokens(expires {AccessExpiresAt:O})";
}

/// <summary>A connected Jobber account: its tokens and the business folder (catalog and policy) its drafts are priced with.</summary>
public sealed record Account(string Id, string Name, JobberTokens? Tokens, string? Business, DateTimeOffset ConnectedAt, DateTimeOffset? DisconnectedAt);
