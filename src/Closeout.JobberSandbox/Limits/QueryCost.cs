using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Closeout.JobberSandbox.Limits;

/// <summary>
/// Jobber's requested query cost (jobber-api.md, Limits): every field costs 1 except <c>edges</c>, <c>nodes</c> and
/// <c>node</c> (0); a connection multiplies the cost of what is selected inside it by its <c>first</c>/<c>last</c>,
/// or by 100 when neither is given.
/// </summary>
internal static class QueryCost
{
    public const int DefaultPageSize = 100;

    public static int Requested(ISchema schema, GraphQLDocument document, string? operationName, Inputs? variables)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = operationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.Find(o => o.Name is { } n && (string)n.Value == operationName);
        if (operation is null)
        {
            return 0;
        }

        var root = operation.Operation == OperationType.Mutation ? schema.Mutation : schema.Query;
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .ToDictionary(f => (string)f.FragmentName.Name.Value, StringComparer.Ordinal);
        var walker = new Walker(schema, fragments, variables);
        return root is null ? 0 : (int)Math.Min(int.MaxValue, walker.Cost(operation.SelectionSet, root, 0));
    }

    private sealed class Walker(ISchema schema, Dictionary<string, GraphQLFragmentDefinition> fragments, Inputs? variables)
    {
        private const int MaxDepth = 64;

        public long Cost(GraphQLSelectionSet? selections, IGraphType parent, int depth)
        {
            if (selections is null || depth > MaxDepth)
            {
                return 0;
            }

            long total = 0;
            foreach (var selection in selections.Selections)
            {
                total += selection switch
                {
                    GraphQLField field => FieldCost(field, parent, depth),
                    GraphQLInlineFragment inline => Cost(inline.SelectionSet, TypeNamed(inline.TypeCondition?.Type.Name.Value.ToString()) ?? parent, depth + 1),
                    GraphQLFragmentSpread spread when fragments.TryGetValue((string)spread.FragmentName.Name.Value, out var fragment) =>
                        Cost(fragment.SelectionSet, TypeNamed((string)fragment.TypeCondition.Type.Name.Value) ?? parent, depth + 1),
                    _ => 0,
                };
            }

            return total;
        }

        private long FieldCost(GraphQLField field, IGraphType parent, int depth)
        {
            var name = (string)field.Name.Value;
            if (name.StartsWith("__", StringComparison.Ordinal))
            {
                return 0;
            }

            var own = name is "edges" or "nodes" or "node" ? 0 : 1;
            var definition = (parent as IComplexGraphType)?.GetField(name);
            var type = definition?.ResolvedType?.GetNamedType();
            if (type is null)
            {
                return own;
            }

            var multiplier = type.Name.EndsWith("Connection", StringComparison.Ordinal)
                ? PageSize(field, "first") ?? PageSize(field, "last") ?? DefaultPageSize
                : 1;
            return own + (multiplier * Cost(field.SelectionSet, type, depth + 1));
        }

        private IGraphType? TypeNamed(string? name) => name is null ? null : schema.AllTypes[name];

        private int? PageSize(GraphQLField field, string argument)
        {
            var value = field.Arguments?.Items.FirstOrDefault(a => (string)a.Name.Value == argument)?.Value;
            return value switch
            {
                GraphQLIntValue i => int.TryParse(i.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Max(n, 0) : null,
                GraphQLVariable v => variables?.TryGetValue((string)v.Name.Value, out var raw) == true && raw is not null
                    ? Math.Max(Convert.ToInt32(raw, CultureInfo.InvariantCulture), 0)
                    : null,
                _ => null,
            };
        }
    }
}
