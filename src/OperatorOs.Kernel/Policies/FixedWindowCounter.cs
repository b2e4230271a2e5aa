using System.Threading.RateLimiting;

namespace OperatorOs;

/// <summary>A fixed-window permit counter whose windows are measured on a <see cref="TimeProvider"/>.</summary>
/// <remarks>
/// <see cref="FixedWindowRateLimiter"/> keeps the permit count, but its windows run on <c>Stopwatch</c> time and it cannot take a
/// <see cref="TimeProvider"/>. So the limiter is created with manual replenishment and a zero window (which lets
/// <see cref="ReplenishingRateLimiter.TryReplenish"/> refill at any moment), and this class decides on the <see cref="TimeProvider"/>
/// when a window has passed. Tests therefore drive windows with <c>FakeTimeProvider</c>. Thread-safe.
/// </remarks>
internal sealed class FixedWindowCounter : IDisposable
{
    private readonly FixedWindowRateLimiter _limiter;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _window;
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart;

    public FixedWindowCounter(int permitLimit, TimeSpan window, TimeProvider timeProvider)
    {
        _limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = TimeSpan.Zero,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
        _timeProvider = timeProvider;
        _window = window;
        _windowStart = timeProvider.GetUtcNow();
    }

    /// <summary>Takes a permit in the current window.</summary>
    /// <returns>Whether a permit was left, and when the current window ends.</returns>
    public (bool Acquired, DateTimeOffset WindowEnds) TryAcquire()
    {
        lock (_lock)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            TimeSpan elapsed = now - _windowStart;
            if (elapsed >= _window || elapsed < TimeSpan.Zero)
            {
                _windowStart = elapsed < TimeSpan.Zero ? now : _windowStart + (_window * Math.Floor(elapsed / _window));
                _ = _limiter.TryReplenish();
            }

            using RateLimitLease lease = _limiter.AttemptAcquire(1);
            return (lease.IsAcquired, _windowStart + _window);
        }
    }

    public void Dispose() => _limiter.Dispose();
}
