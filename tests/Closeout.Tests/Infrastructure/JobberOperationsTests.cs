using System.Text.Json.Nodes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Features.Processing;
using Closeout.Infrastructure.Jobber;
using Closeout.JobberSandbox;

namespace Closeout.Tests.Infrastructure;

/// <summary>Every operation Closeout sends is valid against Jobber's real schema (the 2023-01 snapshot plus the confirmed newer fields).</summary>
public sealed class JobberOperationsTests
{
    public static TheoryData<string> Operations => [.. GraphQLDocuments.All.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void The_operations_are_embedded()
    {
        Assert.Equal(
            ["Account", "BillingInvoice", "CompletedJobs", "CreateInvoice", "CreateInvoiceLineItems", "CreatePaymentRecord", "DeleteInvoiceLineItems", "EditInvoiceLineItems", "Invoice", "InvoiceToSend", "Invoices", "Job", "JobInvoiceLines", "JobInvoices", "JobPage", "LateFees", "PaymentRecord", "ProductOrServices", "Receivables", "SendInvoice"],
            GraphQLDocuments.All.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_operation_validates_against_the_real_schema(string operation)
    {
        var errors = await SchemaConformance.ValidateAgainstRealSchemaAsync(GraphQLDocuments.All[operation]);

        // Job.timesheetEntries is newer than the snapshot (jobber-api.md confirms it; the sandbox allow-lists it).
        var unexplained = errors.Where(e => !SchemaConformance.NewerThanSnapshot.Any(f => e.Contains($"'{f.Split('.')[1]}' on type '{f.Split('.')[0]}'", StringComparison.Ordinal))).ToList();
        Assert.True(unexplained.Count == 0, string.Join(Environment.NewLine, unexplained));
    }

    [Fact]
    public async Task The_invoice_input_Closeout_builds_coerces_to_InvoiceCreateInput()
    {
        var catalog = new Catalog("Demo", "USD", [new CatalogItem("LAB-TECH", "Technician labor", ItemKind.Labor, "hour", 125m, false, "Labor", "Licensed technician")]);
        var draft = new DraftInvoice("Z2lkOi8vSm9iYmVyL0pvYi8x", [new DraftLine("LAB-TECH", "Technician labor", 1.5m, 125m, 187.5m, false, LineSource.Timesheet, [], 0.9, "Licensed technician")], [], 187.5m, 0m, 187.5m);
        var input = InvoiceInput.From("Z2lkOi8vSm9iYmVyL0NsaWVudC8x", draft.JobId, draft, catalog)!;

        var errors = await SchemaConformance.ValidateAgainstRealSchemaAsync(GraphQLDocuments.CreateInvoice, new Dictionary<string, object?> { ["input"] = Plain(input) });

        Assert.Empty(errors);
    }

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<decimal>(out var d) => (double)d,
        _ => null,
    };
}
