using System.Text.Json.Nodes;

namespace Closeout.QuickBooksSandbox.Api;

internal sealed record QboError(string Code, string Message, string Detail, string Element = "");

/// <summary>
/// A QuickBooks fault: <c>{"Fault":{"Error":[{"Message","Detail","code","element"}],"type":"ValidationFault"},"time"}</c>
/// with its HTTP status (quickbooks-api.md, Errors).
/// </summary>
internal sealed record Fault(int Status, string Type, IReadOnlyList<QboError> Errors)
{
    public const string ValidationType = "ValidationFault";

    public static Fault Validation(string code, string message, string detail, string element = "") =>
        new(StatusCodes.Status400BadRequest, ValidationType, [new QboError(code, message, detail, element)]);

    public static Fault ObjectNotFound(string detail, string element = "") =>
        Validation("610", "Object Not Found", $"Object Not Found : {detail}", element);

    public static Fault RequiredMissing(string element) =>
        Validation("2020", "Required param missing, need to supply the required value for the API", $"Required parameter {element} is missing in the request", element);

    public static Fault InvalidEnumeration(string element, string? value) =>
        Validation("2170", "Invalid Enumeration", $"Invalid Enumeration : {value}", element);

    public static Fault InvalidReference(string element, string? value) =>
        Validation("2500", "Invalid Reference Id", $"Invalid Reference Id : {element} assigned is invalid: {value}", element);

    public static Fault Stale(string entity, string id) =>
        Validation("5010", "Stale Object Error", $"Stale Object Error : You and QuickBooks User were working on this at the same time. QuickBooks User finished before you did, so your work was not saved. ({entity} {id})");

    public static Fault Business(string detail, string element = "") =>
        Validation("6000", "A business validation error has occurred while processing your request", $"Business Validation Error: {detail}", element);

    public static Fault DuplicateName(string name) =>
        Validation("6240", "Duplicate Name Exists Error", $"The name supplied already exists. : Another customer, vendor or employee is already using this name ({name}). Please use a different name.", "DisplayName");

    public static Fault QueryParser(string detail) =>
        Validation("4000", "Error parsing query", $"QueryParserError: {detail}");

    public JsonObject ToJson() => new()
    {
        ["Error"] = new JsonArray([.. Errors.Select(e => (JsonNode)new JsonObject
        {
            ["Message"] = e.Message,
            ["Detail"] = e.Detail,
            ["code"] = e.Code,
            ["element"] = e.Element,
        })]),
        ["type"] = Type,
    };
}

/// <summary>Either a record (as returned, under its entity name) or a fault.</summary>
internal sealed record Outcome(JsonObject? Record, Fault? Fault)
{
    public static implicit operator Outcome(Fault fault) => new(null, fault);

    public static Outcome Of(JsonObject record) => new(record, null);
}
