using System.CommandLine;
using System.Globalization;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Audit;

/// <summary>
/// <c>closeout audit verify [--account X]</c>: walks every chain (or one) and names each altered, inserted or deleted entry,
/// exiting 1 when any is found. <c>closeout audit export --account X --out file.csv</c>: the chain as CSV.
/// </summary>
internal static class AuditCommand
{
    public static RootCommand AddAudit(this RootCommand root)
    {
        root.Subcommands.Add(Create(() => CloseoutApp.Create([], b => b.Configuration["Processing:Enabled"] = "false").Services));
        return root;
    }

    public static Command Create(Func<IServiceProvider> services)
    {
        var account = new Option<string?>("--account") { Description = "Only this Jobber account's chain" };
        var verify = new Command("verify", "Check every entry's hash and its link to the one before; name each altered, inserted or deleted entry") { account };
        verify.SetAction(async (parse, cancel) =>
        {
            var audit = await OpenAsync(services, cancel).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            var accounts = parse.GetValue(account) is { } one ? [one] : await audit.AccountsAsync(cancel).ConfigureAwait(false);
            var broken = 0;
            foreach (var id in accounts)
            {
                var result = await audit.VerifyAsync(id, cancel).ConfigureAwait(false);
                if (result.Intact)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"account {id}: {result.Entries} entries intact; head {result.LastSequence} {result.LastHash}")).ConfigureAwait(false);
                    continue;
                }

                broken++;
                foreach (var problem in result.Problems)
                {
                    await output.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
                }
            }

            if (accounts.Count == 0)
            {
                await output.WriteLineAsync("no audit entries").ConfigureAwait(false);
            }

            return broken == 0 ? 0 : 1;
        });

        var exportAccount = new Option<string>("--account") { Description = "The Jobber account whose chain to export", Required = true };
        var file = new Option<FileInfo>("--out") { Description = "The CSV file to write", Required = true };
        var export = new Command("export", "Write one account's chain as CSV, with each entry's hashes") { exportAccount, file };
        export.SetAction(async (parse, cancel) =>
        {
            var audit = await OpenAsync(services, cancel).ConfigureAwait(false);
            var rows = await audit.ChainAsync(parse.GetValue(exportAccount)!, cancel).ConfigureAwait(false);
            var target = parse.GetValue(file)!;
            await using (var writer = new StreamWriter(target.FullName, append: false, new System.Text.UTF8Encoding(false)))
            {
                await AuditCsv.WriteAsync(writer, rows, cancel).ConfigureAwait(false);
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} entries written to {target.FullName}")).ConfigureAwait(false);
            return 0;
        });

        return new Command("audit", "The tamper-evident audit log: verify the chains, export one as CSV") { verify, export };
    }

    private static async Task<AuditLog> OpenAsync(Func<IServiceProvider> services, CancellationToken cancel)
    {
        var provider = services();
        await provider.GetRequiredService<Migrations>().MigrateAsync(cancel).ConfigureAwait(false);
        return provider.GetRequiredService<AuditLog>();
    }
}
