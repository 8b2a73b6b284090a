using System.Text.Json;
using System.Text.Json.Nodes;

namespace Closeout.SecondOpinion.Review;

/// <summary>What the model is asked to answer, as parsed: nothing here is trusted until validated.</summary>
internal sealed record ReviewAnswer(
    IReadOnlyList<Proposal> Proposals,
    IReadOnlyList<ProposedFlag> Flags,
    IReadOnlyList<LineDescription> Descriptions,
    bool PriceOffered);

/// <summary>The JSON schema of <see cref="ReviewAnswer"/>, strict enough for OpenAI's structured outputs, and its parser.</summary>
internal static class ReviewAnswerSchema
{
    public const string Name = "closeout_second_opinion";

    public static JsonElement Schema { get; } = JsonDocument.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["proposals", "flags", "descriptions"],
          "properties": {
            "proposals": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["action", "itemId", "quantity", "quote", "reason"],
                "properties": {
                  "action": { "type": "string", "enum": ["add", "remove", "requantify"] },
                  "itemId": { "type": "string", "description": "The id of a catalog item from the candidates." },
                  "quantity": { "type": "number", "description": "The quantity to bill, in the item's unit (0 for remove)." },
                  "quote": { "type": "string", "description": "The exact words of a note that show it; copied, not paraphrased." },
                  "reason": { "type": "string" }
                }
              }
            },
            "flags": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["kind", "message", "quote"],
                "properties": {
                  "kind": { "type": "string", "enum": ["declined", "customer_supplied", "warranty", "not_in_catalog", "ambiguous", "no_labor_recorded"] },
                  "message": { "type": "string" },
                  "quote": { "type": "string" }
                }
              }
            },
            "descriptions": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["itemId", "description"],
                "properties": {
                  "itemId": { "type": "string" },
                  "description": { "type": "string", "description": "A short customer-friendly line description, without prices." }
                }
              }
            }
          }
        }
        """).RootElement.Clone();

    private static readonly string[] PriceWords = ["price", "unitprice", "unit_price", "cost", "total", "amount", "rate"];

    /// <summary>The answer, or what is wrong with it in words a model can act on.</summary>
    public static (ReviewAnswer? Answer, IReadOnlyList<string> Errors) Parse(string? text)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, ["The answer was empty."]);
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(StripFence(text)) as JsonObject;
        }
        catch (JsonException e)
        {
            return (null, [$"The answer is not valid JSON ({e.Message})."]);
        }

        if (root is null)
        {
            return (null, ["The answer must be one JSON object with proposals, flags and descriptions."]);
        }

        var priceOffered = false;
        var proposals = new List<Proposal>();
        foreach (var (node, i) in Array(root, "proposals", errors))
        {
            priceOffered |= node.Select(p => p.Key).Any(IsPriceWord);
            var action = Text(node, "action");
            var parsed = action switch
            {
                "add" => ProposalAction.Add,
                "remove" => ProposalAction.Remove,
                "requantify" => ProposalAction.Requantify,
                _ => (ProposalAction?)null,
            };
            if (parsed is null)
            {
                errors.Add($"proposals[{i}].action must be add, remove or requantify, not '{action}'.");
            }

            var itemId = Text(node, "itemId");
            if (string.IsNullOrWhiteSpace(itemId))
            {
                errors.Add($"proposals[{i}].itemId is missing.");
            }

            decimal? quantity = null;
            if (node["quantity"] is JsonValue q && q.TryGetValue<decimal>(out var d))
            {
                quantity = d;
            }
            else if (parsed is not ProposalAction.Remove)
            {
                errors.Add($"proposals[{i}].quantity must be a number.");
            }

            if (parsed is { } a && !string.IsNullOrWhiteSpace(itemId) && (quantity is not null || a == ProposalAction.Remove))
            {
                proposals.Add(new Proposal(a, itemId, quantity ?? 0m, Text(node, "quote") ?? string.Empty, Text(node, "reason") ?? string.Empty));
            }
        }

        var flags = Array(root, "flags", errors)
            .Select(x => new ProposedFlag(Text(x.Node, "kind") ?? string.Empty, Text(x.Node, "message") ?? string.Empty, Text(x.Node, "quote") ?? string.Empty))
            .ToList();
        var descriptions = Array(root, "descriptions", errors)
            .Select(x => new LineDescription(Text(x.Node, "itemId") ?? string.Empty, Text(x.Node, "description") ?? string.Empty))
            .ToList();
        return errors.Count > 0 ? (null, errors) : (new ReviewAnswer(proposals, flags, descriptions, priceOffered), errors);
    }

    private static bool IsPriceWord(string key) => PriceWords.Contains(key.ToLowerInvariant());

    private static List<(JsonObject Node, int Index)> Array(JsonObject root, string name, List<string> errors)
    {
        switch (root[name])
        {
            case null:
                errors.Add($"'{name}' is missing (use [] when there is nothing).");
                return [];
            case JsonArray array:
                var items = new List<(JsonObject, int)>();
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject o)
                    {
                        items.Add((o, i));
                    }
                    else
                    {
                        errors.Add($"{name}[{i}] must be an object.");
                    }
                }

                return items;
            default:
                errors.Add($"'{name}' must be an array.");
                return [];
        }
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // Some servers wrap JSON in a markdown fence even when asked for a schema.
    private static string StripFence(string text)
    {
        var t = text.Trim();
        if (!t.StartsWith("```", StringComparison.Ordinal))
        {
            return t;
        }

        var firstLine = t.IndexOf('\n', StringComparison.Ordinal);
        var end = t.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && end > firstLine ? t[(firstLine + 1)..end] : t;
    }
}
