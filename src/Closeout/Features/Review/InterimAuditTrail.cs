using System.Collections.Concurrent;
using Closeout.Features.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Closeout.Features.Review;

/// <summary>
/// Stands in for the hash-chained audit log until it lands (Features/Audit): keeps entries in memory so the review pages can
/// record and show history. Registered only when no other <see cref="IAuditTrail"/> is. Delete once the real one is on main.
/// </summary>
internal sealed class InterimAuditTrail(TimeProvider time) : IAuditTrail
{
    private readonly ConcurrentQueue<RecordedAuditEntry> _entries = new();
    private long _sequence;

    public Task<RecordedAuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var recorded = new RecordedAuditEntry(Interlocked.Increment(ref _sequence), time.GetUtcNow(), entry, "");
        _entries.Enqueue(recorded);
        return Task.FromResult(recorded);
    }

    public Task<IReadOnlyList<RecordedAuditEntry>> HistoryAsync(string accountId, string subject, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RecordedAuditEntry>>(_entries.Where(e => e.Entry.AccountId == accountId && e.Entry.Subject == subject).OrderBy(e => e.Sequence).ToList());
}

internal static class InterimAuditTrailExtensions
{
    public static IServiceCollection AddInterimAuditTrail(this IServiceCollection services)
    {
        services.TryAddSingleton<IAuditTrail, InterimAuditTrail>();
        return services;
    }
}
