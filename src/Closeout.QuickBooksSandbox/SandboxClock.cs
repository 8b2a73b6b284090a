namespace Closeout.QuickBooksSandbox;

/// <summary>
/// The sandbox's clock: the host's TimeProvider (system time, or a test's FakeTimeProvider) plus an offset that
/// <c>POST /sandbox/clock</c> moves forward, so token expiry, CDC windows and webhook retries can be acted out.
/// </summary>
internal sealed class SandboxClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The sandbox clock only moves forward");
        }

        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
