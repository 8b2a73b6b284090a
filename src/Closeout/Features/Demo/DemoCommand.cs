using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Closeout.Features.Drafts;
using Spectre.Console;

namespace Closeout.Features.Demo;

/// <summary>
/// <c>closeout demo --closeout URL --sandbox URL</c>: connects the sandbox's demo account through OAuth, completes its jobs,
/// waits for each draft to land in the sandbox as an invoice and prints them. run.sh starts both servers first.
/// </summary>
internal static class DemoCommand
{
    public static RootCommand AddDemo(this RootCommand root)
    {
        var closeout = new Option<string>("--closeout") { Description = "Closeout's URL", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var sandbox = new Option<string>("--sandbox") { Description = "The Jobber sandbox's URL", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var token = new Option<string>("--token")
        {
            Description = "An owner's API token for Closeout (default: $CLOSEOUT_API_TOKEN)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CLOSEOUT_API_TOKEN") ?? "",
        };
        var command = new Command("demo", "Connect the sandbox's demo account, complete its jobs and show the drafts Closeout writes") { closeout, sandbox, token };
        command.SetAction(async (parse, cancel) =>
        {
            var closeoutUrl = new Uri(parse.GetValue(closeout)!);
            var services = new ServiceCollection();
            services.AddHttpClient("closeout")
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
                .AddHttpMessageHandler(() => new Users.ApiTokenClient(closeoutUrl, parse.GetValue(token)!));
            using var provider = services.BuildServiceProvider();
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            using var app = factory.CreateClient("closeout");
            app.BaseAddress = closeoutUrl;
            using var jobber = factory.CreateClient();
            jobber.BaseAddress = new Uri(parse.GetValue(sandbox)!);
            return await RunAsync(app, jobber, parse.InvocationConfiguration.Error, cancel).ConfigureAwait(false);
        });
        root.Subcommands.Add(command);
        return root;
    }

    private static async Task<int> RunAsync(HttpClient closeout, HttpClient sandbox, TextWriter error, CancellationToken cancel)
    {
        using var connect = await closeout.GetAsync(new Uri("/jobber/connect", UriKind.Relative), cancel).ConfigureAwait(false);
        var connected = await connect.Content.ReadFromJsonAsync<JsonObject>(cancel).ConfigureAwait(false);
        if (!connect.IsSuccessStatusCode || connected is null)
        {
            await error.WriteLineAsync($"Connecting the sandbox account failed: HTTP {(int)connect.StatusCode}").ConfigureAwait(false);
            return 1;
        }

        AnsiConsole.MarkupLineInterpolated($"Connected Jobber account [bold]{connected["name"]?.ToString()}[/] through OAuth.");
        var jobs = await sandbox.GetFromJsonAsync<List<JsonObject>>(new Uri("/sandbox/jobs", UriKind.Relative), cancel).ConfigureAwait(false) ?? [];
        var latencies = new List<double>();
        foreach (var job in jobs)
        {
            var id = job["id"]!.ToString();
            var clock = Stopwatch.StartNew();
            using (var complete = await sandbox.PostAsync(new Uri($"/sandbox/jobs/{Uri.EscapeDataString(id)}/complete", UriKind.Relative), null, cancel).ConfigureAwait(false))
            {
                complete.EnsureSuccessStatusCode();
            }

            AnsiConsole.MarkupLineInterpolated($"Completed job #{job["jobNumber"]?.ToString()} [dim]{job["title"]?.ToString()}[/] in the sandbox.");
            var draft = await WaitAsync(closeout, id, TimeSpan.FromSeconds(30), cancel).ConfigureAwait(false);
            if (draft is null)
            {
                await error.WriteLineAsync($"No draft for job {id} within 30 s; see `closeout inbox list`").ConfigureAwait(false);
                return 1;
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Print(draft);
        }

        latencies.Sort();
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[bold]{latencies.Count}[/] drafts written to Jobber; job completed to draft invoice in Jobber: median {latencies[latencies.Count / 2]:0} ms, max {latencies[^1]:0} ms.");
        AnsiConsole.MarkupLineInterpolated($"Review them at {closeout.BaseAddress} (API: {closeout.BaseAddress}api/review/queue, {closeout.BaseAddress}openapi/v1.json); invoices: {sandbox.BaseAddress}sandbox/invoices");
        return 0;
    }

    private static async Task<StoredDraft?> WaitAsync(HttpClient closeout, string jobId, TimeSpan timeout, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            using var response = await closeout.GetAsync(new Uri($"/api/drafts/{Uri.EscapeDataString(jobId)}", UriKind.Relative), cancel).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var draft = await response.Content.ReadFromJsonAsync<StoredDraft>(DraftDocument.JsonOptions, cancel).ConfigureAwait(false);
                if (draft is not null && (draft.Invoice is null || draft.Invoice.State is OutboxStore.Done or OutboxStore.Failed))
                {
                    return draft;
                }
            }

            await Task.Delay(20, cancel).ConfigureAwait(false);
        }

        return null;
    }

    private static void Print(StoredDraft stored)
    {
        var draft = stored.Draft;
        var table = new Table().Title($"Draft for job #{draft.JobNumber}").AddColumns("Item", "Qty", "Unit", "Total", "Why");
        foreach (var line in draft.Lines)
        {
            table.AddRow(
                Markup.Escape(line.Name),
                line.Quantity.ToString("0.##", CultureInfo.InvariantCulture),
                line.UnitPrice.ToString("0.00", CultureInfo.InvariantCulture),
                line.Total.ToString("0.00", CultureInfo.InvariantCulture),
                Markup.Escape(line.Source + (line.Evidence.Count > 0 && line.Evidence[0] is { Text: { } text } ? $": \"{text}\"" : "")));
        }

        table.AddRow("", "", "[bold]Total[/]", $"[bold]{draft.Total.ToString("0.00", CultureInfo.InvariantCulture)}[/]", Markup.Escape($"subtotal {draft.Subtotal:0.00} + tax {draft.Tax:0.00}"));
        AnsiConsole.Write(table);
        foreach (var flag in draft.Flags)
        {
            AnsiConsole.MarkupLineInterpolated($"  [yellow]flag {flag.Kind}[/]: {flag.Message}");
        }

        AnsiConsole.MarkupLineInterpolated($"  invoice in Jobber: {stored.Invoice?.State ?? "none"} {stored.Invoice?.InvoiceId ?? ""}");
    }
}
