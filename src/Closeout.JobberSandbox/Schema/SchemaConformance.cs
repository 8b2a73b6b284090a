using Closeout.JobberSandbox.GraphQL;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace Closeout.JobberSandbox;

/// <summary>
/// Checks the sandbox against Jobber's real schema (shared/jobber-schema.graphql, the 2023-01 snapshot): that the
/// sandbox SDL is a subset of it, and that an operation document is valid against it, so that what works against the
/// sandbox works against a real Jobber account.
/// </summary>
public static class SchemaConformance
{
    /// <summary>
    /// Fields Jobber added after the 2023-01 snapshot that the sandbox serves anyway; each is confirmed by
    /// shared/jobber-api.md ("Selected fields"; "Job.timesheetEntries" is named there as newer than the snapshot,
    /// and TimeSheetEntry lists "startAt endAt finalDuration"). Keep this the only place such exceptions live.
    /// </summary>
    public static IReadOnlySet<string> NewerThanSnapshot { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Job.timesheetEntries",
        "TimeSheetEntry.endAt",
    };

    /// <summary>The real schema's SDL: shared/jobber-schema.graphql beside the repository (the folder holding Closeout.slnx).</summary>
    public static string RealSchemaPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Closeout.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "jobber-schema.graphql"));
            }
        }

        throw new FileNotFoundException("Closeout.slnx not found above " + AppContext.BaseDirectory);
    }

    public static string SandboxSdl => SandboxSchema.Sdl;

    /// <summary>Every way the sandbox SDL differs from a subset of the real SDL; empty when it conforms.</summary>
    public static IReadOnlyList<string> SubsetDifferences(string sandboxSdl, string realSdl)
    {
        var real = Definitions(realSdl);
        var problems = new List<string>();
        foreach (var (name, definition) in Definitions(sandboxSdl))
        {
            if (!real.TryGetValue(name, out var counterpart))
            {
                problems.Add($"type {name}: not in the real schema");
                continue;
            }

            if (definition.GetType() != counterpart.GetType())
            {
                problems.Add($"type {name}: a {Kind(definition)} here, a {Kind(counterpart)} in the real schema");
                continue;
            }

            switch (definition)
            {
                case GraphQLObjectTypeDefinition o:
                    CompareFields(name, o.Fields?.Items, ((GraphQLObjectTypeDefinition)counterpart).Fields?.Items, problems);
                    break;
                case GraphQLInterfaceTypeDefinition i:
                    CompareFields(name, i.Fields?.Items, ((GraphQLInterfaceTypeDefinition)counterpart).Fields?.Items, problems);
                    break;
                case GraphQLInputObjectTypeDefinition input:
                    CompareInputs($"{name}", input.Fields?.Items, ((GraphQLInputObjectTypeDefinition)counterpart).Fields?.Items, problems);
                    break;
                case GraphQLEnumTypeDefinition e:
                    var values = ((GraphQLEnumTypeDefinition)counterpart).Values?.Items.Select(v => (string)v.Name.Value).ToHashSet(StringComparer.Ordinal) ?? [];
                    problems.AddRange(e.Values?.Items.Where(v => !values.Contains((string)v.Name.Value)).Select(v => $"enum {name}.{v.Name.Value}: not in the real schema") ?? []);
                    break;
                case GraphQLUnionTypeDefinition u:
                    var members = ((GraphQLUnionTypeDefinition)counterpart).Types?.Items.Select(t => (string)t.Name.Value).ToHashSet(StringComparer.Ordinal) ?? [];
                    problems.AddRange(u.Types?.Items.Where(t => !members.Contains((string)t.Name.Value)).Select(t => $"union {name}: member {t.Name.Value} not in the real schema") ?? []);
                    break;
            }
        }

        return problems;
    }

    private static void CompareFields(string type, IEnumerable<GraphQLFieldDefinition>? fields, IEnumerable<GraphQLFieldDefinition>? realFields, List<string> problems)
    {
        var real = realFields?.ToDictionary(f => (string)f.Name.Value, StringComparer.Ordinal) ?? [];
        foreach (var field in fields ?? [])
        {
            var path = $"{type}.{field.Name.Value}";
            if (!real.TryGetValue((string)field.Name.Value, out var counterpart))
            {
                if (!NewerThanSnapshot.Contains(path))
                {
                    problems.Add($"{path}: not in the real schema");
                }

                continue;
            }

            if (TypeText(field.Type) != TypeText(counterpart.Type))
            {
                problems.Add($"{path}: {TypeText(field.Type)} here, {TypeText(counterpart.Type)} in the real schema");
            }

            CompareInputs(path, field.Arguments?.Items, counterpart.Arguments?.Items, problems);
        }
    }

    private static void CompareInputs(string owner, IEnumerable<GraphQLInputValueDefinition>? values, IEnumerable<GraphQLInputValueDefinition>? realValues, List<string> problems)
    {
        var real = realValues?.ToDictionary(v => (string)v.Name.Value, StringComparer.Ordinal) ?? [];
        foreach (var value in values ?? [])
        {
            var path = $"{owner}({value.Name.Value})";
            if (!real.TryGetValue((string)value.Name.Value, out var counterpart))
            {
                problems.Add($"{path}: not in the real schema");
            }
            else if (TypeText(value.Type) != TypeText(counterpart.Type))
            {
                problems.Add($"{path}: {TypeText(value.Type)} here, {TypeText(counterpart.Type)} in the real schema");
            }
        }
    }

    private static Dictionary<string, ASTNode> Definitions(string sdl) =>
        Parser.Parse(sdl).Definitions
            .Select(d => (Name: d switch
            {
                GraphQLTypeDefinition t => (string)t.Name.Value,
                _ => null,
            }, Node: d))
            .Where(x => x.Name is not null)
            .ToDictionary(x => x.Name!, x => x.Node, StringComparer.Ordinal);

    private static string Kind(ASTNode node) => node.Kind.ToString();

    internal static string TypeText(GraphQLType type) => type switch
    {
        GraphQLNonNullType n => TypeText(n.Type) + "!",
        GraphQLListType l => "[" + TypeText(l.Type) + "]",
        GraphQLNamedType named => (string)named.Name.Value,
        _ => "?",
    };

    private static readonly Lazy<ISchema> Real = new(() => BuildValidationSchema(File.ReadAllText(RealSchemaPath())));

    /// <summary>The real schema, executable enough for validation (no resolvers; custom scalars accept any value).</summary>
    public static ISchema RealSchema => Real.Value;

    /// <summary>
    /// Validates an operation document (query or mutation text) against Jobber's real schema with graphql-dotnet's
    /// DocumentValidator; returns the error messages, empty when valid.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ValidateAgainstRealSchemaAsync(string document, IReadOnlyDictionary<string, object?>? variables = null)
    {
        GraphQLDocument parsed;
        try
        {
            parsed = Parser.Parse(document);
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException e)
        {
            return [e.Message];
        }

        var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = RealSchema,
            Document = parsed,
            Rules = DocumentValidator.CoreRules,
            // without variables only the document is checked; with them, their values are coerced too
            Operation = variables is null ? null! : parsed.Definitions.OfType<GraphQLOperationDefinition>().First(),
            Variables = variables is null ? Inputs.Empty : new Inputs(variables.ToDictionary(kv => kv.Key, kv => kv.Value)),
        }).ConfigureAwait(false);
        return result.IsValid ? [] : result.Errors.Select(e => e.Message).ToList();
    }

    internal static ISchema BuildValidationSchema(string sdl)
    {
        var builtIn = new HashSet<string>(StringComparer.Ordinal) { "String", "Int", "Float", "Boolean", "ID" };
        var scalars = Parser.Parse(sdl).Definitions.OfType<GraphQLScalarTypeDefinition>().Select(s => (string)s.Name.Value).Where(n => !builtIn.Contains(n)).ToList();
        // Closeout sends no subscriptions, and graphql-dotnet will not build a Subscription type without stream resolvers.
        sdl = System.Text.RegularExpressions.Regex.Replace(sdl, @"(?ms)^type Subscription \{.*?^\}\s*", "");
        var schema = global::GraphQL.Types.Schema.For(sdl, builder =>
        {
            builder.Types.ForAll(t => t.ResolveType = _ => null!);
        });
        foreach (var name in scalars)
        {
            schema.RegisterType(new OpaqueScalarGraphType(name));
        }

        schema.Initialize();
        return schema;
    }

    /// <summary>A custom scalar of the real schema, for validation only: takes any literal or value as is.</summary>
    private sealed class OpaqueScalarGraphType : ScalarGraphType
    {
        public OpaqueScalarGraphType(string name) => Name = name;

        public override object? ParseLiteral(GraphQLValue value) => value switch
        {
            GraphQLStringValue s => (string)s.Value,
            GraphQLIntValue i => (string)i.Value,
            GraphQLFloatValue f => (string)f.Value,
            GraphQLBooleanValue b => b.BoolValue,
            GraphQLNullValue => null,
            _ => value,
        };

        public override object? ParseValue(object? value) => value;

        public override object? Serialize(object? value) => value;
    }
}
