namespace TeachingAssistant.Time;

/// <summary>The simulated semester's clock: the host registers it as the <see cref="TimeProvider"/> of the whole SDK, and the runner moves it forward as the weeks pass.</summary>
/// <remarks>
/// Only wall-clock time is simulated. Timestamps and timers still come from the base class, so latencies, retry delays
/// and timeouts are real. The clock never moves backwards: a resumed run starts where the stored records end, so no
/// memory version or journal event is ever dated before one that is already there.
/// </remarks>
internal sealed class SemesterClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now;

    public SemesterClock(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock to <paramref name="instant"/>, or leaves it where it is when that is not later.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        lock (_gate)
        {
            if (instant > _now)
            {
                _now = instant.ToUniversalTime();
            }
        }
    }
}
