using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Closeout.Features.Audit;

/// <summary>
/// The chain's arithmetic: an entry's hash is SHA-256 over a canonical serialisation of (account, sequence, recorded time in
/// Unix ms, subject, action, actor, before, after, evidence, previous hash), written as one compact JSON array so no two
/// different entries serialise alike. Before, after and evidence are stored as canonical JSON text (object keys in ordinal
/// order, no whitespace) and hashed as that text, so any change to a stored byte changes the hash.
/// </summary>
internal static class AuditHash
{
    /// <summary>The previous hash of each account's first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string? Canonical(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Compute(
        string accountId, long sequence, long recordedAtMs, string subject, string action, string actor,
        string? before, string? after, string? evidence, string previousHash)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(accountId);
            writer.WriteNumberValue(sequence);
            writer.WriteNumberValue(recordedAtMs);
            writer.WriteStringValue(subject);
            writer.WriteStringValue(action);
            writer.WriteStringValue(actor);
            WriteNullable(writer, before);
            WriteNullable(writer, after);
            WriteNullable(writer, evidence);
            writer.WriteStringValue(previousHash);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
