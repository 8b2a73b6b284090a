using Closeout.Infrastructure;
using Closeout.Infrastructure.Jobber;

namespace Closeout.Features.Processing;

/// <summary>When a failed item is tried again: never for permanent failures or past the limit, the server's wait when it gave one, else backoff with jitter.</summary>
internal static class RetrySchedule
{
    public static DateTimeOffset? Next(Failure failure, long attempts, ProcessingOptions options, DateTimeOffset now)
    {
        if (failure.Kind == FailureKind.Permanent || attempts >= options.MaxAttempts)
        {
            return null;
        }

        var baseDelay = failure.Kind is FailureKind.Auth or FailureKind.Configuration ? options.SlowRetryBaseMilliseconds : options.RetryBaseMilliseconds;
        var delay = Backoff.Jittered((int)Math.Min(attempts, 30), TimeSpan.FromMilliseconds(baseDelay), TimeSpan.FromMilliseconds(options.RetryMaxMilliseconds));
        if (failure.RetryAfter is { } hint && hint > delay)
        {
            delay = hint;
        }

        return now + delay;
    }
}
