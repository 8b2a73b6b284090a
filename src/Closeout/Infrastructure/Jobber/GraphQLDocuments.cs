using System.Collections.Frozen;

namespace Closeout.Infrastructure.Jobber;

/// <summary>The operations Closeout sends to Jobber, from the .graphql files embedded in the assembly (Operations/).</summary>
internal static class GraphQLDocuments
{
    private const string Prefix = "Closeout.Jobber.";

    public static FrozenDictionary<string, string> All { get; } = Load();

    public static string Job => All["Job"];

    public static string JobInvoices => All["JobInvoices"];

    public static string CreateInvoice => All["CreateInvoice"];

    public static string Account => All["Account"];

    public static string ProductOrServices => All["ProductOrServices"];

    public static string Invoice => All["Invoice"];

    public static string CompletedJobs => All["CompletedJobs"];

    public static string JobInvoiceLines => All["JobInvoiceLines"];

    public static string InvoiceToSend => All["InvoiceToSend"];

    public static string EditInvoiceLineItems => All["EditInvoiceLineItems"];

    public static string CreateInvoiceLineItems => All["CreateInvoiceLineItems"];

    public static string DeleteInvoiceLineItems => All["DeleteInvoiceLineItems"];

    public static string SendInvoice => All["SendInvoice"];

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = typeof(GraphQLDocuments).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".graphql", StringComparison.Ordinal))
            .ToFrozenDictionary(
                n => n[Prefix.Length..^".graphql".Length],
                n =>
                {
                    using var stream = assembly.GetManifestResourceStream(n)!;
                    using var reader = new StreamReader(stream);
                    return reader.ReadToEnd();
                },
                StringComparer.Ordinal);
    }
}
