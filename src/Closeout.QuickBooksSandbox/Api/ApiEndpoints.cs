using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Company;
using Closeout.QuickBooksSandbox.Limits;
using Microsoft.Extensions.Options;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>The Accounting API under /v3/company/{realmId}: records, query, CDC, batch, taxservice, company info.</summary>
internal static class ApiEndpoints
{
    public static IServiceCollection AddQuickBooksApi(this IServiceCollection services) =>
        services.AddSingleton<Books>().AddSingleton<Throttle>();

    public static IEndpointRouteBuilder MapQuickBooksApi(this IEndpointRouteBuilder endpoints)
    {
        var company = endpoints.MapGroup("/v3/company/{realmId}");
        company.MapGet("/query", Query);
        company.MapPost("/query", Query).DisableAntiforgery();
        company.MapGet("/cdc", Cdc);
        company.MapPost("/batch", Batch).DisableAntiforgery();
        company.MapPost("/taxservice/taxcode", CreateTaxCode).DisableAntiforgery();
        company.MapGet("/companyinfo/{id}", CompanyInfo);
        company.MapGet("/preferences", Preferences);
        company.MapGet("/{entity}/{id}", Read);
        company.MapPost("/{entity}", Write).DisableAntiforgery();
        return endpoints;
    }

    private static Task Read(HttpContext http, string realmId, string entity, string id) =>
        ApiPipeline.RunAsync(http, realmId, replayable: false, batch: false, realm =>
        {
            var name = EntityNames.Resolve(entity);
            return Task.FromResult(name is null
                ? ApiResult.From(Unsupported(entity))
                : ApiResult.From(name, Books.Read(realm, name, id)));
        });

    private static Task Write(HttpContext http, string realmId, string entity) =>
        ApiPipeline.RunAsync(http, realmId, replayable: true, batch: false, async realm =>
        {
            var name = EntityNames.Resolve(entity);
            if (name is null)
            {
                return ApiResult.From(Unsupported(entity));
            }

            var (body, error) = await ApiPipeline.ReadObjectAsync(http.Request).ConfigureAwait(false);
            if (body is null)
            {
                return error!;
            }

            var include = ApiPipeline.Include(http.Request);
            var operation = Books.OperationOf(http.Request.Query["operation"].ToString(), include, body);
            return ApiResult.From(name, http.RequestServices.GetRequiredService<Books>().Write(realm, name, operation, body, include));
        });

    private static Task Query(HttpContext http, string realmId) =>
        ApiPipeline.RunAsync(http, realmId, replayable: false, batch: false, async realm =>
        {
            var text = http.Request.Query["query"].ToString();
            if (HttpMethods.IsPost(http.Request.Method))
            {
                using var reader = new StreamReader(http.Request.Body);
                text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
            }

            var (spec, fault) = QueryLanguage.Parse(text);
            return spec is null
                ? ApiResult.From(fault!)
                : ApiResult.Ok(new JsonObject { ["QueryResponse"] = QueryLanguage.Run(realm, spec, HidesInactive(http)) });
        });

    private static Task Cdc(HttpContext http, string realmId) =>
        ApiPipeline.RunAsync(http, realmId, replayable: false, batch: false, realm =>
        {
            var services = http.RequestServices;
            var (response, fault) = ChangeDataCapture.Run(
                realm, http.Request.Query["entities"].ToString(), http.Request.Query["changedSince"].ToString(),
                services.GetRequiredService<SandboxClock>().GetUtcNow(), services.GetRequiredService<IOptionsMonitor<QuickBooksSandboxOptions>>().CurrentValue);
            return Task.FromResult(response is null ? ApiResult.From(fault!) : ApiResult.Ok(new JsonObject { ["CDCResponse"] = response }));
        });

    private static Task CreateTaxCode(HttpContext http, string realmId) =>
        ApiPipeline.RunAsync(http, realmId, replayable: true, batch: false, async realm =>
        {
            var (body, error) = await ApiPipeline.ReadObjectAsync(http.Request).ConfigureAwait(false);
            if (body is null)
            {
                return error!;
            }

            var outcome = TaxService.CreateTaxCode(realm, body, http.RequestServices.GetRequiredService<SandboxClock>().GetUtcNow());
            return outcome.Fault is { } fault ? ApiResult.From(fault) : ApiResult.Ok(outcome.Record!);
        });

    private static Task CompanyInfo(HttpContext http, string realmId, string id) =>
        ApiPipeline.RunAsync(http, realmId, replayable: false, batch: false, realm => Task.FromResult(id != realm.Id
            ? ApiResult.From(Fault.ObjectNotFound($"CompanyInfo {id} was not found", "Id"))
            : ApiResult.Ok(new JsonObject
            {
                ["CompanyInfo"] = new JsonObject
                {
                    ["Id"] = realm.Id,
                    ["SyncToken"] = "0",
                    ["domain"] = "QBO",
                    ["CompanyName"] = realm.CompanyName,
                    ["LegalName"] = realm.CompanyName,
                    ["Country"] = "US",
                    ["SupportedLanguages"] = "en",
                },
            })));

