using System.CommandLine;
using System.Globalization;
using Closeout.Features.Drafts;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Inbox;

/// <summary><c>closeout inbox list [--state dead] [--limit 50]</c> and <c>closeout inbox retry ID</c>: see and replay deliveries.</summary>
internal static class InboxCommand
{
    public static RootCommand AddInbox(this RootCommand root)
    {
        root.Subcommands.Add(Create(() => CloseoutApp.Create([], b => b.Configuration["Processing:Enabled"] = "false").Services));
        return root;
    }

    public static Command Create(Func<IServiceProvider> services)
    {
        var state = new Option<string?>("--state") { Description = "Only items in this state: pending, processing, done, ignored, dead" };
        var limit = new Option<int>("--limit") { Description = "How many of the latest items", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "The latest deliveries with their state, attempts and last error") { state, limit };
        list.SetAction(async (parse, cancel) =>
        {
            var provider = services();
            await provider.GetRequiredService<Migrations>().MigrateAsync(cancel).ConfigureAwait(false);
            var items = await provider.GetRequiredService<InboxStore>().ListAsync(parse.GetValue(state), parse.GetValue(limit), cancel).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync("id\tstate\ttopic\titem\tattempts\treceived\tnext attempt\terror").ConfigureAwait(false);
            foreach (var item in items)
            {
                await output.WriteLineAsync(string.Join('\t',
                    item.Id.ToString(CultureInfo.InvariantCulture), item.State, item.Topic, item.ItemId ?? "-", item.Attempts.ToString(CultureInfo.InvariantCulture),
                    item.ReceivedAt.ToString("u", CultureInfo.InvariantCulture),
                    item.State == InboxState.Pending ? item.NextAttemptAt.ToString("u", CultureInfo.InvariantCulture) : "-",
                    item.ErrorKind is null ? item.LastError ?? "" : $"{item.ErrorKind}: {item.LastError}")).ConfigureAwait(false);
            }

            return 0;
        });

        var id = new Argument<long>("id") { Description = "The delivery's id (first column of inbox list)" };
        var retry = new Command("retry", "Put a dead (or finished) delivery back in the queue with fresh attempts") { id };
        retry.SetAction(async (parse, cancel) =>
        {
            var provider = services();
            await provider.GetRequiredService<Migrations>().MigrateAsync(cancel).ConfigureAwait(false);
            var inbox = provider.GetRequiredService<InboxStore>();
            var wanted = parse.GetValue(id);
            var item = await inbox.FindAsync(wanted, cancel).ConfigureAwait(false);
            if (item is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"No delivery {wanted}").ConfigureAwait(false);
                return 1;
            }

            if (item.AccountId is not null && item.ItemId is not null)
            {
                await provider.GetRequiredService<OutboxStore>().ResetAsync(item.AccountId, item.ItemId, cancel).ConfigureAwait(false);
            }

            if (!await inbox.RetryAsync(wanted, cancel).ConfigureAwait(false))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"Delivery {wanted} is being processed; try again later").ConfigureAwait(false);
                return 1;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"Delivery {wanted} queued again; a running Closeout picks it up within its sweep").ConfigureAwait(false);
            return 0;
        });

        return new Command("inbox", "Webhook deliveries: list them, replay dead letters") { list, retry };
    }
}
