using System.Text.Json.Nodes;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Engine;
using Closeout.Features.Accounts;
using Closeout.Features.Audit;
using Closeout.Features.Drafts;
using Closeout.Features.Processing;
using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Leakage;

/// <summary>
/// Builds the unbilled-work report of one account from what Jobber says (the jobs completed in the period, their
/// invoices and statuses) and what Closeout holds (its drafts, and the approvals in the audit trail). A job Closeout
/// never drafted is drafted now with the account's engine, so its value is still Closeout's draft. Every sent invoice read
/// here is also learned by the account's history miner: the suggestions keep up with what the business bills.
/// </summary>
internal sealed class UnbilledWork(
    AccountStore accounts,
    BusinessEngines engines,
    LeakageAdvisors advisors,
    JobberApi jobber,
    DraftStore drafts,
    IAuditTrail audit,
    TimeProvider time)
{
    /// <summary>The calendar month before <paramref name="now"/> in the business's time zone, as [from, to).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) PreviousMonth(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var first = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(-1);
        return Month(DateOnly.FromDateTime(first), zone);
    }

    /// <summary>The month starting on <paramref name="first"/> in the business's time zone, as [from, to).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Month(DateOnly first, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var start = first.ToDateTime(TimeOnly.MinValue);
        var end = start.AddMonths(1);
        return (new DateTimeOffset(start, zone.GetUtcOffset(start)), new DateTimeOffset(end, zone.GetUtcOffset(end)));
    }

    public async Task<Result<(Account Account, TimeZoneInfo Zone)>> AccountAsync(string accountId, CancellationToken cancellationToken)
    {
        if (await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return Failure.Permanent($"No account {accountId}");
        }

        var engine = await engines.ForAsync(account, cancellationToken).ConfigureAwait(false);
        return engine.IsSuccess ? (account, engine.Value!.Policy.TimeZone) : engine.Failure!;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, DateTimeOffset, DateTimeOffset), UnbilledReport> _recent = new();

    /// <summary>
    /// The report as built less than a minute ago, else built now: a page and its four charts, or a PDF right after the
    /// JSON, read Jobber once.
    /// </summary>
    public async Task<Result<UnbilledReport>> RecentAsync(Account account, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var key = (account.Id, from, to);
        if (_recent.TryGetValue(key, out var cached) && time.GetUtcNow() - cached.AsOf < TimeSpan.FromMinutes(1))
        {
            return cached;
        }

        var built = await BuildAsync(account, from, to, cancellationToken).ConfigureAwait(false);
        if (built.IsSuccess)
        {
            _recent[key] = built.Value!;
        }

        return built;
    }

    public async Task<Result<UnbilledReport>> BuildAsync(Account account, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var engine = await engines.ForAsync(account, cancellationToken).ConfigureAwait(false);
        if (!engine.IsSuccess)
        {
            return engine.Failure!;
        }

        var completed = await jobber.GetCompletedJobsAsync(account.Id, from, to, cancellationToken).ConfigureAwait(false);
        if (!completed.IsSuccess)
        {
            return completed.Failure!;
        }

        var asOf = time.GetUtcNow();
        var entries = new List<UnbilledEntry>();
        foreach (var done in completed.Value!)
        {
            var entry = await EntryAsync(account, engine.Value!, done, asOf, cancellationToken).ConfigureAwait(false);
            if (!entry.IsSuccess)
            {
                return entry.Failure!;
            }

            if (entry.Value is { } found)
            {
                entries.Add(found);
            }
        }

        var catalog = engine.Value!.Catalog;
        return new UnbilledReport(account.Id, catalog.Business, catalog.Currency, from, to, asOf, completed.Value!.Count,
            entries.OrderBy(e => e.CompletedAt).ThenBy(e => e.JobNumber).ToList());
    }

    private async Task<Result<UnbilledEntry?>> EntryAsync(Account account, DraftEngine engine, CompletedJob done, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var fetched = await jobber.GetJobAsync(account.Id, done.Id, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched.Failure!;
        }

        if (fetched.Value is not { } job)
        {
            return Result.Ok<UnbilledEntry?>(null);
        }

        var invoices = await jobber.GetJobInvoiceLinesAsync(account.Id, done.Id, cancellationToken).ConfigureAwait(false);
        if (!invoices.IsSuccess)
        {
            return invoices.Failure!;
        }

        var translated = JobTranslation.ToEngineJob(job, engine.Catalog, engine.Policy);
        if (!translated.IsSuccess)
        {
            return translated.Failure!;
        }

        var stored = await drafts.FindAsync(done.Id, cancellationToken).ConfigureAwait(false);
        var draft = stored is { } s && s.Draft.AccountId == account.Id
            ? s.Draft.Lines.Select(l => new DraftedLine(l.ItemId, l.Name, l.Quantity, l.UnitPrice, l.Total)).ToList()
            : engine.Draft(translated.Value!).Lines.Select(l => new DraftedLine(l.ItemId, l.Name, l.Quantity, l.UnitPrice, l.Total)).ToList();
        var sent = invoices.Value!.Where(i => i.IsSent).ToList();
        string? ItemOf(JobberInvoiceLine line) => LeakageAdvisors.ItemOf(engine.Catalog, line.ProductName, line.Name);

        string kind;
        decimal amount;
        IReadOnlyList<ShortLine> lines = [];
        if (sent.Count > 0)
        {
            advisors.Learn(account, engine.Catalog, done.Id, translated.Value!, sent.SelectMany(i => i.Lines));
            lines = UnderBilling.ShortLines(draft, sent.SelectMany(i => i.Lines), ItemOf);
            (kind, amount) = (UnbilledKind.UnderBilled, lines.Sum(l => l.Shortfall));
        }
        else if (await IsApprovedAsync(account.Id, done.Id, cancellationToken).ConfigureAwait(false))
        {
            (kind, amount) = (UnbilledKind.ApprovedNotSent, draft.Sum(l => l.Total));
        }
        else
        {
            (kind, amount) = (UnbilledKind.NotInvoiced, draft.Sum(l => l.Total));
        }

        if (amount <= 0m)
        {
            return Result.Ok<UnbilledEntry?>(null);
        }

        var invoice = sent.Count > 0 ? sent[0] : invoices.Value!.Count > 0 ? invoices.Value[0] : null;
        var local = TimeZoneInfo.ConvertTime(done.CompletedAt, engine.Policy.TimeZone);
        var week = DateOnly.FromDateTime(local.DateTime).AddDays(-(((int)local.DayOfWeek + 6) % 7));
        return new UnbilledEntry(
            kind, done.Id, done.JobNumber, job["title"]?.ToString() ?? "", ClientOf(job), TechnicianOf(job), ServiceLineOf(draft, engine.Catalog), week,
            done.CompletedAt, (int)Math.Floor((asOf - done.CompletedAt).TotalDays), amount, stored is not null,
            kind == UnbilledKind.NotInvoiced ? null : invoice?.Id, kind == UnbilledKind.NotInvoiced ? null : invoice?.InvoiceNumber, lines);
    }

    /// <summary>Approved when the draft's last decision in the audit trail is draft.approved.</summary>
    private async Task<bool> IsApprovedAsync(string accountId, string jobId, CancellationToken cancellationToken)
    {
        var history = await audit.HistoryAsync(accountId, DraftAudit.Subject(jobId), cancellationToken).ConfigureAwait(false);
        return history.LastOrDefault(e => e.Entry.Action is "draft.approved" or "draft.rejected")?.Entry.Action == "draft.approved";
    }

    private static string ClientOf(JsonObject job) =>
        (job["client"]?["companyName"]?.ToString() is { Length: > 0 } company ? company : job["client"]?["name"]?.ToString()) ?? "Unknown client";

    /// <summary>The first person assigned to the job's visits: who did the work.</summary>
    private static string TechnicianOf(JsonObject job) =>
        (job["visits"]?["nodes"] as JsonArray ?? [])
            .SelectMany(v => v?["assignedUsers"]?["nodes"] as JsonArray ?? [])
            .Select(u => u?["name"]?["full"]?.ToString())
            .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? "Unassigned";

    /// <summary>The catalog category of the draft's largest part or service (labor and fees when it has nothing else).</summary>
    private static string ServiceLineOf(IReadOnlyList<DraftedLine> draft, Catalog catalog) =>
        draft.Select(l => (Line: l, Item: catalog.Find(l.ItemId)))
            .OrderBy(x => x.Item?.Kind is ItemKind.Labor or ItemKind.Fee ? 1 : 0).ThenByDescending(x => x.Line.Total)
            .Select(x => x.Item?.Category).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)) ?? "Other";
}
