using System.Net;
using System.Net.Http.Json;
using Closeout.JobberSandbox.Control;

namespace Closeout.JobberSandbox.Tests;

public sealed class GraphQLTests
{
    private const string HelenPark = "Z2lkOi8vSm9iYmVyL0NsaWVudC81MDE=";

    [Fact]
    public async Task A_request_without_the_version_header_is_rejected()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedCascade: false);
        var token = await sandbox.TokenAsync();

        using var response = await sandbox.PostGraphQLAsync(token, "{ account { id } }", version: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-JOBBER-GRAPHQL-VERSION", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_version_is_reported_in_extensions()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedCascade: false);

        var body = await sandbox.GraphQLAsync(await sandbox.TokenAsync(), "{ account { id } }");

        Assert.Equal(SandboxHost.Version, body["extensions"]!["versioning"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_query_returns_the_seeded_cascade_job_with_its_notes_and_time_sheets()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        const string query = """
            query Job($id: EncodedId!) {
              job(id: $id) {
                id jobNumber title jobStatus
                client { id name emails { address } }
                lineItems(first: 10) { nodes { name quantity unitPrice linkedProductOrService { id name } } }
                visits(first: 5) { nodes { id completedAt assignedUsers(first: 5) { nodes { id name { full } } } } }
                timesheetEntries(first: 10) { nodes { id finalDuration startAt endAt user { id } visit { id } } }
                notes(first: 10) { nodes { message createdBy { id } attachments { fileName contentType } } }
              }
            }
            """;

        var body = await sandbox.GraphQLAsync(await sandbox.TokenAsync(), query, new { id = SandboxHost.CascadeJob1001 });

        var job = body["data"]!["job"]!;
        Assert.Equal(1001, job["jobNumber"]!.GetValue<int>());
        Assert.Equal("requires_invoicing", job["jobStatus"]!.GetValue<string>());
        Assert.Equal("Helen Park", job["client"]!["name"]!.GetValue<string>());
        Assert.Equal("50 gal gas water heater", job["lineItems"]!["nodes"]![0]!["linkedProductOrService"]!["name"]!.GetValue<string>());
        var entries = job["timesheetEntries"]!["nodes"]!.AsArray();
        Assert.Equal([12600, 9900], entries.Select(e => e!["finalDuration"]!.GetValue<int>()));
        Assert.Equal("2026-10-06T12:35:00-07:00", entries[0]!["endAt"]!.GetValue<string>());
        var visitId = job["visits"]!["nodes"]![0]!["id"]!.GetValue<string>();
        Assert.Equal("gid://Jobber/Visit/1", Decode(visitId));
        Assert.All(entries, e => Assert.Equal(visitId, e!["visit"]!["id"]!.GetValue<string>()));
        var note = job["notes"]!["nodes"]![0]!;
        Assert.StartsWith("Old 40g tank rusted through", note["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["old_tank_seam.jpg", "new_install.jpg"], note["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()));
        Assert.StartsWith("gid://Jobber/User/", Decode(note["createdBy"]!["id"]!.GetValue<string>()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_page_with_first_and_after()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var token = await sandbox.TokenAsync();
        const string query = "query Page($after: String) { jobs(first: 3, after: $after) { totalCount nodes { jobNumber } edges { cursor } pageInfo { hasNextPage endCursor } } }";

        var first = (await sandbox.GraphQLAsync(token, query, new { after = (string?)null }))["data"]!["jobs"]!;
        var endCursor = first["pageInfo"]!["endCursor"]!.GetValue<string>();
        var second = (await sandbox.GraphQLAsync(token, query, new { after = endCursor }))["data"]!["jobs"]!;

        Assert.Equal([1001, 1002, 1003], first["nodes"]!.AsArray().Select(n => n!["jobNumber"]!.GetValue<int>()));
        Assert.Equal([1004, 1005, 1006], second["nodes"]!.AsArray().Select(n => n!["jobNumber"]!.GetValue<int>()));
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(endCursor, first["edges"]!.AsArray()[^1]!["cursor"]!.GetValue<string>());
        Assert.True(first["totalCount"]!.GetValue<int>() > 6);
    }

    [Fact]
    public async Task InvoiceCreate_makes_a_draft_linked_to_the_job_with_lines_linked_to_products()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var token = await sandbox.TokenAsync();

        var body = await sandbox.GraphQLAsync(token, CreateMutation, new
        {
            input = Input(
                new { name = "50 gal gas water heater", quantity = 1, cost = 1595.0, taxable = true },
                new { name = "Technician labor", quantity = 3.5, cost = 125.0, taxable = false }),
        });

        var payload = body["data"]!["invoiceCreate"]!;
        Assert.Empty(payload["userErrors"]!.AsArray());
        var invoice = payload["invoice"]!;
        Assert.Equal("draft", invoice["invoiceStatus"]!.GetValue<string>());
        Assert.Equal(SandboxHost.CascadeJob1001, invoice["jobs"]!["nodes"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(2032.5m, invoice["amounts"]!["subtotal"]!.GetValue<decimal>());
        Assert.Equal(147.54m, invoice["amounts"]!["taxAmount"]!.GetValue<decimal>());
        Assert.All(invoice["lineItems"]!["nodes"]!.AsArray(), l => Assert.NotNull(l!["linkedProductOrService"]));

        var written = await sandbox.Http.GetFromJsonAsync<List<InvoiceView>>($"/sandbox/invoices?jobId={SandboxHost.CascadeJob1001}");
        var draft = Assert.Single(written!);
        Assert.Equal(["WH-50G-GAS", "LAB-TECH"], draft.Lines.Select(l => l.CatalogItemId));
        Assert.Equal(2180.04m, draft.Total);
    }

    [Fact]
    public async Task A_custom_line_with_no_product_is_taken_by_default_as_Jobber_takes_it_on_invoiceCreate_and_invoiceCreateLineItems()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var token = await sandbox.TokenAsync();

        var body = await sandbox.GraphQLAsync(token, CreateMutation, new
        {
            input = Input(new { name = "Technician labor", quantity = 1, cost = 125.0, taxable = false }, new { name = "Late fee", quantity = 1, cost = 27.5, taxable = false }),
        });
        var invoice = body["data"]!["invoiceCreate"]!["invoice"]!;
        var added = await sandbox.GraphQLAsync(token,
            "mutation($id: EncodedId!, $input: InvoiceCreateLineItemInput!) { invoiceCreateLineItems(invoiceId: $id, input: $input) { createdLineItems { name unitPrice linkedProductOrService { id } } userErrors { message } } }",
            new { id = invoice["id"]!.GetValue<string>(), input = new { lineItems = new[] { new { name = "Lien search", unitPrice = 40.0, quantity = 1.0, taxable = false, saveToProductsAndServices = false } } } });

        Assert.Empty(body["data"]!["invoiceCreate"]!["userErrors"]!.AsArray());
        var lines = invoice["lineItems"]!["nodes"]!.AsArray();
        Assert.NotNull(lines[0]!["linkedProductOrService"]);
        Assert.Equal("Late fee", lines[1]!["name"]!.GetValue<string>());
        Assert.Null(lines[1]!["linkedProductOrService"]);
        Assert.Equal(152.5m, invoice["amounts"]!["subtotal"]!.GetValue<decimal>());
        var payload = added["data"]!["invoiceCreateLineItems"]!;
        Assert.Empty(payload["userErrors"]!.AsArray());
        Assert.Null(payload["createdLineItems"]![0]!["linkedProductOrService"]);
        Assert.Equal(40m, payload["createdLineItems"]![0]!["unitPrice"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task InvoiceCreate_answers_userErrors_for_an_unknown_product_when_strict_a_negative_quantity_and_an_unknown_job()
    {
        // StrictCatalogLines is a test switch (off by default, as Jobber is): on, a line naming no product is refused.
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:StrictCatalogLines"] = "true" });
        var token = await sandbox.TokenAsync();

        var body = await sandbox.GraphQLAsync(token, CreateMutation, new
        {
            input = Input(
                new { name = "Flux capacitor", quantity = 1, cost = 10.0, taxable = true },
                new { name = "Technician labor", quantity = -2, cost = 125.0, taxable = false }),
        });
        var unknownJob = await sandbox.GraphQLAsync(token, CreateMutation, new
        {
            input = Input(new { name = "Technician labor", quantity = 1, cost = 125.0, taxable = false }) with { jobId = "Z2lkOi8vSm9iYmVyL0pvYi85OTk5OQ==" },
        });

        var payload = body["data"]!["invoiceCreate"]!;
        Assert.Null(payload["invoice"]);
        var errors = payload["userErrors"]!.AsArray().Select(e => string.Join('.', e!["path"]!.AsArray().Select(p => p!.GetValue<string>()))).ToList();
        Assert.Equal(["lineItems.0.name", "lineItems.1.quantity"], errors);
        Assert.Equal("jobId", unknownJob["data"]!["invoiceCreate"]!["userErrors"]![0]!["path"]![0]!.GetValue<string>());
        Assert.Empty((await sandbox.Http.GetFromJsonAsync<List<InvoiceView>>("/sandbox/invoices"))!);
    }

    [Fact]
    public async Task InvoiceEdit_and_invoiceEditLineItems_update_the_draft()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var token = await sandbox.TokenAsync();
        var created = await sandbox.GraphQLAsync(token, CreateMutation, new { input = Input(new { name = "Technician labor", quantity = 1, cost = 125.0, taxable = false }) });
        var invoice = created["data"]!["invoiceCreate"]!["invoice"]!;
        var invoiceId = invoice["id"]!.GetValue<string>();
        var lineId = invoice["lineItems"]!["nodes"]![0]!["id"]!.GetValue<string>();

        var edited = await sandbox.GraphQLAsync(token,
            "mutation($id: EncodedId!, $input: InvoiceEditInput!) { invoiceEdit(invoiceId: $id, input: $input) { invoice { subject } userErrors { message } } }",
            new { id = invoiceId, input = new { subject = "Water heater replacement" } });
        var lines = await sandbox.GraphQLAsync(token,
            "mutation($id: EncodedId!, $input: InvoiceEditLineItemsInput!) { invoiceEditLineItems(invoiceId: $id, input: $input) { invoice { amounts { subtotal } } userErrors { message } } }",
            new { id = invoiceId, input = new { lineItems = new[] { new { lineItemId = lineId, quantity = 2.5 } } } });

        Assert.Equal("Water heater replacement", edited["data"]!["invoiceEdit"]!["invoice"]!["subject"]!.GetValue<string>());
        Assert.Equal(312.5m, lines["data"]!["invoiceEditLineItems"]!["invoice"]!["amounts"]!["subtotal"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Deleting_a_line_and_sending_the_invoice_move_it_out_of_draft_and_sending_needs_a_recipient()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var token = await sandbox.TokenAsync();
        var created = (await sandbox.GraphQLAsync(token, CreateMutation, new
        {
            input = Input(
                new { name = "50 gal gas water heater", quantity = 1, cost = 1595.0, taxable = true },
                new { name = "Technician labor", quantity = 3.5, cost = 125.0, taxable = false }),
        }))["data"]!["invoiceCreate"]!["invoice"]!;
        var invoiceId = created["id"]!.GetValue<string>();
        var labor = created["lineItems"]!["nodes"]![1]!["id"]!.GetValue<string>();
        const string Delete = """
            mutation Delete($invoiceId: EncodedId!, $input: InvoiceDeleteLineItemsInput!) {
              invoiceDeleteLineItems(invoiceId: $invoiceId, input: $input) { deletedLineItems { id } invoice { id } userErrors { message path } }
            }
            """;
        const string Send = """
            mutation Send($input: WorkObjectSendEmailInput!) { workObjectSendEmail(input: $input) { message userErrors { message path } } }
            """;

        var deleted = (await sandbox.GraphQLAsync(token, Delete, new { invoiceId, input = new { lineItemIds = new[] { labor } } }))["data"]!["invoiceDeleteLineItems"]!;
        var missing = (await sandbox.GraphQLAsync(token, Delete, new { invoiceId, input = new { lineItemIds = new[] { labor } } }))["data"]!["invoiceDeleteLineItems"]!;
        var noRecipient = (await sandbox.GraphQLAsync(token, Send, new
        {
            input = new { type = "INVOICE_SENT", subject = "Invoice", message = "Thanks", recipients = Array.Empty<string>(), attachmentId = invoiceId, clientId = HelenPark },
        }))["data"]!["workObjectSendEmail"]!;
        var stillDraft = Assert.Single((await sandbox.Http.GetFromJsonAsync<List<InvoiceView>>("/sandbox/invoices"))!);
        var sent = (await sandbox.GraphQLAsync(token, Send, new
        {
            input = new { type = "INVOICE_SENT", subject = "Invoice", message = "Thanks", recipients = new[] { "helen@example.com" }, attachmentId = invoiceId, clientId = HelenPark },
        }))["data"]!["workObjectSendEmail"]!;
        var invoice = Assert.Single((await sandbox.Http.GetFromJsonAsync<List<InvoiceView>>("/sandbox/invoices"))!);

        Assert.Equal(labor, deleted["deletedLineItems"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("lineItemIds.0", string.Join('.', missing["userErrors"]![0]!["path"]!.AsArray().Select(p => p!.GetValue<string>())));
        Assert.Equal("recipients", noRecipient["userErrors"]![0]!["path"]![0]!.GetValue<string>());
        Assert.Equal("draft", stillDraft.InvoiceStatus);
        Assert.Empty(sent["userErrors"]!.AsArray());
        Assert.Equal("awaiting_payment", invoice.InvoiceStatus);
        Assert.Equal(["helen@example.com"], invoice.SentTo);
        Assert.Equal(["50 gal gas water heater"], invoice.Lines.Select(l => l.Name));
    }

    private const string CreateMutation = """
        mutation CreateDraft($input: InvoiceCreateInput!) {
          invoiceCreate(input: $input) {
            invoice {
              id invoiceStatus
              jobs(first: 1) { nodes { id } }
              amounts { subtotal taxAmount total }
              lineItems(first: 50) { nodes { id name quantity unitPrice linkedProductOrService { id name } } }
            }
            userErrors { message path }
          }
        }
        """;

    private sealed record CreateInput(string clientId, string jobId, string origin, object dueDetails, object tax, object[] lineItems);

    private static CreateInput Input(params object[] lines) =>
        new(HelenPark, SandboxHost.CascadeJob1001, "NEW_JOBBER_ONLINE", new { invoiceNet = 30 }, new { taxCalculationMethod = "EXCLUSIVE" }, lines);

    private static string Decode(string id) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(id));
}
