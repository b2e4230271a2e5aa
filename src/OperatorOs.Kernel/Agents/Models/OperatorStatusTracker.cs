using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Knows whether the system runs online, offline (no model registered) or degraded (a model failed, a budget ran out, or a connector's circuit is open), and for how long.</summary>
internal sealed class OperatorStatusTracker : IOperatorStatus
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<bool> _offline;
    private readonly DateTimeOffset _started;
    private readonly Dictionary<string, string> _openConnectors = new(StringComparer.Ordinal);
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
            bool degradedNow = IsDegraded;
            TimeSpan degraded = _degradedBefore + (degradedNow ? now - _degradedSince : TimeSpan.Zero);
            if (degradedNow)
            {
                // The model's reason first (it decides how agents work), then each open connector circuit.
                string reason = string.Join(" ", _openConnectors.Values.Prepend(_degradedReason).OfType<string>());
                return new OperatorStatus(OperatorMode.Degraded, reason, _degradedSince, degraded);
            }

            return _offline.Value
                ? new OperatorStatus(OperatorMode.Offline, "No chat client is registered: agents follow their deterministic strategies or leave their work to the operator.", _started, degraded)
                : new OperatorStatus(OperatorMode.Online, null, _started, degraded);
        }
    }

    /// <summary>Marks the system degraded (the model path); returns whether it was not already.</summary>
    public bool ReportDegraded(string reason)
    {
        lock (_gate)
        {
            bool changed = _degradedReason is null;
            Change(() => _degradedReason = reason);
            return changed;
        }
    }

    /// <summary>Marks the model path recovered; returns whether it was degraded.</summary>
    public bool ReportRecovered()
    {
        lock (_gate)
        {
            bool changed = _degradedReason is not null;
            Change(() => _degradedReason = null);
            return changed;
        }
    }

    /// <summary>Marks a connector's circuit open; returns whether it was not already.</summary>
    public bool ReportConnectorOpen(string connector, string reason)
    {
        lock (_gate)
        {
            bool changed = !_openConnectors.ContainsKey(connector);
            Change(() => _openConnectors[connector] = reason);
            return changed;
        }
    }

    /// <summary>Marks a connector's circuit closed; returns whether it was open.</summary>
    public bool ReportConnectorClosed(string connector)
    {
        lock (_gate)
        {
            bool changed = false;
            Change(() => changed = _openConnectors.Remove(connector));
            return changed;
        }
    }

    /// <summary>The operator status event to journal after a cause of degradation went away: recovered, or degraded still (by the causes left),
    /// so the journal's latest status event always says how the system runs.</summary>
    public (string Type, string Reason) AfterRecovery(string recovered)
    {
        OperatorStatus status = GetStatus();
        return status.Mode == OperatorMode.Degraded ? (JournalEventTypes.OperatorDegraded, status.Reason!) : (JournalEventTypes.OperatorRecovered, recovered);
    }

    private bool IsDegraded => _degradedReason is not null || _openConnectors.Count > 0;

    // Under the gate: applies a change and keeps the degraded time, which runs while any cause holds.
    private void Change(Action change)
    {
        bool before = IsDegraded;
        change();
        bool after = IsDegraded;
        if (!before && after)
        {
            _degradedSince = _timeProvider.GetUtcNow();
        }
        else if (before && !after)
        {
            _degradedBefore += _timeProvider.GetUtcNow() - _degradedSince;
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
