using System.Globalization;

namespace Closeout.Drafting.Evaluation;

/// <summary>The dataset spec's figures over a set of jobs (see <see cref="Scorer"/>).</summary>
public sealed record Metrics(double ItemF1, double QtyF1, double JobExact, double TotalExact, double FlagF1, int Jobs)
{
    /// <summary>The figures by their names in <c>eval/ratchet.json</c> and in <see cref="ToLine"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Named =>
    [
        new("itemF1", ItemF1),
        new("qtyF1", QtyF1),
        new("jobExact", JobExact),
        new("totalExact", TotalExact),
        new("flagF1", FlagF1),
    ];

    /// <summary><c>engine: itemF1=0.981 qtyF1=0.962 jobExact=0.880 totalExact=0.900 flagF1=0.930</c></summary>
    public string ToLine(string label) =>
        label + ": " + string.Join(' ', Named.Select(m => m.Key + "=" + Format(m.Value)));

    /// <summary>A figure as printed: three decimals, invariant culture.</summary>
    public static string Format(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
