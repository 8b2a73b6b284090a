using System.CommandLine;
using System.Globalization;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Secrets;

/// <summary>
/// <c>closeout secrets set NAME</c> (the value read from standard input, never from the command line, where shell
/// history and process lists would keep it), <c>closeout secrets list</c> (names only) and <c>closeout secrets remove NAME</c>.
/// </summary>
internal static class SecretsCommand
{
    public static RootCommand AddSecrets(this RootCommand root)
    {
        root.Subcommands.Add(Create(() => CloseoutApp.Create([], b => b.Configuration["Processing:Enabled"] = "false").Services, () => Console.In));
        return root;
    }

    public static Command Create(Func<IServiceProvider> services, Func<TextReader> input)
    {
        var setName = new Argument<string>("name") { Description = "The secret's name, as a profile's ApiKeySecret names it" };
        var set = new Command("set", "Store a secret read from standard input (echo or pipe it in; it is never an argument)") { setName };
        set.SetAction(async (parse, cancel) =>
        {
            var name = parse.GetValue(setName)!;
            if (!SecretStore.IsValidName(name))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("A secret's name is letters, digits, '.', '_' and '-' (at most 100).").ConfigureAwait(false);
                return 2;
            }

            var value = (await input().ReadToEndAsync(cancel).ConfigureAwait(false)).TrimEnd('\r', '\n');
            if (value.Length == 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("No value on standard input; nothing stored.").ConfigureAwait(false);
                return 1;
            }

            await (await StoreAsync(services, cancel).ConfigureAwait(false)).SetAsync(name, value, cancel).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Secret {name} stored (encrypted).").ConfigureAwait(false);
            return 0;
        });

        var list = new Command("list", "The stored secrets' names and when each was set (never their values)");
        list.SetAction(async (parse, cancel) =>
        {
            var names = await (await StoreAsync(services, cancel).ConfigureAwait(false)).ListAsync(cancel).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync("name\tset").ConfigureAwait(false);
            foreach (var secret in names)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{secret.Name}\t{secret.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)}").ConfigureAwait(false);
            }

            return 0;
        });

        var removeName = new Argument<string>("name") { Description = "The secret to remove" };
        var remove = new Command("remove", "Remove a stored secret") { removeName };
        remove.SetAction(async (parse, cancel) =>
        {
            var name = parse.GetValue(removeName)!;
            if (!await (await StoreAsync(services, cancel).ConfigureAwait(false)).RemoveAsync(name, cancel).ConfigureAwait(false))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"No secret {name}.").ConfigureAwait(false);
                return 1;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"Secret {name} removed.").ConfigureAwait(false);
            return 0;
        });

        return new Command("secrets", "API keys and other secrets, stored encrypted in Closeout's database") { set, list, remove };
    }

    /// <summary>A stored secret for another verb (closeout eval --llm with a profile naming ApiKeySecret), from the service's database.</summary>
    public static string? Read(string name)
    {
        using var app = CloseoutApp.Create([], b => b.Configuration["Processing:Enabled"] = "false");
        return Task.Run(async () => await (await StoreAsync(() => app.Services, CancellationToken.None).ConfigureAwait(false)).FindAsync(name, CancellationToken.None).ConfigureAwait(false))
            .GetAwaiter().GetResult();
    }

    private static async Task<SecretStore> StoreAsync(Func<IServiceProvider> services, CancellationToken cancellationToken)
    {
        var provider = services();
        await provider.GetRequiredService<Migrations>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        return provider.GetRequiredService<SecretStore>();
    }
}
