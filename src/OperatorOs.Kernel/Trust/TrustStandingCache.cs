using System.Collections.Concurrent;

namespace OperatorOs;

/// <summary>Caches trust standings per (agent, capability) for the decision path, for at most one refresh interval.</summary>
/// <remarks>
/// Time is cut into epochs of <see cref="TrustLadderOptions.StandingRefreshInterval"/> by a timer on the kernel's
/// <see cref="TimeProvider"/>; a snapshot is used only in the epoch its read began in, so a decision never uses a standing read
/// more than one interval before it. Checking that costs two memory reads, not a clock read. The ladder's own writes replace the
/// snapshot at once; a change made by another process through the same store (the operator CLI deciding an approval, or
/// promoting and demoting) is seen once the epoch ends. With an interval of zero nothing is cached. Thread-safe.
/// </remarks>
internal sealed class TrustStandingCache : IDisposable
{
    private const long Uncached = -1;

    private readonly ConcurrentDictionary<(string Agent, string Capability), TrustSlot> _slots = new();
    private readonly TimeProvider _timeProvider;
    private readonly EpochCounter _counter = new();
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private volatile int _state;

    public TrustStandingCache(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    private enum State
    {
        NotStarted,
        Running,
        Uncaching,
        Disposed,
    }

    /// <summary>Gets the current epoch.</summary>
    public long Epoch => _counter.Value;

    public TrustSlot Slot(string agent, string capability) =>
        _slots.GetOrAdd((agent, capability), static (key, cache) => new TrustSlot(cache, key.Agent, key.Capability), this);

    /// <summary>Returns the epoch to stamp a read that begins now with: the current one, or one that is never current when nothing is cached.</summary>
    /// <param name="interval">The refresh interval; the first call starts the epoch timer with it.</param>
    public long BeginRead(TimeSpan interval)
    {
        if (_state == (int)State.NotStarted)
        {
            Start(interval);
        }

        return _state == (int)State.Running ? _counter.Value : Uncached;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _state = (int)State.Disposed;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Start(TimeSpan interval)
    {
        lock (_lock)
        {
            if (_state != (int)State.NotStarted)
            {
                return;
            }

            if (interval <= TimeSpan.Zero)
            {
                _state = (int)State.Uncaching;
                return;
            }

            // The timer's state is the counter alone, so a running timer keeps nothing else alive.
            _timer = _timeProvider.CreateTimer(static counter => ((EpochCounter)counter!).Advance(), _counter, interval, interval);
            _state = (int)State.Running;
        }
    }

    private sealed class EpochCounter
    {
        private long _value;

        public long Value => Volatile.Read(ref _value);

        public void Advance() => Interlocked.Increment(ref _value);
    }
}
