using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Kernel.Tests.Execution;

/// <summary>A fake clock that reports the due time of every timer started on it, once the timer is in place, so a test can advance
/// the clock exactly past a wait the code under test began (a retry's delay) without racing it.</summary>
internal sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _started = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _ = _started.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits for the next timer started with a due time other than <paramref name="ignored"/> (an attempt's timeout, say) and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync(TimeSpan ignored, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan due = await _started.Reader.ReadAsync(cancellationToken);
            if (due != ignored)
            {
                return due;
            }
        }
    }
}
