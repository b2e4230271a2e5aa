using System.Threading.RateLimiting;

namespace OperatorOs;

/// <summary>A fixed-window permit counter whose windows are measured on a <see cref="TimeProvider"/>.</summary>
/// <remarks>
/// <see cref="FixedWindowRateLimiter"/> keeps the permit count, but its windows run on <c>Stopwatch</c> time and it cannot take a
/// <see cref="TimeProvider"/>: even with manual replenishment, <see cref="ReplenishingRateLimiter.TryReplenish"/> refuses until a real
/// window has elapsed, and a zero window is rejected. So each window gets a fresh limiter that never replenishes itself, and this
/// class decides on the <see cref="TimeProvider"/> when a window has passed. Tests therefore drive windows with
/// <c>FakeTimeProvider</c>. Thread-safe.
/// </remarks>
internal sealed class FixedWindowCounter : IDisposable
{
    private readonly int _permitLimit;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _window;
    private readonly Lock _lock = new();
    private FixedWindowRateLimiter _limiter;
    private DateTimeOffset _windowStart;

    public FixedWindowCounter(int permitLimit, TimeSpan window, TimeProvider timeProvider)
    {
        _permitLimit = permitLimit;
        _limiter = CreateLimiter(permitLimit, window);
        _timeProvider = timeProvider;
        _window = window;
        _windowStart = timeProvider.GetUtcNow();
    }

    /// <summary>Takes a permit in the current window, or, when <paramref name="consume"/> is false, only checks that one is left.</summary>
    /// <param name="consume">Whether to take the permit.</param>
    /// <returns>Whether a permit was (or would be) available, and when the current window ends.</returns>
    public (bool Acquired, DateTimeOffset WindowEnds) TryAcquire(bool consume = true)
    {
        lock (_lock)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            TimeSpan elapsed = now - _windowStart;
            if (elapsed >= _window || elapsed < TimeSpan.Zero)
            {
                _windowStart = elapsed < TimeSpan.Zero ? now : _windowStart + (_window * Math.Floor(elapsed / _window));
                _limiter.Dispose();
                _limiter = CreateLimiter(_permitLimit, _window);
            }

            if (!consume)
            {
                return ((_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0) > 0, _windowStart + _window);
            }

            using RateLimitLease lease = _limiter.AttemptAcquire(1);
            return (lease.IsAcquired, _windowStart + _window);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _limiter.Dispose();
        }
    }

    private static FixedWindowRateLimiter CreateLimiter(int permitLimit, TimeSpan window) => new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = permitLimit,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = false,
    });
}
