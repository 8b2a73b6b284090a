using Closeout.Features.Accounts;
using Closeout.Features.Approvals;
using Closeout.Features.Audit;
using Closeout.Features.PriceBook;
using Closeout.Features.SecondOpinion;
using Closeout.Features.Drafts;
using Closeout.Features.Leakage;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;
using Closeout.Infrastructure.Observability;

namespace Closeout.Features.Processing;

/// <summary>What became of a delivery that did not fail: drafted and written, or nothing to do (and why).</summary>
public sealed record DraftOutcome(bool Drafted, string Note);

/// <summary>
/// Drafts one completed job: fetch it, run the account's engine, store the draft and its outbox row together, then write
/// the invoice to Jobber from the outbox. Exactly one draft per job: the drafts table is unique per job, a draft already
/// stored is never redone, and the outbox row is claimed before its mutation and checked against the job's invoices.
/// </summary>
internal sealed partial class DraftJob(
    AccountStore accounts,
    BusinessEngines engines,
    SyncCatalog syncCatalog,
    SecondOpinionAccounts secondOpinions,
    LlmCallStore llmCalls,
    PastInvoices pastInvoices,
    LeakageAdvisors leakage,
    JobberApi jobber,
    DraftStore drafts,
    OutboxStore outbox,
    DraftGovernance governance,
    Pilot.AutoSend autoSend,
    ILogger<DraftJob> logger)
{
    private static readonly TimeSpan SendLease = TimeSpan.FromSeconds(60);

    public async Task<Result<DraftOutcome>> RunAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (account is { Tokens: null, DisconnectedAt: not null })
        {
            return new DraftOutcome(false, "the account disconnected Closeout; not drafted");
        }

        if (account is null || account.Tokens is null)
        {
            return Failure.Configuration($"Jobber account {accountId} is not connected to Closeout");
        }

        if (!await drafts.ExistsAsync(accountId, jobId, cancellationToken).ConfigureAwait(false))
        {
            var drafted = await DraftAsync(account, jobId, cancellationToken).ConfigureAwait(false);
            if (!drafted.IsSuccess || drafted.Value is not null)
            {
                return drafted.IsSuccess ? drafted.Value! : drafted.Failure!;
            }
        }

        return await WriteInvoiceAsync(accountId, jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the draft; a non-null outcome ends the run there (nothing to draft).</summary>
    private async Task<Result<DraftOutcome?>> DraftAsync(Account account, string jobId, CancellationToken cancellationToken)
    {
        var engine = await engines.ForAsync(account, cancellationToken).ConfigureAwait(false);
        if (!engine.IsSuccess && BusinessEngines.UsesSyncedCatalog(account))
        {
            // First job of an account priced from Jobber's price book before its first sync ran: sync now.
            var synced = await syncCatalog.RunAsync(account.Id, cancellationToken).ConfigureAwait(false);
            if (!synced.IsSuccess)
            {
                return synced.Failure!;
            }

            engine = await engines.ForAsync(account, cancellationToken).ConfigureAwait(false);
        }

        if (!engine.IsSuccess)
        {
            return engine.Failure!;
        }

        Result<System.Text.Json.Nodes.JsonObject?> fetched;
        using (Telemetry.StartStage("jobber.fetch_job"))
        {
            fetched = await jobber.GetJobAsync(account.Id, jobId, cancellationToken).ConfigureAwait(false);
        }

        if (!fetched.IsSuccess)
        {
            return fetched.Failure!;
        }

        if (fetched.Value is not { } job)
        {
            return Failure.Permanent($"Jobber has no job {jobId} in account {account.Id}");
        }

        if (!JobTranslation.IsCompleted(job))
        {
            return new DraftOutcome(false, "job not completed yet");
        }

        var translated = JobTranslation.ToEngineJob(job, engine.Value!.Catalog, engine.Value.Policy);
        if (!translated.IsSuccess)
        {
            return translated.Failure!;
        }

        Drafting.Drafts.DraftInvoice draft;
        using (Telemetry.StartStage("engine.draft"))
        {
            draft = engine.Value.Draft(translated.Value!);
        }

        SecondOpinionView? opinion = null;
        if (await secondOpinions.ForAsync(account, cancellationToken).ConfigureAwait(false) is { } reviewer)
        {
            // Within the profile's timeout whatever the model does; a failure leaves the engine's draft, with the reason.
            using (Telemetry.StartStage("second_opinion.review"))
            {
                var history = await pastInvoices.ForAsync(account.Id, jobId, engine.Value, cancellationToken).ConfigureAwait(false);
                var result = await reviewer.ReviewAsync(account.Id, translated.Value!, engine.Value, draft, history, cancellationToken).ConfigureAwait(false);
                draft = result.Draft;
                opinion = SecondOpinionView.From(reviewer.Options.Mode, result);
                Telemetry.SecondOpinions.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.ToString()));
            }
        }

        var clientId = job["client"]?["id"]?.ToString();

        // Jobber would take a line the catalog does not price; such a line is a bug, kept out of Jobber and put before a person.
        var offCatalog = InvoiceInput.OffCatalog(draft, engine.Value.Catalog);
        if (offCatalog.Count > 0)
        {
            LogOffCatalog(logger, jobId, account.Id, offCatalog.Count);
            draft = draft with { Flags = [.. draft.Flags, new Drafting.Drafts.ReviewFlag(Drafting.Drafts.FlagKind.InvalidInput, "Not written to Jobber: " + string.Join("; ", offCatalog), [])] };
        }

        // Suggestions are computed on the final draft (after the second opinion): what it still lacks.
        var document = DraftDocument.From(account.Id, JobTranslation.JobNumber(job), draft with { JobId = jobId }) with
        {
            SecondOpinion = opinion,
            Suggestions = await leakage.SuggestAsync(account, translated.Value!, draft.Lines.Select(l => l.ItemId), cancellationToken).ConfigureAwait(false),
        };
        var serviceLines = draft.Lines.Select(l => engine.Value.Catalog.Find(l.ItemId)?.Category).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var plan = await governance.PlanAsync(account, document, clientId, serviceLines, cancellationToken).ConfigureAwait(false);
        var input = clientId is null || !plan.WritesInvoice || offCatalog.Count > 0 ? null : InvoiceInput.From(clientId, jobId, draft, engine.Value.Catalog);
        bool saved;
        using (Telemetry.StartStage("draft.save"))
        {
            saved = await drafts.SaveAsync(document, input, cancellationToken, [.. DraftAudit.Created(document), .. LeakageAudit.Suggested(document), .. plan.Record],
                (connection, transaction) => governance.RecordAsync(connection, transaction, plan, cancellationToken), job).ConfigureAwait(false);
        }

        if (opinion is not null)
        {
            await llmCalls.LinkAsync(account.Id, jobId, cancellationToken).ConfigureAwait(false);
        }

        if (saved)
        {
            Telemetry.DraftsCreated.Add(1);
            LogDrafted(logger, jobId, account.Id, draft.Lines.Count, draft.Flags.Count);
        }

        return input is null
            ? new DraftOutcome(true, clientId is null ? "drafted; the job has no client to invoice"
                : offCatalog.Count > 0 ? "drafted; not written to Jobber: " + string.Join("; ", offCatalog)
                : !plan.WritesInvoice ? "drafted in shadow; not written to Jobber" : "drafted; no billable lines")
            : null;
    }

    private async Task<Result<DraftOutcome>> WriteInvoiceAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        var key = DraftStore.OutboxKey(accountId, jobId);
        var (item, state) = await outbox.ClaimAsync(key, SendLease, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            if (state == OutboxStore.Done && await outbox.InvoiceIdAsync(key, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return await SendWithinPolicyAsync(accountId, jobId, written, "invoice already in Jobber", cancellationToken).ConfigureAwait(false);
            }

            return state switch
            {
                null => new DraftOutcome(true, "drafted; nothing to write to Jobber"),
                OutboxStore.Done => new DraftOutcome(true, "invoice already in Jobber"),
                OutboxStore.Failed => Failure.Permanent("Jobber refused this draft's invoice earlier; see the draft"),
                _ => Failure.Transient("another worker is writing this invoice"),
            };
        }

        using var stage = Telemetry.StartStage("jobber.write_invoice");
        // The check that makes a repeat harmless: an invoice the job already has (ours from an attempt whose answer was
        // lost, or a person's) is never duplicated.
        var existing = await jobber.GetJobInvoicesAsync(accountId, jobId, cancellationToken).ConfigureAwait(false);
        if (!existing.IsSuccess)
        {
            await outbox.ReleaseAsync(item, existing.Failure!.Message, existing.Failure.Kind == FailureKind.Permanent, cancellationToken).ConfigureAwait(false);
            return existing.Failure!;
        }

        if (existing.Value!.Count > 0)
        {
            await outbox.CompleteAsync(item, existing.Value[0].Id, cancellationToken, DraftAudit.InvoiceWritten(accountId, jobId, existing.Value[0].Id, alreadyThere: true, null)).ConfigureAwait(false);
            LogAlreadyInvoiced(logger, jobId, accountId);
            return new DraftOutcome(true, "the job already had an invoice in Jobber");
        }

        var created = await jobber.CreateInvoiceAsync(accountId, item.Payload, cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            await outbox.ReleaseAsync(item, created.Failure!.Message, created.Failure.Kind == FailureKind.Permanent, cancellationToken).ConfigureAwait(false);
            return created.Failure!;
        }

        await outbox.CompleteAsync(item, created.Value!.Id, cancellationToken, DraftAudit.InvoiceWritten(accountId, jobId, created.Value.Id, alreadyThere: false, item.Payload)).ConfigureAwait(false);
        LogInvoiced(logger, jobId, accountId, created.Value.Id);
        return await SendWithinPolicyAsync(accountId, jobId, created.Value.Id, "invoice written to Jobber", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Auto pilot: sends an invoice the policy approved; a failed send is retried with the delivery.</summary>
    private async Task<Result<DraftOutcome>> SendWithinPolicyAsync(string accountId, string jobId, string invoiceId, string note, CancellationToken cancellationToken)
    {
        var sent = await autoSend.RunAsync(accountId, jobId, invoiceId, cancellationToken).ConfigureAwait(false);
        return !sent.IsSuccess ? sent.Failure! : new DraftOutcome(true, sent.Value ? note + "; sent within policy" : note);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drafted job {JobId} of account {AccountId}: {Lines} lines, {Flags} flags")]
    private static partial void LogDrafted(ILogger logger, string jobId, string accountId, int lines, int flags);

    [LoggerMessage(Level = LogLevel.Error, Message = "Draft of job {JobId} of account {AccountId} has {Count} line(s) the catalog does not price; not written to Jobber")]
    private static partial void LogOffCatalog(ILogger logger, string jobId, string accountId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote draft invoice {InvoiceId} for job {JobId} of account {AccountId}")]
    private static partial void LogInvoiced(ILogger logger, string jobId, string accountId, string invoiceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} of account {AccountId} already has an invoice in Jobber; not writing another")]
    private static partial void LogAlreadyInvoiced(ILogger logger, string jobId, string accountId);
}
