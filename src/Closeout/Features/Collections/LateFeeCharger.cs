using System.Globalization;
using System.Text.Json.Nodes;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Collections;

/// <summary>What one late-fee pass did, for logs and tests.</summary>
public sealed record FeeReport(int Charged, int Recovered, int Cancelled, int Failed, int Pending);

/// <summary>
/// Applies the late-fee rule (<see cref="LateFees.Assess"/>) to every open invoice and writes each fee it decides to Jobber,
/// exactly once: decide (re-reading the invoice from Jobber first) → record the decision and its audit entry → write the
/// line or the fee invoice, carrying the fee's reference → record Jobber's answer. A fee left "writing" by a crash or a lost
/// answer is looked up in Jobber by its reference before anything is written again.
/// </summary>
internal sealed partial class LateFeeCharger(
    CollectionsStore store,
    LateFeeStore fees,
    AccountBook book,
    ReceivableSync sync,
    JobberApi jobber,
    JobberLateFeeApi jobberFees,
    IOptions<CollectionsOptions> options,
    ILogger<LateFeeCharger> logger)
{
    private const int MaxAttempts = 5;

    public async Task<FeeReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new Counter();
        var accounts = (await store.AccountsWithOpenAsync(cancellationToken).ConfigureAwait(false))
            .Union(await fees.AccountsInFlightAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal).ToList();
        foreach (var accountId in accounts)
        {
            using var scope = logger.BeginScope(new Dictionary<string, object?> { ["AccountId"] = accountId });
            await RunAccountAsync(accountId, report, cancellationToken).ConfigureAwait(false);
        }

        return new FeeReport(report.Charged, report.Recovered, report.Cancelled, report.Failed, report.Pending);
    }

    private async Task RunAccountAsync(string accountId, Counter report, CancellationToken cancellationToken)
    {
        var settings = options.Value.SettingsFor(accountId);
        var existing = (await fees.FeesAsync(accountId, null, cancellationToken).ConfigureAwait(false)).ToDictionary(f => f.InvoiceId, StringComparer.Ordinal);
        foreach (var unfinished in existing.Values.Where(f => LateFeeState.InFlight(f.State)))
        {
            await ResumeAsync(unfinished, settings, report, cancellationToken).ConfigureAwait(false);
        }

        if (!settings.LateFees.Enabled)
        {
            return;
        }

        if (settings.LateFees.Problem is { } problem)
        {
            LogBadSettings(logger, accountId, problem);
            return;
        }

        var feeInvoices = existing.Values.Select(f => f.FeeInvoiceId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var today = book.Today(TimeZoneInfo.FindSystemTimeZoneById(settings.BusinessTimeZone));
        var (plans, _, _) = await book.ReadAsync(accountId, cancellationToken).ConfigureAwait(false);
        foreach (var plan in plans)
        {
            var receivable = plan.Receivable;
            // One fee per invoice, and never a fee on a fee invoice.
            if (existing.ContainsKey(receivable.InvoiceId) || feeInvoices.Contains(receivable.InvoiceId)
                || !Assess(settings, plan.Open, receivable.Balance, receivable.Disputed, today).Charge)
            {
                continue;
            }

            // Re-read right before deciding: a payment or a change made in Jobber a moment ago counts.
            var fresh = await sync.SyncInvoiceAsync(accountId, receivable.InvoiceId, cancellationToken).ConfigureAwait(false);
            if (!fresh.IsSuccess)
            {
                LogReadFailed(logger, receivable.InvoiceId, fresh.Failure!.Message);
                continue;
            }

            if (fresh.Value is not { Open: true } now)
            {
                continue;
            }

            var decision = Assess(settings, plan.Open, now.Balance, receivable.Disputed, today);
            if (!decision.Charge)
            {
                continue;
            }

            var fee = new LateFeeRow(accountId, now.InvoiceId, now.InvoiceNumber, now.ClientId, LateFeeRow.ReferenceFor(accountId, now.InvoiceId),
                decision.Amount, now.Balance, decision.Mode, decision.Reason);
            var evidence = new JsonObject
            {
                ["rule"] = Describe(settings.LateFees),
                ["dueOn"] = plan.Open.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["assessedOn"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["balance"] = now.Balance,
                ["reason"] = decision.Reason,
            };
            if (await fees.DecideAsync(fee, evidence, cancellationToken).ConfigureAwait(false))
            {
                await WriteAsync(fee, settings.LateFees, report, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static LateFeeDecision Assess(CollectionSettings settings, OpenInvoice open, decimal balance, bool disputed, DateOnly today) =>
        LateFees.Assess(settings.LateFees, new FeeSubject(open.DueOn, balance, disputed, open.Plan, FeeAlreadyCharged: false), today, settings.Plans.GraceDays);

    /// <summary>A fee recorded but not finished: look it up in Jobber before writing it again.</summary>
    private async Task ResumeAsync(LateFeeRow fee, CollectionSettings settings, Counter report, CancellationToken cancellationToken)
    {
        if (!await fees.ClaimAsync(fee.AccountId, fee.InvoiceId, cancellationToken).ConfigureAwait(false))
        {
            report.Pending++;
            return;
        }

        fee = fee with { Attempts = fee.Attempts + 1 };
        if (fee.State == LateFeeState.Created)
        {
            await SendAsync(fee, report, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (fee.Mode == LateFeeMode.SeparateLine)
        {
            var line = await jobberFees.FindLineAsync(fee.AccountId, fee.InvoiceId, fee.Reference, cancellationToken).ConfigureAwait(false);
            if (!line.IsSuccess)
            {
                await FailedAttemptAsync(fee, line.Failure!, report, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (line.Value is { } lineId)
            {
                await ChargedAsync(fee with { State = LateFeeState.Charged, LineId = lineId, Error = null }, "recovered: Jobber had the line", report, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            var document = await jobberFees.FindInvoiceAsync(fee.AccountId, fee.ClientId, fee.Reference, cancellationToken).ConfigureAwait(false);
            if (!document.IsSuccess)
            {
                await FailedAttemptAsync(fee, document.Failure!, report, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (document.Value is { } found)
            {
                fee = fee with { State = LateFeeState.Created, FeeInvoiceId = found.Id, FeeInvoiceNumber = found.InvoiceNumber, Error = null };
                await fees.RecordAsync(fee, "late_fee.invoice_created", Note("recovered: Jobber had the fee invoice"), cancellationToken, keepLease: true).ConfigureAwait(false);
                report.Recovered++;
                await SendAsync(fee, report, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // Not in Jobber: write it now, unless the reason for it went away meanwhile.
        var why = await NoLongerDueAsync(fee, settings, cancellationToken).ConfigureAwait(false);
        if (why is not null)
        {
            await fees.RecordAsync(fee with { State = LateFeeState.Cancelled, Error = why }, "late_fee.cancelled", Note(why), cancellationToken).ConfigureAwait(false);
            report.Cancelled++;
            return;
        }

        await WriteAsync(fee, settings.LateFees, report, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> NoLongerDueAsync(LateFeeRow fee, CollectionSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.LateFees.Enabled)
        {
            return "late fees were turned off before the fee was written";
        }

        var fresh = await sync.SyncInvoiceAsync(fee.AccountId, fee.InvoiceId, cancellationToken).ConfigureAwait(false);
        if (!fresh.IsSuccess)
        {
            return null;
        }

        var ours = await store.ReceivableAsync(fee.AccountId, fee.InvoiceId, cancellationToken).ConfigureAwait(false);
        return fresh.Value is not { Open: true } ? "the invoice was settled before the fee was written"
            : ours?.Disputed == true ? "the invoice was disputed before the fee was written"
            : null;
    }

    private async Task WriteAsync(LateFeeRow fee, LateFeeSettings settings, Counter report, CancellationToken cancellationToken)
    {
        var description = Description(fee);
        if (fee.Mode == LateFeeMode.SeparateLine)
        {
            var line = new JsonObject
            {
                ["lineItems"] = new JsonArray(new JsonObject
                {
                    ["name"] = settings.LineName,
                    ["description"] = description,
                    ["unitPrice"] = fee.Amount,
                    ["quantity"] = 1,
                    ["taxable"] = false,
                    ["saveToProductsAndServices"] = false,
                }),
            };
            var added = await jobberFees.AddLineAsync(fee.AccountId, fee.InvoiceId, line, cancellationToken).ConfigureAwait(false);
            if (!added.IsSuccess)
            {
                await FailedAttemptAsync(fee, added.Failure!, report, cancellationToken).ConfigureAwait(false);
                return;
            }

            await ChargedAsync(fee with { State = LateFeeState.Charged, LineId = added.Value, Error = null }, null, report, cancellationToken).ConfigureAwait(false);
            return;
        }

        var input = new JsonObject
        {
            ["clientId"] = fee.ClientId,
            ["origin"] = "NEW_JOBBER_ONLINE",
            ["subject"] = $"{settings.LineName}: invoice #{fee.InvoiceNumber}",
            ["message"] = description,
            ["dueDetails"] = new JsonObject { ["invoiceNet"] = 0 },
            ["tax"] = new JsonObject { ["taxCalculationMethod"] = "EXCLUSIVE" },
            ["lineItems"] = new JsonArray(new JsonObject
            {
                ["name"] = settings.LineName,
                ["description"] = description,
                ["cost"] = fee.Amount,
                ["quantity"] = 1,
                ["taxable"] = false,
            }),
        };
        var created = await jobberFees.CreateInvoiceAsync(fee.AccountId, input, cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            await FailedAttemptAsync(fee, created.Failure!, report, cancellationToken).ConfigureAwait(false);
            return;
        }

        fee = fee with { State = LateFeeState.Created, FeeInvoiceId = created.Value!.Id, FeeInvoiceNumber = created.Value.InvoiceNumber, Error = null };
        await fees.RecordAsync(fee, "late_fee.invoice_created", null, cancellationToken, keepLease: true).ConfigureAwait(false);
        await SendAsync(fee, report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the fee invoice to the client, which issues it; an invoice already out of draft is not sent again.</summary>
    private async Task SendAsync(LateFeeRow fee, Counter report, CancellationToken cancellationToken)
    {
        var sent = await new Review.InvoiceWriter(jobber).SendAsync(fee.AccountId, fee.FeeInvoiceId!, null, cancellationToken).ConfigureAwait(false);
        if (!sent.IsSuccess)
        {
            await FailedAttemptAsync(fee, sent.Failure!, report, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ChargedAsync(fee with { State = LateFeeState.Charged, Error = null }, null, report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the charge, then re-reads what it changed into the ledger (the invoice that gained a line, or the new fee
    /// invoice) rather than wait for the webhook, which Jobber may fold into an earlier one of the same second.
    /// </summary>
    private async Task ChargedAsync(LateFeeRow fee, string? note, Counter report, CancellationToken cancellationToken)
    {
        await fees.RecordAsync(fee, "late_fee.charged", note is null ? null : Note(note), cancellationToken).ConfigureAwait(false);
        if (note is null)
        {
            report.Charged++;
        }
        else
        {
            report.Recovered++;
        }

        LogCharged(logger, fee.InvoiceId, fee.Amount, fee.Mode);
        var changed = fee.Mode == LateFeeMode.SeparateLine ? fee.InvoiceId : fee.FeeInvoiceId!;
        var synced = await sync.SyncInvoiceAsync(fee.AccountId, changed, cancellationToken).ConfigureAwait(false);
        if (!synced.IsSuccess)
        {
            LogReadFailed(logger, changed, synced.Failure!.Message);
        }
    }

    /// <summary>
    /// A refusal by Jobber ends the fee as failed (a person looks at it); anything else (unreachable, timed out, a lost
    /// answer) leaves it in flight for the next pass, which looks it up before writing again, until the attempts run out.
    /// </summary>
    private async Task FailedAttemptAsync(LateFeeRow fee, Failure failure, Counter report, CancellationToken cancellationToken)
    {
        LogWriteFailed(logger, fee.InvoiceId, failure.Message);
        if (failure.Kind == FailureKind.Permanent || fee.Attempts >= MaxAttempts)
        {
            var message = fee.State == LateFeeState.Created ? $"the fee invoice was created in Jobber but not sent: {failure.Message}" : failure.Message;
            await fees.RecordAsync(fee with { State = LateFeeState.Failed, Error = message }, "late_fee.failed", Note(message), cancellationToken).ConfigureAwait(false);
            report.Failed++;
            return;
        }

        await fees.RecordAsync(fee with { Error = failure.Message }, null, null, cancellationToken).ConfigureAwait(false);
        report.Pending++;
    }

    /// <summary>What the client reads on the line or the fee invoice: which invoice, how the amount was reached, and the fee's reference.</summary>
    public static string Description(LateFeeRow fee) =>
        $"Late fee on invoice #{fee.InvoiceNumber} ({fee.Reason}; balance {Money.Format(fee.Basis)}). Ref {fee.Reference}";

    private static string Describe(LateFeeSettings settings) => string.Create(CultureInfo.InvariantCulture,
        $"{Money.Format(settings.Fixed)} + {settings.Percent}% of the balance after {settings.GraceDays} days' grace, as a {(settings.Mode == LateFeeMode.SeparateLine ? "line on the invoice" : "separate invoice")}");

    private static JsonObject Note(string note) => new() { ["note"] = note };

    private sealed class Counter
    {
        public int Charged { get; set; }
        public int Recovered { get; set; }
        public int Cancelled { get; set; }
        public int Failed { get; set; }
        public int Pending { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Late fee of {Amount} charged on invoice {InvoiceId} ({Mode})")]
    private static partial void LogCharged(ILogger logger, string invoiceId, decimal amount, LateFeeMode mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Late fee on invoice {InvoiceId} not written: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string invoiceId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} could not be re-read around a late fee ({Error}); the next pass or webhook catches up")]
    private static partial void LogReadFailed(ILogger logger, string invoiceId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Late fees of account {AccountId} are on but unusable: {Problem}")]
    private static partial void LogBadSettings(ILogger logger, string accountId, string problem);
}

/// <summary>Runs the late-fee pass at start and then every <see cref="CollectionsOptions.ReconcileMinutes"/> (fees are a matter of days).</summary>
internal sealed partial class LateFeeWorker(LateFeeCharger charger, IOptions<CollectionsOptions> options, TimeProvider time, ILogger<LateFeeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await charger.RunAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMinutes(options.Value.ReconcileMinutes), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker never dies: the error is logged and the next pass tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopError(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Late fee worker loop error; going on")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
