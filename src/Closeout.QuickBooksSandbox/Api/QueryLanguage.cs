using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Closeout.QuickBooksSandbox.Company;

namespace Closeout.QuickBooksSandbox.Api;

internal enum Comparison
{
    Equal,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
    In,
    Like,
}

internal sealed record Condition(string Path, Comparison Op, IReadOnlyList<string> Values);

internal sealed record Ordering(string Path, bool Descending);

internal sealed record QuerySpec(bool Count, string Entity, IReadOnlyList<Condition> Where, IReadOnlyList<Ordering> OrderBy, int StartPosition, int MaxResults);

/// <summary>
/// QuickBooks' query subset: <c>SELECT * | COUNT(*) FROM Entity [WHERE p op v [AND …]] [ORDERBY p [ASC|DESC], …]
/// [STARTPOSITION n] [MAXRESULTS n]</c> with =, &lt;, &gt;, &lt;=, &gt;=, IN (…), LIKE ('%' only). No OR, joins,
/// projections or GROUP BY. Keywords, entity and field names are case-insensitive (the tolerant reading).
/// A statement outside it is fault 4000 "Error parsing query".
/// </summary>
internal static partial class QueryLanguage
{
    public const int DefaultMaxResults = 100;
    public const int MaxMaxResults = 1000;

