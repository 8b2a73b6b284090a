using System.Data.Common;
using System.Text.Json;
using Closeout.Features.Audit;
using Closeout.Infrastructure.Persistence;

namespace Closeout.Features.Approvals;

/// <summary>Where a draft stands with its approvers: who is asked (at which escalation step), why, until when, and the outcome.</summary>
public sealed record ApprovalRequest(
    string AccountId, string JobId, string State, string PilotMode, int Step, IReadOnlyList<Approver> Approvers, IReadOnlyList<string> Reasons,
    DateTimeOffset RequestedAt, DateTimeOffset? DueAt, DateTimeOffset? DecidedAt, string? DecidedBy);

/// <summary>One approval row per draft (versions 160-169), written in the draft's own transaction.</summary>
internal sealed class ApprovalStore(Database database, TimeProvider time, AuditLog audit)
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Shadow = "shadow";

    public static readonly Migration[] Migrations =
    [
        new(160, _ => """
            CREATE TABLE approvals (
                account_id TEXT NOT NULL,
                job_id TEXT NOT NULL,
                state TEXT NOT NULL,
                pilot_mode TEXT NOT NULL,
                step BIGINT NOT NULL,
                approvers TEXT NOT NULL,
                reasons TEXT NOT NULL,
                requested_at BIGINT NOT NULL,
                due_at BIGINT NULL,
                decided_at BIGINT NULL,
                decided_by TEXT NULL,
                PRIMARY KEY (account_id, job_id)
            );
            CREATE INDEX approvals_due ON approvals (state, due_at);
            """),
    ];

    private const string Columns = "account_id, job_id, state, pilot_mode, step, approvers, reasons, requested_at, due_at, decided_at, decided_by";

    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, ApprovalRequest request, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(
            $"""
            INSERT INTO approvals ({Columns})
            VALUES (@account, @job, @state, @mode, @step, @approvers, @reasons, @requested, @due, @decided, @by)
            ON CONFLICT (account_id, job_id) DO NOTHING
            """,
            transaction, cancellationToken,
            ("account", request.AccountId), ("job", request.JobId), ("state", request.State), ("mode", request.PilotMode), ("step", (long)request.Step),
            ("approvers", Json(request.Approvers.Select(a => a.ToString()))), ("reasons", Json(request.Reasons)), ("requested", request.RequestedAt.Ms()),
            ("due", request.DueAt?.Ms()), ("decided", request.DecidedAt?.Ms()), ("by", request.DecidedBy)).ConfigureAwait(false);

    public async Task<ApprovalRequest?> FindAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync($"SELECT {Columns} FROM approvals WHERE account_id = @account AND job_id = @job", null, Map, cancellationToken,
            ("account", accountId), ("job", jobId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>An account's requests, newest first, optionally in one state (pending: the approvers' queue).</summary>
    public async Task<List<ApprovalRequest>> ListAsync(string accountId, string? state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT {Columns} FROM approvals WHERE account_id = @account{(state is null ? "" : " AND state = @state")} ORDER BY requested_at DESC, job_id",
            null, Map, cancellationToken, ("account", accountId), ("state", state)).ConfigureAwait(false);
    }

    /// <summary>Pending requests whose time to act has passed.</summary>
    public async Task<List<ApprovalRequest>> DueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {Columns} FROM approvals WHERE state = 'pending' AND due_at <= @now ORDER BY due_at", null, Map, cancellationToken,
            ("now", time.GetUtcNow().Ms())).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes a pending request as approved or rejected by <paramref name="actor"/> (the review actions call this; the
    /// escalation sweep also closes a request whose draft the audit log shows decided). False when it was not pending.
    /// </summary>
    public async Task<bool> DecideAsync(string accountId, string jobId, bool approved, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DecideAsync(connection, null, accountId, jobId, approved, actor, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DecideAsync(DbConnection connection, DbTransaction? transaction, string accountId, string jobId, bool approved, string actor, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(
            "UPDATE approvals SET state = @state, decided_at = @now, decided_by = @actor, due_at = NULL WHERE account_id = @account AND job_id = @job AND state = 'pending'",
            transaction, cancellationToken, ("state", approved ? Approved : Rejected), ("now", time.GetUtcNow().Ms()), ("actor", actor), ("account", accountId), ("job", jobId)).ConfigureAwait(false) == 1;

    /// <summary>
    /// Moves a pending request from <paramref name="fromStep"/> to the next approvers, recording why, in one transaction
    /// with <paramref name="alongside"/>; false when another sweep (another instance) already moved it or it was decided.
    /// </summary>
    public async Task<bool> EscalateAsync(
        ApprovalRequest request, int fromStep, IReadOnlyList<Approver> next, DateTimeOffset? dueAt, AuditEntry record,
        Func<DbConnection, DbTransaction, Task> alongside, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var moved = await connection.ExecuteAsync(
            "UPDATE approvals SET step = @next, approvers = @approvers, due_at = @due WHERE account_id = @account AND job_id = @job AND state = 'pending' AND step = @from",
            transaction, cancellationToken, ("next", (long)fromStep + 1), ("approvers", Json(next.Select(a => a.ToString()))), ("due", dueAt?.Ms()),
            ("account", request.AccountId), ("job", request.JobId), ("from", (long)fromStep)).ConfigureAwait(false);
        if (moved == 0)
        {
            return false;
        }

        await audit.AppendAsync(connection, transaction, [record], cancellationToken).ConfigureAwait(false);
        await alongside(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stops escalating a request whose last step has passed (it stays pending with its last approvers).</summary>
    public async Task StopEscalatingAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE approvals SET due_at = NULL WHERE account_id = @account AND job_id = @job AND step = @step",
            null, cancellationToken, ("account", request.AccountId), ("job", request.JobId), ("step", (long)request.Step)).ConfigureAwait(false);
    }

    private static string Json<T>(IEnumerable<T> values) => JsonSerializer.Serialize(values.ToList());

    private static ApprovalRequest Map(DbDataReader r) => new(
        r.String("account_id")!, r.String("job_id")!, r.String("state")!, r.String("pilot_mode")!, (int)r.Long("step"),
        JsonSerializer.Deserialize<List<string>>(r.String("approvers")!)!.ConvertAll(Approver.Parse),
        JsonSerializer.Deserialize<List<string>>(r.String("reasons")!)!,
        r.Time("requested_at"), r.NullableTime("due_at"), r.NullableTime("decided_at"), r.String("decided_by"));
}
