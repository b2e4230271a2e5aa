using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Knows whether the system runs online, offline (no model registered) or degraded (a model failed or a budget ran out), and for how long.</summary>
internal sealed class OperatorStatusTracker : IOperatorStatus
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<bool> _offline;
    private readonly DateTimeOffset _started;
    private DateTimeOffset _degradedSince;
    private TimeSpan _degradedBefore;
    private string? _degradedReason;

    public OperatorStatusTracker(IServiceProvider services, TimeProvider timeProvider, IOptionsMonitor<OperatorOsOptions> options)
    {
        _timeProvider = timeProvider;
        _started = timeProvider.GetUtcNow();
        _offline = new Lazy<bool>(() => !HasAnyModel(services, options.CurrentValue.Models));
    }

    public bool IsOffline => _offline.Value;

    public OperatorStatus GetStatus()
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            TimeSpan degraded = _degradedBefore + (_degradedReason is null ? TimeSpan.Zero : now - _degradedSince);
            if (_degradedReason is { } reason)
            {
                return new OperatorStatus(OperatorMode.Degraded, reason, _degradedSince, degraded);
            }

            return _offline.Value
                ? new OperatorStatus(OperatorMode.Offline, "No chat client is registered: agents follow their deterministic strategies or leave their work to the operator.", _started, degraded)
                : new OperatorStatus(OperatorMode.Online, null, _started, degraded);
        }
    }

    /// <summary>Marks the system degraded; returns whether it was not already.</summary>
    public bool ReportDegraded(string reason)
    {
        lock (_gate)
        {
            bool changed = _degradedReason is null;
            if (changed)
            {
                _degradedSince = _timeProvider.GetUtcNow();
            }

            _degradedReason = reason;
            return changed;
        }
    }

    /// <summary>Marks the system recovered; returns whether it was degraded.</summary>
    public bool ReportRecovered()
    {
        lock (_gate)
        {
            if (_degradedReason is null)
            {
                return false;
            }

            _degradedBefore += _timeProvider.GetUtcNow() - _degradedSince;
            _degradedReason = null;
            return true;
        }
    }

    private static bool HasAnyModel(IServiceProvider services, ModelOptions models)
    {
        if (services.GetService<IChatClient>() is not null)
        {
            return true;
        }

        foreach (string tier in models.Tiers)
        {
            if (services.GetKeyedService<IChatClient>(tier) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
