using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Builds the <see cref="EffectivePolicy"/> from <see cref="IOptionsMonitor{TOptions}"/>, once per options instance (a reload of the policy file makes a new one).</summary>
internal sealed class OptionsEffectivePolicySource : IEffectivePolicySource
{
    private readonly IOptionsMonitor<OperatorOsOptions> _monitor;
    private volatile EffectivePolicy? _cached;

    public OptionsEffectivePolicySource(IOptionsMonitor<OperatorOsOptions> monitor)
    {
        _monitor = monitor;
    }

    public EffectivePolicy Current
    {
        get
        {
            OperatorOsOptions options = _monitor.CurrentValue;
            EffectivePolicy? cached = _cached;
            if (cached is not null && ReferenceEquals(cached.Options, options))
            {
                return cached;
            }

            var fresh = new EffectivePolicy(options, options.LoadedPolicyFile);
            _cached = fresh;
            return fresh;
        }
    }
}