    public static (QuerySpec? Spec, Fault? Fault) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, Fault.QueryParser("The query provided was empty"));
        }

        try
        {
            return (new Parser(Tokenize(text)).Statement(), null);
        }
        catch (FormatException e)
        {
            return (null, Fault.QueryParser(e.Message));
        }
    }

    /// <summary>Lists whose inactive records a query leaves out unless its WHERE names Active (e.g. <c>Active IN (true, false)</c>).</summary>
    private static readonly string[] ActiveByDefault = [EntityNames.Customer, EntityNames.Vendor, EntityNames.Employee, EntityNames.Item, EntityNames.Account];

    public static JsonObject Run(Realm realm, QuerySpec spec, bool hideInactive)
    {
        var activeOnly = hideInactive && ActiveByDefault.Contains(spec.Entity, StringComparer.Ordinal)
            && !spec.Where.Any(c => string.Equals(c.Path, "Active", StringComparison.OrdinalIgnoreCase));
        var matches = realm.All(spec.Entity)
            .Where(r => !activeOnly || Qbo.Bool(r["Active"]) != false)
            .Select(r => Books.Output(realm, spec.Entity, r))
            .Where(r => spec.Where.All(c => Matches(realm, r, c)))
            .ToList();
        if (spec.Count)
        {
            return new JsonObject { ["totalCount"] = matches.Count };
        }

        matches.Sort((a, b) =>
        {
            foreach (var order in spec.OrderBy)
            {
                var compared = Compare(realm, Field(a, order.Path), Qbo.Text(Field(b, order.Path))) ?? 0;
                if (compared != 0)
                {
                    return order.Descending ? -compared : compared;
                }
            }

            return long.Parse(Qbo.Id(a)!, CultureInfo.InvariantCulture).CompareTo(long.Parse(Qbo.Id(b)!, CultureInfo.InvariantCulture));
        });

        var page = matches.Skip(spec.StartPosition - 1).Take(spec.MaxResults).ToList();
        if (page.Count == 0)
        {
            return [];
        }

        return new JsonObject
        {
            [spec.Entity] = new JsonArray([.. page]),
            ["startPosition"] = spec.StartPosition,
            ["maxResults"] = page.Count,
            ["totalCount"] = page.Count,
        };
    }

    /// <summary>
    /// A dotted path (MetaData.LastUpdatedTime, CustomerRef) read case-insensitively; a reference compares by its
    /// value, an email address or phone by its Address or FreeFormNumber.
    /// </summary>
    private static JsonNode? Field(JsonObject record, string path)
    {
        JsonNode? node = record;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value : null;
        }

        return node is JsonObject compound
            ? compound["value"] ?? compound["Address"] ?? compound["FreeFormNumber"] ?? compound
            : node;
    }

    private static bool Matches(Realm realm, JsonObject record, Condition condition)
    {
        var field = Field(record, condition.Path);
        return condition.Op switch
        {
            Comparison.In => condition.Values.Any(v => Compare(realm, field, v) == 0),
            Comparison.Like => Qbo.Text(field) is { } text && Like(condition.Values[0]).IsMatch(text),
            _ => Compare(realm, field, condition.Values[0]) is { } c && condition.Op switch
            {
                Comparison.Equal => c == 0,
                Comparison.Less => c < 0,
                Comparison.Greater => c > 0,
                Comparison.LessOrEqual => c <= 0,
                _ => c >= 0,
            },
        };
    }

    /// <summary>Numbers as numbers, times as instants (a date without offset is in the company's zone), else text ignoring case. Null is ' '.</summary>
    private static int? Compare(Realm realm, JsonNode? field, string? literal)
    {
        var text = Qbo.Text(field);
        if (literal is null)
        {
            return text is null ? 0 : 1;
        }

        if (text is null)
        {
            return literal.Trim().Length == 0 ? 0 : null;
        }

        const NumberStyles number = NumberStyles.Number | NumberStyles.AllowExponent;
        if (decimal.TryParse(text, number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(literal, number, CultureInfo.InvariantCulture, out var b))
        {
            return a.CompareTo(b);
        }

        if (Instant(realm, text) is { } x && Instant(realm, literal) is { } y)
        {
            return x.CompareTo(y);
        }

        return string.Compare(text, literal, StringComparison.OrdinalIgnoreCase);
    }

    private static DateTimeOffset? Instant(Realm realm, string text)
    {
        if (text.Length < 10 || !char.IsAsciiDigit(text[0]) || text[4] != '-')
        {
            return null;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out var parsed))
        {
            return null;
        }

        return parsed.Kind switch
        {
            DateTimeKind.Unspecified => new DateTimeOffset(parsed, realm.Zone.GetUtcOffset(parsed)),
            _ => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset) ? withOffset : null,
        };
    }

    private static Regex Like(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('%').Select(Regex.Escape)) + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private enum TokenKind
    {
        Word,
        Text,
        Symbol,
    }

    private sealed record Token(TokenKind Kind, string Value, int Column);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var start = i++;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException($"Lexical error at line 1, column {start + 1}. Unterminated string literal");
                    }

                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        value.Append(text[i + 1]);
                        i += 2;
                    }
                    else if (text[i] == '\'')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        value.Append(text[i++]);
                    }
                }

                tokens.Add(new Token(TokenKind.Text, value.ToString(), start + 1));
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '-')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-' or ':'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i], start + 1));
            }
            else if (c is '<' or '>' && i + 1 < text.Length && text[i + 1] == '=')
            {
                tokens.Add(new Token(TokenKind.Symbol, text.Substring(i, 2), i + 1));
                i += 2;
            }
            else if (c is '*' or '(' or ')' or ',' or '=' or '<' or '>')
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), i + 1));
                i++;
            }
            else
            {
                throw new FormatException($"Invalid content. Lexical error at line 1, column {i + 1}. Encountered: \"{c}\"");
            }
        }

        return tokens;
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _at;

        public QuerySpec Statement()
        {
            Keyword("select");
            bool count;
            if (TrySymbol("*"))
            {
                count = false;
            }
            else if (TryKeyword("count"))
            {
                Symbol("(");
                Symbol("*");
                Symbol(")");
                count = true;
            }
            else
            {
                throw Unexpected("\"*\" or \"count(*)\" (projections are not supported)");
            }

            Keyword("from");
            var entityToken = Next("an entity name");
            var entity = EntityNames.Resolve(entityToken.Value) ?? throw new FormatException($"Unknown entity \"{entityToken.Value}\" at line 1, column {entityToken.Column}");
            if (Peek()?.Value == ",")
            {
                throw Unexpected("one entity (querying several entities is not supported)");
            }

            var where = new List<Condition>();
            if (TryKeyword("where"))
            {
                do
                {
                    where.Add(Condition());
                    if (Peek() is { Kind: TokenKind.Word } or_ && or_.Value.Equals("or", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Unexpected("AND (OR is not supported)");
                    }
                }
                while (TryKeyword("and"));
            }

            var orderBy = new List<Ordering>();
            if (TryKeyword("orderby") || (TryKeyword("order") && Keyword("by")))
            {
                do
                {
                    var path = Next("a field").Value;
                    var descending = TryKeyword("desc");
                    if (!descending)
                    {
                        TryKeyword("asc");
                    }

                    orderBy.Add(new Ordering(path, descending));
                }
                while (TrySymbol(","));
            }

            var start = TryKeyword("startposition") ? Integer() : 1;
            var max = TryKeyword("maxresults") ? Integer() : DefaultMaxResults;
            if (Peek() is { } extra)
            {
                throw new FormatException($"Encountered \"{extra.Value}\" at line 1, column {extra.Column}. Was expecting one of: <EOF>, AND, ORDERBY, STARTPOSITION, MAXRESULTS");
            }

            return new QuerySpec(count, entity, where, orderBy, Math.Max(1, start), Math.Clamp(max, 1, MaxMaxResults));
        }

        private Condition Condition()
        {
            var path = Next("a field");
            if (path.Kind != TokenKind.Word)
            {
                throw Unexpected("a field", path);
            }

            if (TryKeyword("in"))
            {
                Symbol("(");
                var values = new List<string> { Value() };
                while (TrySymbol(","))
                {
                    values.Add(Value());
                }

                Symbol(")");
                return new Condition(path.Value, Comparison.In, values);
            }

            if (TryKeyword("like"))
            {
                var pattern = Next("a quoted pattern");
                return pattern.Kind == TokenKind.Text ? new Condition(path.Value, Comparison.Like, [pattern.Value]) : throw Unexpected("a quoted pattern", pattern);
            }

            var op = Next("an operator");
            var comparison = op.Kind != TokenKind.Symbol ? (Comparison?)null : op.Value switch
            {
                "=" => Api.Comparison.Equal,
                "<" => Api.Comparison.Less,
                ">" => Api.Comparison.Greater,
                "<=" => Api.Comparison.LessOrEqual,
                ">=" => Api.Comparison.GreaterOrEqual,
                _ => null,
            };
            return comparison is { } known ? new Condition(path.Value, known, [Value()]) : throw Unexpected("=, <, >, <=, >=, IN or LIKE", op);
        }

        private string Value()
        {
            var token = Next("a value");
            return token.Kind is TokenKind.Text or TokenKind.Word ? token.Value : throw Unexpected("a value", token);
        }

        private int Integer()
        {
            var token = Next("a number");
            return int.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Unexpected("a number", token);
        }

        private Token? Peek() => _at < tokens.Count ? tokens[_at] : null;

        private Token Next(string expected) => _at < tokens.Count ? tokens[_at++] : throw new FormatException($"Encountered \"<EOF>\". Was expecting {expected}");

        private bool TryKeyword(string keyword)
        {
            if (Peek() is { Kind: TokenKind.Word } token && token.Value.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                _at++;
                return true;
            }

            return false;
        }

        private bool Keyword(string keyword) => TryKeyword(keyword) ? true : throw Unexpected($"\"{keyword}\"");

        private bool TrySymbol(string symbol)
        {
            if (Peek() is { Kind: TokenKind.Symbol } token && token.Value == symbol)
            {
                _at++;
                return true;
            }

            return false;
        }

        private void Symbol(string symbol)
        {
            if (!TrySymbol(symbol))
            {
                throw Unexpected($"\"{symbol}\"");
            }
        }

        private FormatException Unexpected(string expected, Token? token = null)
        {
            token ??= Peek();
            return token is null
                ? new FormatException($"Encountered \"<EOF>\". Was expecting {expected}")
                : new FormatException($"Encountered \"{token.Value}\" at line 1, column {token.Column}. Was expecting {expected}");
        }
    }
}
