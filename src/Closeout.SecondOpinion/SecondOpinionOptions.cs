using System.ComponentModel.DataAnnotations;
using Closeout.SecondOpinion.Providers;

namespace Closeout.SecondOpinion;

/// <summary>What the second opinion does with a draft.</summary>
public enum SecondOpinionMode
{
    /// <summary>No model is asked.</summary>
    Off,

    /// <summary>Validated proposals are shown to the reviewer; the draft stays the engine's.</summary>
    Suggest,

    /// <summary>Validated proposals are applied to a copy of the draft, which then always goes to review.</summary>
    Merge,
}

/// <summary>The second opinion of one account: mode, model, what the prompt carries, what is plausible, what it may cost.</summary>
public sealed class SecondOpinionOptions
{
    public SecondOpinionMode Mode { get; set; } = SecondOpinionMode.Off;

    [Required]
    public LlmProfile Profile { get; set; } = new();

    /// <summary>Catalog items offered to the model as candidates.</summary>
    [Range(1, 200)]
    public int CatalogCandidates { get; set; } = 20;

    /// <summary>Similar past invoices shown as examples.</summary>
    [Range(0, 20)]
    public int PastInvoices { get; set; } = 3;

    [Required]
    public ProposalLimits Limits { get; set; } = new();

    /// <summary>Per model name (case-insensitive); a model without a price is audited with an unknown cost.</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The most an account spends on second opinions in a calendar month (UTC); null for no limit.</summary>
    [Range(0.0, 1_000_000.0)]
    public decimal? MonthlyBudget { get; set; }
}

/// <summary>What a proposal may ask for before a person would call it implausible.</summary>
public sealed class ProposalLimits
{
    /// <summary>The largest quantity per catalog unit (case-insensitive).</summary>
    public Dictionary<string, decimal> MaxQuantityByUnit { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["each"] = 50m,
        ["foot"] = 2000m,
        ["ft"] = 2000m,
        ["pound"] = 100m,
        ["lb"] = 100m,
        ["hour"] = 24m,
    };

    /// <summary>For units not in <see cref="MaxQuantityByUnit"/>.</summary>
    public decimal DefaultMaxQuantity { get; set; } = 100m;

    /// <summary>At most this many changes are accepted from one answer.</summary>
    [Range(1, 100)]
    public int MaxChanges { get; set; } = 10;

    public decimal MaxFor(string unit) => MaxQuantityByUnit.TryGetValue(unit, out var max) ? max : DefaultMaxQuantity;
}
