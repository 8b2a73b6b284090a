using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Closeout.Features.Accounts;
using Closeout.SecondOpinion;
using Closeout.SecondOpinion.Providers;
using Microsoft.Extensions.Options;

namespace Closeout.Features.SecondOpinion;

/// <summary>One account's second opinion: which profile, in which mode, with what monthly budget.</summary>
public sealed class AccountSecondOpinion
{
    /// <summary>The Jobber account's EncodedId or its name.</summary>
    [Required]
    public string Account { get; set; } = "";

    public SecondOpinionMode Mode { get; set; } = SecondOpinionMode.Off;

    /// <summary>A name under SecondOpinion:Profiles.</summary>
    public string? Profile { get; set; }

    /// <summary>The most the account spends in a UTC month; when spent the second opinion is skipped until the next. Null: no limit.</summary>
    [Range(0.0, 1_000_000.0)]
    public decimal? MonthlyBudget { get; set; }
}

/// <summary>
/// Section "SecondOpinion": the model profiles, what a call costs, what a proposal may ask for, and per account the mode
/// (off by default), the profile and the monthly budget. Keys are never here: a profile names its key in the secret
/// store (ApiKeySecret) or the environment variable that holds it.
/// </summary>
internal sealed class SecondOpinionSettings : IValidatableObject
{
    public const string Section = "SecondOpinion";

    public Dictionary<string, LlmProfile> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<AccountSecondOpinion> Accounts { get; set; } = [];

    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ProposalLimits Limits { get; set; } = new();

    [Range(1, 200)]
    public int CatalogCandidates { get; set; } = 20;

    [Range(0, 20)]
    public int PastInvoices { get; set; } = 3;

    public AccountSecondOpinion? For(string accountId, string accountName) =>
        Accounts.Find(a => string.Equals(a.Account, accountId, StringComparison.Ordinal))
        ?? Accounts.Find(a => string.Equals(a.Account, accountName, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, profile) in Profiles)
        {
            var errors = new List<ValidationResult>();
            if (!Validator.TryValidateObject(profile, new ValidationContext(profile), errors, validateAllProperties: true) || profile.Kind is null)
            {
                yield return new ValidationResult(
                    $"SecondOpinion:Profiles:{name} is invalid: {(profile.Kind is null ? $"unknown provider '{profile.Provider}'. " : "")}{string.Join(" ", errors.Select(e => e.ErrorMessage))}");
            }
        }

        foreach (var account in Accounts.Where(a => a.Mode != SecondOpinionMode.Off))
        {
            if (account.Profile is null || !Profiles.ContainsKey(account.Profile))
            {
                yield return new ValidationResult($"SecondOpinion:Accounts: {account.Account} names profile '{account.Profile}', which is not under SecondOpinion:Profiles");
            }
        }
    }
}

/// <summary>
/// The reviewer of each account whose second opinion is on (reviewers are thread-safe and keep the catalog's embeddings,
/// so one is built per account), built again when the key stored for its profile changes.
/// </summary>
internal sealed class SecondOpinionAccounts(IOptions<SecondOpinionSettings> settings, LlmChatClients clients, LlmCallStore store, Secrets.SecretStore secrets, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string KeyHash, SecondOpinionReviewer Reviewer)> _reviewers = new(StringComparer.Ordinal);

    /// <summary>True when the account's second opinion is on (not off, with a profile).</summary>
    public bool IsOn(Account account) => Chosen(account) is not null;

    /// <summary>The account's reviewer, or null when its second opinion is off.</summary>
    public async Task<SecondOpinionReviewer?> ForAsync(Account account, CancellationToken cancellationToken)
    {
        if (Chosen(account) is not { } found)
        {
            return null;
        }

        var (chosen, profile) = found;
        var key = profile.ApiKeySecret is { } name ? await secrets.FindAsync(name, cancellationToken).ConfigureAwait(false) : null;

        // Only a hash of the key is kept beside the reviewer, to see that it changed.
        var keyHash = key is null ? string.Empty : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        if (_reviewers.TryGetValue(account.Id, out var built) && built.KeyHash == keyHash)
        {
            return built.Reviewer;
        }

        var all = settings.Value;
        var options = new SecondOpinionOptions
        {
            Mode = chosen.Mode,
            Profile = profile,
            CatalogCandidates = all.CatalogCandidates,
            PastInvoices = all.PastInvoices,
            Limits = all.Limits,
            Prices = all.Prices,
            MonthlyBudget = chosen.MonthlyBudget,
        };
        var reviewer = new SecondOpinionReviewer(options, clients.Create(profile, key), store, store, time);
        _reviewers[account.Id] = (keyHash, reviewer);
        return reviewer;
    }

    private (AccountSecondOpinion Chosen, LlmProfile Profile)? Chosen(Account account)
    {
        var all = settings.Value;
        return all.For(account.Id, account.Name) is { Mode: not SecondOpinionMode.Off, Profile: { } name } chosen && all.Profiles.TryGetValue(name, out var profile)
            ? (chosen, profile)
            : null;
    }
}

internal static class SecondOpinionExtensions
{
    public static IServiceCollection AddSecondOpinionReviews(this IServiceCollection services)
    {
        services.AddOptions<SecondOpinionSettings>().BindConfiguration(SecondOpinionSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSecondOpinion();
        services.AddSingleton<LlmCallStore>();
        services.AddSingleton<PastInvoices>();
        services.AddSingleton<Processing.ISentInvoiceLearner, RecordSentInvoice>();
        services.AddSingleton<SecondOpinionAccounts>();
        return services;
    }
}

/// <summary>GET /api/drafts/{jobId}/llm-calls: every model call made for the job's draft (provider, model, prompt, raw answer, tokens, latency, cost).</summary>
internal static class SecondOpinionEndpoints
{
    public static IEndpointRouteBuilder MapSecondOpinionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/drafts/{jobId}/llm-calls", async (string jobId, Drafts.DraftStore drafts, LlmCallStore calls, CancellationToken cancel) =>
            await drafts.FindAsync(jobId, cancel).ConfigureAwait(false) is { } draft
                ? Results.Ok(await calls.ForDraftAsync(draft.Id, cancel).ConfigureAwait(false))
                : Results.Problem($"No draft for job {jobId}", statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .RequireAuthorization(Users.Policies.Staff);
        return endpoints;
    }
}
