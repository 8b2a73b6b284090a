using System.Collections.Frozen;

namespace Closeout.Infrastructure.Jobber;

/// <summary>
/// The operations Closeout sends to Jobber, from the .graphql files embedded in the assembly (Operations/). Fragments.graphql
/// holds shared selections: each operation is sent with the fragments it spreads, and only those (GraphQL refuses unused ones).
/// </summary>
internal static class GraphQLDocuments
{
    private const string Prefix = "Closeout.Jobber.";

    public static FrozenDictionary<string, string> All { get; } = Load();

    public static string Job => All["Job"];

    public static string JobInvoices => All["JobInvoices"];

    public static string CreateInvoice => All["CreateInvoice"];

    public static string Account => All["Account"];

    public static string ProductOrServices => All["ProductOrServices"];

    public static string JobPage => All["JobPage"];

    private const string FragmentsFile = "Fragments";
    public static string Invoice => All["Invoice"];

    public static string CompletedJobs => All["CompletedJobs"];

    public static string JobInvoiceLines => All["JobInvoiceLines"];

    public static string BillingInvoice => All["BillingInvoice"];

    public static string Invoices => All["Invoices"];

    public static string PaymentRecord => All["PaymentRecord"];

    public static string CreatePaymentRecord => All["CreatePaymentRecord"];

    public static string InvoiceToSend => All["InvoiceToSend"];

    public static string EditInvoiceLineItems => All["EditInvoiceLineItems"];

    public static string CreateInvoiceLineItems => All["CreateInvoiceLineItems"];

    public static string DeleteInvoiceLineItems => All["DeleteInvoiceLineItems"];

    public static string SendInvoice => All["SendInvoice"];

    public static string Receivable => All["Receivables"];

    public static string Receivables => All["Receivables"];

    public static string LateFees => All["LateFees"];

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = typeof(GraphQLDocuments).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".graphql", StringComparison.Ordinal))
            .ToDictionary(
                n => n[Prefix.Length..^".graphql".Length],
                n =>
                {
                    using var stream = assembly.GetManifestResourceStream(n)!;
                    using var reader = new StreamReader(stream);
                    return reader.ReadToEnd();
                },
                StringComparer.Ordinal);
        var fragments = files.Remove(FragmentsFile, out var shared) ? Fragments(shared) : [];
        return files.ToFrozenDictionary(f => f.Key, f => WithFragments(f.Value, fragments), StringComparer.Ordinal);
    }

    /// <summary>The fragment definitions of a file by name, each as its own text.</summary>
    private static Dictionary<string, string> Fragments(string text)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var matches = System.Text.RegularExpressions.Regex.Matches(text, @"^fragment\s+(\w+)\s+on\s+\w+\s*\{", System.Text.RegularExpressions.RegexOptions.Multiline);
        for (var i = 0; i < matches.Count; i++)
        {
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            found[matches[i].Groups[1].Value] = text[matches[i].Index..end].Trim();
        }

        return found;
    }

    private static string WithFragments(string document, Dictionary<string, string> fragments)
    {
        var used = new List<string>();
        var text = document;
        bool added;
        do
        {
            added = false;
            foreach (var (name, definition) in fragments)
            {
                if (!used.Contains(name) && System.Text.RegularExpressions.Regex.IsMatch(text, @"\.\.\." + name + @"\b"))
                {
                    used.Add(name);
                    text += "\n" + definition;
                    added = true;
                }
            }
        }
        while (added);

        return used.Count == 0 ? document : text.TrimEnd() + "\n";
    }
}
