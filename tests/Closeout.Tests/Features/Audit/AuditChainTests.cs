using System.CommandLine;
using System.Text.Json.Nodes;
using Closeout.Features.Audit;
using Closeout.Tests.Service;

namespace Closeout.Tests.Features.Audit;

/// <summary>The hash chain on a real database: tampering with one row directly in the database is found and named. Run once per provider.</summary>
public abstract class AuditChainTests
{
    private const string Account = "acct-1";

    protected abstract Provider Provider { get; }

    [Fact]
    public async Task An_untouched_chain_verifies_and_history_reads_back_what_was_recorded()
    {
        await using var chain = await RecordedAsync();
        var host = chain.Host;
        await host.Get<IAuditTrail>().AppendAsync(new AuditEntry("acct-2", "draft:9", "draft.created", "engine"), CancellationToken.None);

        var audit = host.Get<AuditLog>();
        var first = await audit.VerifyAsync(Account, CancellationToken.None);
        var second = await audit.VerifyAsync("acct-2", CancellationToken.None);
        var history = await host.Get<IAuditTrail>().HistoryAsync(Account, "draft:7", CancellationToken.None);

        Assert.True(first.Intact, string.Join("; ", first.Problems));
        Assert.Equal(5, first.Entries);
        Assert.True(second.Intact);
        Assert.Equal(1, second.LastSequence);
        Assert.Equal(["draft.created", "line.proposed", "line.edited", "draft.approved"], history.Select(h => h.Entry.Action));
        Assert.Equal([1L, 2, 3, 5], history.Select(h => h.Sequence));
        var edited = history.Single(h => h.Entry.Action == "line.edited").Entry;
        Assert.Equal(2m, edited.Before!["quantity"]!.GetValue<decimal>());
        Assert.Equal(3m, edited.After!["quantity"]!.GetValue<decimal>());
        Assert.Equal("user:42", edited.Actor);
    }

