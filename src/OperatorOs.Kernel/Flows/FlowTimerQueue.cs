namespace OperatorOs;

/// <summary>Fires flow timers at their due times through one <see cref="ITimer"/> of the <see cref="TimeProvider"/>, armed for the earliest.</summary>
/// <remarks>
/// Entries live only in memory: the due times are durable in the instances' checkpoints and are scheduled again when an instance
/// is loaded. A stale entry (the instance left the state) is harmless: the runtime checks the checkpoint before firing.
/// </remarks>
internal sealed class FlowTimerQueue : IDisposable
{
    // ITimer.Change takes at most about 49 days; a longer wait re-arms on the way.
    private static readonly TimeSpan MaxArm = TimeSpan.FromDays(1);

    private readonly TimeProvider _timeProvider;
    private readonly Action<string, string> _fire;
    private readonly PriorityQueue<(string InstanceId, string Name), DateTimeOffset> _queue = new();
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;
    private bool _disposed;

    public FlowTimerQueue(TimeProvider timeProvider, Action<string, string> fire)
    {
        _timeProvider = timeProvider;
        _fire = fire;
    }

    public void Schedule(string instanceId, string name, DateTimeOffset due)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _queue.Enqueue((instanceId, name), due);
            if (_armedFor is null || due < _armedFor)
            {
                Arm(due);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
            _timer?.Dispose();
        }
    }

    private void Arm(DateTimeOffset due)
    {
        TimeSpan delay = due - _timeProvider.GetUtcNow();
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxArm ? MaxArm : delay;
        _timer ??= _timeProvider.CreateTimer(static state => ((FlowTimerQueue)state!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _armedFor = due;
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnTick()
    {
        var due = new List<(string InstanceId, string Name)>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            DateTimeOffset now = _timeProvider.GetUtcNow();
            while (_queue.TryPeek(out (string InstanceId, string Name) entry, out DateTimeOffset at) && at <= now)
            {
                _queue.Dequeue();
                due.Add(entry);
            }

            _armedFor = null;
            if (_queue.TryPeek(out _, out DateTimeOffset next))
            {
                Arm(next);
            }
        }

        foreach ((string instanceId, string name) in due)
        {
            _fire(instanceId, name);
        }
    }
}
