namespace Baqylau.Testing;

/// <summary>
/// The clock of an app under test: real time plus an offset that only grows, so the app keeps running on a moving,
/// monotonic clock (timers, cookies, schedules) while a test can jump it forward, e.g. to a fresh TOTP step instead of
/// waiting up to 30 s for one.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far ahead of real time this clock is.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/> unless it is already there.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var behind = instant - GetUtcNow();
        if (behind > TimeSpan.Zero)
            Advance(behind);
    }
}
