using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;

namespace Closeout.JobberSandbox.GraphQL;

/// <summary>
/// The sandbox's executable schema: built from the embedded SDL (Schema/jobber-sandbox.graphql), resolvers bound here.
/// Plain fields resolve by name from the domain objects; every *Connection field pages the list of the same name.
/// </summary>
internal static class SandboxSchema
{
    public const string ResourceName = "Closeout.JobberSandbox.Schema.jobber-sandbox.graphql";

    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    public static string Sdl { get; } = ReadSdl();

    public static ISchema Build()
    {
        var schema = Schema.For(Sdl, builder =>
        {
            foreach (var (typeName, fieldName) in ConnectionFields(Sdl))
            {
                builder.Types.For(typeName).FieldFor(fieldName).Resolver = PagedFromSource(fieldName);
            }

            BindQuery(builder.Types.For("Query"));
            InvoiceMutations.Bind(builder.Types.For("Mutation"));
            PaymentRecords.Bind(builder);
        });
        schema.RegisterType(new EncodedIdGraphType());
        schema.RegisterType(new Iso8601DateTimeGraphType());
        schema.RegisterType(new SecondsGraphType());
        schema.Initialize();
        return schema;
    }

    private static string ReadSdl()
    {
        using var stream = typeof(SandboxSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void BindQuery(global::GraphQL.Utilities.TypeConfig query)
    {
        query.FieldFor("account").Resolver = Resolve(ctx => Context(ctx).Account);
        query.FieldFor("job").Resolver = Resolve(ctx => Context(ctx).Account.FindJob(ctx.GetArgument<string>("id")));
        query.FieldFor("client").Resolver = Resolve(ctx => Context(ctx).Account.FindClient(ctx.GetArgument<string>("id")));
        query.FieldFor("invoice").Resolver = Resolve(ctx => Context(ctx).Account.FindInvoice(ctx.GetArgument<string>("id")));
        query.FieldFor("paymentRecord").Resolver = Resolve(ctx => Context(ctx).Account.FindPaymentRecord(ctx.GetArgument<string>("id")));
        query.FieldFor("visit").Resolver = Resolve(ctx => Context(ctx).Account.FindVisit(ctx.GetArgument<string>("id")));
        query.FieldFor("jobs").Resolver = Paged(ctx => Filters.Jobs(Context(ctx).Account.Jobs, ctx));
        query.FieldFor("clients").Resolver = Paged(ctx => Filters.Clients(Context(ctx).Account.Clients, ctx));
        query.FieldFor("invoices").Resolver = Paged(ctx => Filters.Invoices(Context(ctx).Account.Invoices, ctx));
        query.FieldFor("productOrServices").Resolver = Paged(ctx => Context(ctx).Account.ProductOrServices);
    }

    public static RequestContext Context(IResolveFieldContext context) =>
        context.UserContext as RequestContext ?? throw new InvalidOperationException("No sandbox request context");

    public static IFieldResolver Resolve(Func<IResolveFieldContext, object?> resolve) => new FuncFieldResolver<object>(resolve);

    public static IFieldResolver Paged(Func<IResolveFieldContext, IEnumerable> items) =>
        new FuncFieldResolver<object>(ctx =>
        {
            try
            {
                return Paging.Page(
                    items(ctx).Cast<object>().ToList(),
                    ctx.GetArgument<int?>("first"),
                    ctx.GetArgument<string?>("after"),
                    ctx.GetArgument<int?>("last"),
                    ctx.GetArgument<string?>("before"));
            }
            catch (ArgumentException e)
            {
                throw new ExecutionError(e.Message);
            }
        });

    private static IFieldResolver PagedFromSource(string fieldName) =>
        Paged(ctx =>
        {
            var source = ctx.Source ?? throw new InvalidOperationException($"{fieldName}: no source");
            var property = Properties.GetOrAdd((source.GetType(), fieldName), key =>
                key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase));
            return property?.GetValue(source) as IEnumerable
                ?? throw new InvalidOperationException($"{source.GetType().Name}.{fieldName}: no list to page");
        });

    /// <summary>(type, field) for every field of an object type (Query and Mutation aside) whose type is a *Connection.</summary>
    internal static IEnumerable<(string Type, string Field)> ConnectionFields(string sdl)
    {
        var document = Parser.Parse(sdl);
        foreach (var type in document.Definitions.OfType<GraphQLObjectTypeDefinition>())
        {
            var typeName = (string)type.Name.Value;
            if (typeName is "Query" or "Mutation")
            {
                continue;
            }

            foreach (var field in type.Fields?.Items ?? [])
            {
                if (NamedType(field.Type).EndsWith("Connection", StringComparison.Ordinal))
                {
                    yield return (typeName, (string)field.Name.Value);
                }
            }
        }
    }

    internal static string NamedType(GraphQLType type) => type switch
    {
        GraphQLNonNullType n => NamedType(n.Type),
        GraphQLListType l => NamedType(l.Type),
        GraphQLNamedType named => (string)named.Name.Value,
        _ => throw new InvalidOperationException("Unknown type node"),
    };
}