    [Theory]
    [InlineData("UPDATE audit_log SET after_json = '{\"quantity\":30}' WHERE account_id = @a AND sequence = 3", 3, "altered")]
    [InlineData("UPDATE audit_log SET recorded_at = recorded_at + 1 WHERE account_id = @a AND sequence = 1", 1, "altered")]
    [InlineData("UPDATE audit_log SET subject = 'draft:9' WHERE account_id = @a AND sequence = 4", 4, "altered")]
    [InlineData("DELETE FROM audit_log WHERE account_id = @a AND sequence = 2", 2, "missing")]
    [InlineData("DELETE FROM audit_log WHERE account_id = @a AND sequence = 5", 5, "missing")]
    [InlineData("DELETE FROM audit_heads WHERE account_id = @a", 5, "the chain's head record is missing")]
    public async Task A_tampered_row_is_named(string tamper, long sequence, string what)
    {
        await using var chain = await RecordedAsync();

        await chain.Host.ExecuteAsync(tamper, ("a", Account));

        var problem = Assert.Single(await ProblemsAsync(chain.Host));
        Assert.Equal((Account, sequence), (problem.AccountId, problem.Sequence));
        Assert.StartsWith(what, problem.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_actor_with_its_hash_recomputed_breaks_the_next_link()
    {
        await using var chain = await RecordedAsync();
        var host = chain.Host;
        var row = (await host.Get<AuditLog>().ChainAsync(Account, CancellationToken.None)).Single(r => r.Sequence == 4);
        var forged = row with { Actor = "user:1" };

        await host.ExecuteAsync("UPDATE audit_log SET actor = @actor, hash = @hash WHERE account_id = @a AND sequence = 4",
            ("actor", forged.Actor), ("hash", forged.ComputeHash()), ("a", Account));

        var problem = Assert.Single(await ProblemsAsync(host));
        Assert.Equal(5, problem.Sequence);
        Assert.Contains("previous hash", problem.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inserted_entry_is_named_even_with_a_correct_hash()
    {
        await using var chain = await RecordedAsync();
        var host = chain.Host;
        var last = (await host.Get<AuditLog>().ChainAsync(Account, CancellationToken.None))[^1];
        var inserted = last with { Sequence = 6, Action = "draft.approved", Actor = "user:7", Before = null, After = null, Evidence = null, PreviousHash = last.Hash };

        await host.ExecuteAsync(
            """
            INSERT INTO audit_log (account_id, sequence, recorded_at, subject, action, actor, previous_hash, hash)
            VALUES (@a, 6, @at, @subject, @action, @actor, @previous, @hash)
            """,
            ("a", Account), ("at", inserted.RecordedAtMs), ("subject", inserted.Subject), ("action", inserted.Action), ("actor", inserted.Actor),
            ("previous", inserted.PreviousHash), ("hash", inserted.ComputeHash()));

        var problem = Assert.Single(await ProblemsAsync(host));
        Assert.Equal(6, problem.Sequence);
        Assert.StartsWith("inserted", problem.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_inserted_mid_chain_by_renumbering_is_found_where_the_chain_breaks()
    {
        await using var chain = await RecordedAsync();
        var host = chain.Host;
        await host.ExecuteAsync("UPDATE audit_log SET sequence = sequence + 100 WHERE account_id = @a AND sequence >= 3", ("a", Account));
        await host.ExecuteAsync("UPDATE audit_log SET sequence = sequence - 99 WHERE account_id = @a AND sequence >= 100", ("a", Account));
        var second = (await host.Get<AuditLog>().ChainAsync(Account, CancellationToken.None)).Single(r => r.Sequence == 2);
        var forged = second with { Sequence = 3, Action = "draft.approved", Before = null, After = null, Evidence = null, PreviousHash = second.Hash };
        await host.ExecuteAsync(
            "INSERT INTO audit_log (account_id, sequence, recorded_at, subject, action, actor, previous_hash, hash) VALUES (@a, 3, @at, @s, @action, @actor, @p, @h)",
            ("a", Account), ("at", forged.RecordedAtMs), ("s", forged.Subject), ("action", forged.Action), ("actor", forged.Actor), ("p", forged.PreviousHash), ("h", forged.ComputeHash()));

        var problems = await ProblemsAsync(host);

        Assert.Contains(problems, p => p.Sequence == 4 && p.What.StartsWith("altered", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Sequence == 6 && p.What.StartsWith("inserted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_appends_from_two_instances_make_one_unbroken_chain()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var one = await ServiceHost.StartAsync(database);
        await using var two = await ServiceHost.StartAsync(database);

        await Task.WhenAll(new[] { one, two }.SelectMany(host => Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            host.Get<IAuditTrail>().AppendAsync(new AuditEntry(Account, $"draft:{i}", "line.edited", $"user:{i}", After: new JsonObject { ["i"] = i }), CancellationToken.None)))));

        var result = await one.Get<AuditLog>().VerifyAsync(Account, CancellationToken.None);
        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(40, result.Entries);
        Assert.Equal(40, result.LastSequence);
    }

    [Fact]
    public async Task Cli_verify_exits_non_zero_naming_the_entry_and_export_writes_every_entry()
    {
        await using var chain = await RecordedAsync();
        var host = chain.Host;
        using var temp = new TempFolder();
        var file = temp.File("audit.csv");

        var intact = await RunAsync(host, "audit", "verify");
        var export = await RunAsync(host, "audit", "export", "--account", Account, "--out", file);
        await host.ExecuteAsync("UPDATE audit_log SET actor = 'user:1' WHERE account_id = @a AND sequence = 4", ("a", Account));
        var broken = await RunAsync(host, "audit", "verify", "--account", Account);

        Assert.Equal(0, intact.Exit);
        Assert.Contains($"account {Account}: 5 entries intact", intact.Out, StringComparison.Ordinal);
        Assert.Equal(0, export.Exit);
        var lines = File.ReadAllLines(file);
        Assert.Equal(AuditCsv.Header, lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Equal(1, broken.Exit);
        Assert.Contains($"account {Account} sequence 4: altered", broken.Out, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<AuditProblem>> ProblemsAsync(ServiceHost host) =>
        (await host.Get<AuditLog>().VerifyAsync(Account, CancellationToken.None)).Problems;

    /// <summary>A fresh database with five entries recorded in account <see cref="Account"/>.</summary>
    private async Task<Recorded> RecordedAsync()
    {
        var database = await TestDatabase.CreateAsync(Provider);
        var host = await ServiceHost.StartAsync(database);
        await RecordFiveAsync(host);
        return new Recorded(database, host);
    }

    private sealed record Recorded(TestDatabase Database, ServiceHost Host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private static async Task RecordFiveAsync(ServiceHost host)
    {
        var audit = host.Get<IAuditTrail>();
        await audit.AppendAsync(new AuditEntry(Account, "draft:7", "draft.created", "engine", After: new JsonObject { ["total"] = 120.5m }), CancellationToken.None);
        await audit.AppendAsync(new AuditEntry(Account, "draft:7", "line.proposed", "llm:test-model", After: new JsonObject { ["itemId"] = "x", ["quantity"] = 2m },
            Evidence: new JsonArray(new JsonObject { ["kind"] = "note", ["text"] = "replaced, the valve" })), CancellationToken.None);
        await audit.AppendAsync(new AuditEntry(Account, "draft:7", "line.edited", "user:42", Before: new JsonObject { ["quantity"] = 2m }, After: new JsonObject { ["quantity"] = 3m }), CancellationToken.None);
        await audit.AppendAsync(new AuditEntry(Account, "draft:8", "draft.created", "engine"), CancellationToken.None);
        await audit.AppendAsync(new AuditEntry(Account, "draft:7", "draft.approved", "user:42"), CancellationToken.None);
    }

    private static async Task<(int Exit, string Out)> RunAsync(ServiceHost host, params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(AuditCommand.Create(() => host.Services));
        using var output = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }
}

public sealed class SqliteAuditChainTests : AuditChainTests
{
    protected override Provider Provider => Provider.Sqlite;
}

public sealed class PostgresAuditChainTests : AuditChainTests
{
    protected override Provider Provider => Provider.Postgres;
}

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(1)", "'=HYPERLINK(1)")]
    [InlineData("-1,2", "\"'-1,2\"")]
    [InlineData(null, "")]
    public void Cells_are_quoted_and_formulas_neutralised(string? value, string expected) => Assert.Equal(expected, AuditCsv.Cell(value));
}
