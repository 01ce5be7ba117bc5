namespace Baqylau.Testing;

/// <summary>
/// A clock that forwards to another (usually a FakeTimeProvider) and tells each time a timer is created on it. A
/// background loop that sleeps on the clock between rounds (<c>Task.Delay(wait, clock)</c>) creates one per round:
/// a test waits for that, knowing the round is over, instead of sleeping and hoping it is.
/// </summary>
public sealed class TimerWatchingClock(TimeProvider inner) : TimeProvider, IDisposable
{
    private readonly SemaphoreSlim _timers = new(0);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits (bounded) for the next timer not yet waited for.</summary>
    public async Task WaitForTimerAsync(TimeSpan? limit = null)
    {
        var within = limit ?? TimeSpan.FromSeconds(20);
        if (!await _timers.WaitAsync(within))
            throw new TimeoutException($"no timer was created on the clock within {within}");
    }

    public void Dispose() => _timers.Dispose();
}
