using System.Data.Common;
using System.Text.Json.Nodes;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Audit;

/// <summary>One stored row of the chain exactly as kept, for verification and export.</summary>
internal sealed record AuditRow(
    long Id, string AccountId, long Sequence, long RecordedAtMs, string Subject, string Action, string Actor,
    string? Before, string? After, string? Evidence, string PreviousHash, string Hash)
{
    public string ComputeHash() => AuditHash.Compute(AccountId, Sequence, RecordedAtMs, Subject, Action, Actor, Before, After, Evidence, PreviousHash);

    public RecordedAuditEntry ToRecorded() => new(
        Sequence,
        DateTimeOffset.FromUnixTimeMilliseconds(RecordedAtMs),
        new AuditEntry(AccountId, Subject, Action, Actor, Parse(Before), Parse(After), Parse(Evidence)),
        Hash);

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}

/// <summary>Where an account's chain ends, as recorded beside it.</summary>
internal sealed record AuditHead(string AccountId, long Sequence, string Hash);

/// <summary>
/// The append-only audit chain on SQLite or PostgreSQL. Appends of one account take turns on the account's head row
/// (a row lock on PostgreSQL, so several Closeout instances chain correctly; SQLite transactions write one at a time),
/// and can join a caller's transaction so a change and its record commit together.
/// </summary>
internal sealed class AuditLog(Database database, TimeProvider time) : IAuditTrail
{
    private const string Columns = "id, account_id, sequence, recorded_at, subject, action, actor, before_json, after_json, evidence_json, previous_hash, hash";

    public async Task<RecordedAuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        (await AppendAsync([entry], cancellationToken).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<RecordedAuditEntry>> AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var recorded = await AppendAsync(connection, transaction, entries, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    /// <summary>Appends inside the caller's transaction; the entries are on the record only if it commits.</summary>
    public async Task<IReadOnlyList<RecordedAuditEntry>> AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var recorded = new List<RecordedAuditEntry>(entries.Count);
        foreach (var account in entries.Select(e => e.AccountId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // Taking the head row first (in account order) is the turn-taking: a second appender waits here until the
            // first commits, then reads the head the first left.
            await connection.ExecuteAsync(
                "INSERT INTO audit_heads (account_id, sequence, hash) VALUES (@account, 0, @genesis) ON CONFLICT (account_id) DO NOTHING",
                transaction, cancellationToken, ("account", account), ("genesis", AuditHash.Genesis)).ConfigureAwait(false);
            var head = (await connection.QueryAsync(
                "SELECT sequence, hash FROM audit_heads WHERE account_id = @account" + database.ForUpdate,
                transaction, r => (Sequence: r.Long("sequence"), Hash: r.String("hash")!), cancellationToken, ("account", account)).ConfigureAwait(false))[0];

            var sequence = head.Sequence;
            var previous = head.Hash;
            var now = time.GetUtcNow().Ms();
            foreach (var entry in entries.Where(e => e.AccountId == account))
            {
                sequence++;
                var row = new AuditRow(0, account, sequence, now, entry.Subject, entry.Action, entry.Actor,
                    AuditHash.Canonical(entry.Before), AuditHash.Canonical(entry.After), AuditHash.Canonical(entry.Evidence), previous, "");
                row = row with { Hash = row.ComputeHash() };
                await connection.ExecuteAsync(
                    """
                    INSERT INTO audit_log (account_id, sequence, recorded_at, subject, action, actor, before_json, after_json, evidence_json, previous_hash, hash)
                    VALUES (@account, @sequence, @at, @subject, @action, @actor, @before, @after, @evidence, @previous, @hash)
                    """,
                    transaction, cancellationToken,
                    ("account", account), ("sequence", sequence), ("at", now), ("subject", row.Subject), ("action", row.Action), ("actor", row.Actor),
                    ("before", row.Before), ("after", row.After), ("evidence", row.Evidence), ("previous", previous), ("hash", row.Hash)).ConfigureAwait(false);
                previous = row.Hash;
                recorded.Add(row.ToRecorded());
            }

            await connection.ExecuteAsync("UPDATE audit_heads SET sequence = @sequence, hash = @hash WHERE account_id = @account",
                transaction, cancellationToken, ("sequence", sequence), ("hash", previous), ("account", account)).ConfigureAwait(false);
        }

        return recorded;
    }

    public async Task<IReadOnlyList<RecordedAuditEntry>> HistoryAsync(string accountId, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(
            $"SELECT {Columns} FROM audit_log WHERE account_id = @account AND subject = @subject ORDER BY sequence",
            null, Map, cancellationToken, ("account", accountId), ("subject", subject)).ConfigureAwait(false);
        return rows.ConvertAll(r => r.ToRecorded());
    }

    /// <summary>Every stored row of one account's chain, in sequence order.</summary>
    public async Task<List<AuditRow>> ChainAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {Columns} FROM audit_log WHERE account_id = @account ORDER BY sequence, id",
            null, Map, cancellationToken, ("account", accountId)).ConfigureAwait(false);
    }

    public async Task<AuditHead?> HeadAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var heads = await connection.QueryAsync("SELECT account_id, sequence, hash FROM audit_heads WHERE account_id = @account",
            null, r => new AuditHead(r.String("account_id")!, r.Long("sequence"), r.String("hash")!), cancellationToken, ("account", accountId)).ConfigureAwait(false);
        return heads.Count == 0 ? null : heads[0];
    }

    /// <summary>Every account with a chain or a head (a head without entries means its entries were deleted).</summary>
    public async Task<List<string>> AccountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            "SELECT account_id FROM audit_log UNION SELECT account_id FROM audit_heads ORDER BY account_id",
            null, r => r.String("account_id")!, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuditVerification> VerifyAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = await ChainAsync(accountId, cancellationToken).ConfigureAwait(false);
        var head = await HeadAsync(accountId, cancellationToken).ConfigureAwait(false);
        return AuditVerifier.Verify(accountId, rows, head);
    }

    private static AuditRow Map(DbDataReader r) => new(
        r.Long("id"), r.String("account_id")!, r.Long("sequence"), r.Long("recorded_at"), r.String("subject")!, r.String("action")!, r.String("actor")!,
        r.String("before_json"), r.String("after_json"), r.String("evidence_json"), r.String("previous_hash")!, r.String("hash")!);
}
