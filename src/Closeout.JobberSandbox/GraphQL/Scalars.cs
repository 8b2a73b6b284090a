using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Closeout.JobberSandbox.GraphQL;

/// <summary>Jobber's <c>EncodedId</c>: an opaque string on the wire.</summary>
internal sealed class EncodedIdGraphType : ScalarGraphType
{
    public EncodedIdGraphType() => Name = "EncodedId";

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => (string)s.Value,
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        string s => s,
        null => null,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        string s => s,
        null => null,
        _ => ThrowSerializationError(value),
    };
}

/// <summary>Jobber's <c>ISO8601DateTime</c>: an ISO 8601 string with its UTC offset.</summary>
internal sealed class Iso8601DateTimeGraphType : ScalarGraphType
{
    public Iso8601DateTimeGraphType() => Name = "ISO8601DateTime";

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse((string)s.Value) ?? ThrowLiteralConversionError(value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        string s => Parse(s) ?? ThrowValueConversionError(value),
        DateTimeOffset d => d,
        null => null,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        string s => s,
        null => null,
        _ => ThrowSerializationError(value),
    };

    private static DateTimeOffset? Parse(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
}

/// <summary>Jobber's <c>Seconds</c>: a whole number of seconds.</summary>
internal sealed class SecondsGraphType : ScalarGraphType
{
    public SecondsGraphType() => Name = "Seconds";

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLIntValue i => long.Parse(i.Value, CultureInfo.InvariantCulture),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        int i => (long)i,
        long l => l,
        null => null,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        long l => l,
        int i => (long)i,
        null => null,
        _ => ThrowSerializationError(value),
    };
}
