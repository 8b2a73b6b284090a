using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Closeout.Infrastructure.Jobber;

/// <summary>Late fees in Jobber (Operations/LateFees.graphql): write the line or the fee invoice, and find one already written by its reference.</summary>
internal sealed class JobberLateFeeApi(JobberGraphQLClient client, IOptions<JobberOptions> options)
{
    /// <summary>Adds the fee line to the invoice; returns the new line's id.</summary>
    public async Task<Result<string>> AddLineAsync(string accountId, string invoiceId, JsonNode input, CancellationToken cancellationToken)
    {
        var payload = JobberApi.Payload(
            await client.MutateAsync(accountId, "CloseoutLateFeeLine", GraphQLDocuments.LateFees, new { invoiceId, input }, cancellationToken).ConfigureAwait(false),
            "invoiceCreateLineItems", "the late fee line");
        if (!payload.IsSuccess)
        {
            return payload.Failure!;
        }

        return payload.Value.TryGetProperty("createdLineItems", out var lines) && lines.ValueKind == JsonValueKind.Array && lines.GetArrayLength() > 0
            ? lines[0].GetProperty("id").GetString()!
            : Failure.Transient("Jobber answered invoiceCreateLineItems without the new line");
    }

    /// <summary>Creates the fee invoice for the client.</summary>
    public async Task<Result<CreatedInvoice>> CreateInvoiceAsync(string accountId, JsonNode input, CancellationToken cancellationToken)
    {
        var payload = JobberApi.Payload(
            await client.MutateAsync(accountId, "CloseoutLateFeeInvoice", GraphQLDocuments.LateFees, new { input }, cancellationToken).ConfigureAwait(false),
            "invoiceCreate", "the late fee invoice");
        if (!payload.IsSuccess)
        {
            return payload.Failure!;
        }

        return payload.Value.TryGetProperty("invoice", out var invoice) && invoice.ValueKind == JsonValueKind.Object
            ? new CreatedInvoice(invoice.GetProperty("id").GetString()!, invoice.TryGetProperty("invoiceNumber", out var n) ? n.GetString() : null)
            : Failure.Transient("Jobber answered invoiceCreate without an invoice");
    }

    /// <summary>The id of the invoice's line whose description carries <paramref name="reference"/>, or null.</summary>
    public async Task<Result<string?>> FindLineAsync(string accountId, string invoiceId, string reference, CancellationToken cancellationToken)
    {
        var found = await FindAsync(accountId, "CloseoutLateFeeLines", invoiceId, "invoice", "lineItems", "description", reference, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? Result.Ok(found.Value?.GetProperty("id").GetString()) : found.Failure!;
    }

    /// <summary>The client's invoice whose message carries <paramref name="reference"/>, or null.</summary>
    public async Task<Result<CreatedInvoice?>> FindInvoiceAsync(string accountId, string clientId, string reference, CancellationToken cancellationToken)
    {
        var found = await FindAsync(accountId, "CloseoutClientFeeInvoices", clientId, "client", "invoices", "message", reference, cancellationToken).ConfigureAwait(false);
        return !found.IsSuccess ? found.Failure!
            : Result.Ok(found.Value is { } i ? new CreatedInvoice(i.GetProperty("id").GetString()!, i.GetProperty("invoiceNumber").GetString()) : null);
    }

    /// <summary>Pages through one connection of an object for the node whose text field contains the reference.</summary>
    private async Task<Result<JsonElement?>> FindAsync(
        string accountId, string operation, string id, string root, string connection, string field, string reference, CancellationToken cancellationToken)
    {
        string? after = null;
        for (var pages = 1; pages <= options.Value.MaxPages; pages++)
        {
            var data = await client.QueryAsync(accountId, operation, GraphQLDocuments.LateFees, new { id, after }, cancellationToken).ConfigureAwait(false);
            if (!data.IsSuccess)
            {
                return data.Failure!;
            }

            if (!data.Value.TryGetProperty(root, out var owner) || owner.ValueKind != JsonValueKind.Object)
            {
                return Failure.Permanent($"Jobber has no {root} {id}");
            }

            var list = owner.GetProperty(connection);
            foreach (var node in list.GetProperty("nodes").EnumerateArray())
            {
                if (node.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String && text.GetString()!.Contains(reference, StringComparison.Ordinal))
                {
                    return Result.Ok<JsonElement?>(node.Clone());
                }
            }

            var info = list.GetProperty("pageInfo");
            if (!info.GetProperty("hasNextPage").GetBoolean())
            {
                return Result.Ok<JsonElement?>(null);
            }

            after = info.GetProperty("endCursor").GetString();
        }

        return Failure.Permanent($"The {root}'s {connection} run past {options.Value.MaxPages} pages");
    }
}
