using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Builds the <see cref="EffectivePolicy"/> from <see cref="IOptionsMonitor{TOptions}"/>, once per options instance (a reload of the policy file makes a new one).</summary>
/// <remarks>
/// The policy is kept until the monitor reports a change, so reading it costs a field read, not an options lookup. The monitor
/// reports a reload from the policy file's change token before the reload returns, so the next proposal sees the new policy.
/// </remarks>
internal sealed class OptionsEffectivePolicySource : IEffectivePolicySource, IDisposable
{
    private readonly IOptionsMonitor<OperatorOsOptions> _monitor;
    private readonly IDisposable? _subscription;
    private readonly Lock _lock = new();
    private volatile EffectivePolicy? _cached;
    private long _changes;

    public OptionsEffectivePolicySource(IOptionsMonitor<OperatorOsOptions> monitor)
    {
        _monitor = monitor;
        _subscription = monitor.OnChange((_, _) => Invalidate());
    }

    public EffectivePolicy Current
    {
        get
        {
            EffectivePolicy? cached = _cached;
            if (cached is not null)
            {
                return cached;
            }

            long seen = Interlocked.Read(ref _changes);
            OperatorOsOptions options = _monitor.CurrentValue;
            var fresh = new EffectivePolicy(options, options.LoadedPolicyFile);
            lock (_lock)
            {
                // A change reported while this one was built makes it stale: it is used once, not kept.
                if (_changes == seen)
                {
                    _cached ??= fresh;
                    return _cached;
                }
            }

            return fresh;
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private void Invalidate()
    {
        lock (_lock)
        {
            _changes++;
            _cached = null;
        }
    }
}
