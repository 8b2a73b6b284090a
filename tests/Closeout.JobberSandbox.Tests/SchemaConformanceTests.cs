namespace Closeout.JobberSandbox.Tests;

public sealed class SchemaConformanceTests
{
    [Fact]
    public void Sandbox_sdl_is_a_subset_of_the_real_jobber_schema()
    {
        var real = File.ReadAllText(SchemaConformance.RealSchemaPath());

        var differences = SchemaConformance.SubsetDifferences(SchemaConformance.SandboxSdl, real);

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Subset_check_catches_a_renamed_field_and_a_changed_nullability()
    {
        var real = File.ReadAllText(SchemaConformance.RealSchemaPath());
        var wrong = SchemaConformance.SandboxSdl
            .Replace("  jobNumber: Int!", "  jobNumbr: Int!", StringComparison.Ordinal)
            .Replace("  invoiceNumber: String!", "  invoiceNumber: String", StringComparison.Ordinal);

        var differences = SchemaConformance.SubsetDifferences(wrong, real);

        Assert.Contains("Job.jobNumbr: not in the real schema", differences);
        Assert.Contains("Invoice.invoiceNumber: String here, String! in the real schema", differences);
    }

    [Fact]
    public void Newer_fields_are_only_those_jobber_api_md_confirms()
    {
        Assert.Equal(["Job.timesheetEntries", "TimeSheetEntry.endAt"], SchemaConformance.NewerThanSnapshot.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_job_query_without_newer_fields_validates_against_the_real_schema()
    {
        const string query = """
            query Job($id: EncodedId!) {
              job(id: $id) {
                id jobNumber title instructions jobStatus
                client { id name companyName emails { address primary } phones { number primary } billingAddress { street1 city province postalCode country } tags(first: 20) { nodes { label } } }
                property { address { street1 street2 city province postalCode country } }
                lineItems(first: 50) { nodes { id name description quantity unitPrice totalPrice taxable linkedProductOrService { id name } } pageInfo { hasNextPage endCursor } }
                visits(first: 20) { nodes { id title startAt endAt completedAt assignedUsers(first: 10) { nodes { id name { full } } } } }
                notes(first: 50) { nodes { id message createdAt createdBy { id } attachments { fileName contentType } } }
              }
            }
            """;

        var errors = await SchemaConformance.ValidateAgainstRealSchemaAsync(query);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_invoiceCreate_mutation_validates_against_the_real_schema()
    {
        const string mutation = """
            mutation CreateDraft($input: InvoiceCreateInput!) {
              invoiceCreate(input: $input) {
                invoice { id invoiceNumber invoiceStatus amounts { subtotal taxAmount total } lineItems(first: 100) { nodes { id name quantity unitPrice linkedProductOrService { id } } } }
                userErrors { message path }
              }
            }
            """;

        var errors = await SchemaConformance.ValidateAgainstRealSchemaAsync(mutation);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_operation_using_a_field_jobber_lacks_fails_validation()
    {
        var errors = await SchemaConformance.ValidateAgainstRealSchemaAsync("{ job(id: \"x\") { id closedAt } }");

        Assert.NotEmpty(errors);
    }
}