    private static Task Preferences(HttpContext http, string realmId) =>
        ApiPipeline.RunAsync(http, realmId, replayable: false, batch: false, realm => Task.FromResult(ApiResult.Ok(new JsonObject
        {
            ["Preferences"] = new JsonObject
            {
                ["Id"] = "1",
                ["SyncToken"] = "0",
                ["domain"] = "QBO",
                ["TaxPrefs"] = new JsonObject { ["UsingSalesTax"] = true, ["PartnerTaxEnabled"] = realm.AutomatedSalesTax },
                ["SalesFormsPrefs"] = new JsonObject
                {
                    ["CustomTxnNumbers"] = false,
                    ["WarnDuplicateDocNumber"] = http.RequestServices.GetRequiredService<IOptionsMonitor<QuickBooksSandboxOptions>>().CurrentValue.WarnDuplicateDocNumber,
                },
                ["CurrencyPrefs"] = new JsonObject { ["MultiCurrencyEnabled"] = false, ["HomeCurrency"] = new JsonObject { ["value"] = "USD" } },
            },
        })));

    /// <summary>
    /// Each item succeeds or fails on its own, in order; an item cannot see records created earlier in the same
    /// batch. With a requestid the batch is replayed whole; its bIds must then be at most 10 characters.
    /// </summary>
    private static Task Batch(HttpContext http, string realmId) =>
        ApiPipeline.RunAsync(http, realmId, replayable: true, batch: true, async realm =>
        {
            var (body, error) = await ApiPipeline.ReadObjectAsync(http.Request).ConfigureAwait(false);
            if (body is null)
            {
                return error!;
            }

            var services = http.RequestServices;
            var options = services.GetRequiredService<IOptionsMonitor<QuickBooksSandboxOptions>>().CurrentValue;
            if (body["BatchItemRequest"] is not JsonArray items)
            {
                return ApiResult.From(Fault.RequiredMissing("BatchItemRequest"));
            }

            if (items.Count > options.MaxBatchItems)
            {
                return ApiResult.From(Fault.Business($"A batch holds at most {options.MaxBatchItems} items; this one has {items.Count}", "BatchItemRequest"));
            }

            var withRequestId = !string.IsNullOrEmpty(http.Request.Query["requestid"]);
            if (withRequestId && items.Any(i => (Qbo.Text(i?["bId"])?.Length ?? 0) > 10))
            {
                return ApiResult.From(Fault.Business("With a requestid, each bId must be at most 10 characters", "bId"));
            }

            var books = services.GetRequiredService<Books>();
            var created = new HashSet<string>(StringComparer.Ordinal);
            var responses = new JsonArray();
            foreach (var node in items)
            {
                var item = node as JsonObject ?? [];
                var response = new JsonObject { ["bId"] = Qbo.Text(item["bId"]) };
                var outcome = BatchItem(books, realm, item, created, options.QueryHidesInactive);
                if (outcome.Fault is not null)
                {
                    response["Fault"] = outcome.Fault.ToJson();
                }
                else
                {
                    foreach (var (key, value) in outcome.Record!)
                    {
                        response[key] = value?.DeepClone();
                    }
                }

                responses.Add(response);
            }

            return ApiResult.Ok(new JsonObject { ["BatchItemResponse"] = responses });
        });

    /// <summary>One batch item's answer: <c>{"Customer":{…}}</c>, <c>{"QueryResponse":{…}}</c>, or a fault.</summary>
    private static Outcome BatchItem(Books books, Realm realm, JsonObject item, HashSet<string> created, bool hideInactive)
    {
        if (Qbo.Text(item["bId"]) is null)
        {
            return Fault.RequiredMissing("bId");
        }

        if (item.ContainsKey("Query"))
        {
            var (spec, fault) = QueryLanguage.Parse(Qbo.Text(item["Query"]));
            if (spec is null)
            {
                return fault!;
            }

            // Batch items cannot see each other: a query does not see records created earlier in the batch.
            var result = QueryLanguage.Run(realm, spec, hideInactive);
            if (result[spec.Entity] is JsonArray found)
            {
                var visible = found.Where(r => !created.Contains(Qbo.Id(r)!)).Select(r => r!.DeepClone()).ToList();
                result[spec.Entity] = new JsonArray([.. visible]);
                result["maxResults"] = visible.Count;
                result["totalCount"] = visible.Count;
            }

            return Outcome.Of(new JsonObject { ["QueryResponse"] = result });
        }

        var entity = item.Select(p => EntityNames.Resolve(p.Key)).FirstOrDefault(e => e is not null);
        if (entity is null || item[entity] is not JsonObject body)
        {
            return Fault.RequiredMissing("an entity (Customer, Invoice, …) or Query");
        }

        var include = (Qbo.Text(item["optionsData"]) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var operation = Books.OperationOf(Qbo.Text(item["operation"]), include, body);
        if (operation is "send" or "merge" or "revert")
        {
            return Fault.Business($"Batch operation {operation} is not emulated by the sandbox", "operation");
        }

        var outcome = books.Write(realm, entity, operation, body, include, created);
        return outcome.Fault is not null ? outcome : Outcome.Of(new JsonObject { [entity] = outcome.Record });
    }

    private static bool HidesInactive(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptionsMonitor<QuickBooksSandboxOptions>>().CurrentValue.QueryHidesInactive;

    private static Fault Unsupported(string entity) =>
        Fault.Validation("2010", "Unsupported entity", $"The sandbox does not serve the entity '{entity}'", "entity");
}
