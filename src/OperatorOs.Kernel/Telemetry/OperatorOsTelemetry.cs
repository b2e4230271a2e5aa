using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OperatorOs;

/// <summary>Owns the one <see cref="ActivitySource"/> and the one <see cref="Meter"/> named <c>OperatorOs</c>, records the kernel's instruments, and keeps the in-process figures <see cref="IOperatorMetrics"/> reports.</summary>
internal sealed class OperatorOsTelemetry : IOperatorMetrics, IDisposable
{
    public const string Name = "OperatorOs";

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<PolicyVerdict, long> _decisions = [];
    private readonly Dictionary<string, long> _denials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Completed, long Failed, LatencyReservoir Latency)> _capabilities = new(StringComparer.Ordinal);
    private readonly LatencyReservoir _actionLatency = new();
    private readonly LatencyReservoir _approvalLatency = new();
    private long _routed;
    private long _unrouted;
    private long _completed;
    private long _failed;
    private long _approvalsDecided;
    private readonly Dictionary<string, ModelUsage> _usageByAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelUsage> _usageByWorkflow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelUsage> _usageByModel = new(StringComparer.Ordinal);
    private ModelUsage _usage;
    private long _reservationOverruns;
    private long _cacheHits;

    public OperatorOsTelemetry(IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        ActivitySource = new ActivitySource(Name);
        Meter = meterFactory?.Create(Name) ?? new Meter(Name);
        Decisions = Meter.CreateCounter<long>("operatoros.policy.decisions", "{decision}", "Policy decisions by verdict and rule.");
        Actions = Meter.CreateCounter<long>("operatoros.actions", "{action}", "Executed actions by capability and outcome.");
        ActionDuration = Meter.CreateHistogram<double>("operatoros.action.duration", "s", "Time the executor spent on an action.");
        Routes = Meter.CreateCounter<long>("operatoros.routes", "{intent}", "Routing decisions by outcome (routed or unrouted) and rule.");
        ApprovalDuration = Meter.CreateHistogram<double>("operatoros.approval.duration", "s", "Time from an approval request to its decision.");
        TokenUsage = Meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Tokens used per model call, by token type (GenAI semantic conventions).");
        ModelCost = Meter.CreateCounter<double>("operatoros.model.cost", "{currency}", "Model spend at the configured prices, by agent and workflow.");
        CacheHits = Meter.CreateCounter<long>("operatoros.model.cache_hits", "{request}", "Model requests answered from a tier's response cache, at no cost, by agent and model.");
        ReservationOverruns = Meter.CreateCounter<long>("operatoros.model.reservation_overruns", "{call}", "Model calls that reported more usage than they reserved against the budgets, by agent and workflow.");
        FlowTransitions = Meter.CreateCounter<long>("operatoros.flow.transitions", "{transition}", "Completed flow transitions by flow and resulting status.");
    }

    public Counter<long> FlowTransitions { get; }

    public Counter<long> Routes { get; }

    public Histogram<long> TokenUsage { get; }

    public Counter<double> ModelCost { get; }

    public Counter<long> ReservationOverruns { get; }

    public Counter<long> CacheHits { get; }

    public Histogram<double> ApprovalDuration { get; }

    public ActivitySource ActivitySource { get; }

    public Meter Meter { get; }

    public Counter<long> Decisions { get; }

    public Counter<long> Actions { get; }

    public Histogram<double> ActionDuration { get; }

    public void RecordModelUsage(string agent, string workflow, string model, ModelUsage usage)
    {
        TokenUsage.Record(usage.InputTokens, new("gen_ai.token.type", "input"), new("gen_ai.request.model", model), new("operatoros.agent", agent));
        TokenUsage.Record(usage.OutputTokens, new("gen_ai.token.type", "output"), new("gen_ai.request.model", model), new("operatoros.agent", agent));
        ModelCost.Add((double)usage.Cost, new("operatoros.agent", agent), new("operatoros.workflow", workflow));
        lock (_gate)
        {
            _usage += usage;
            _usageByAgent[agent] = _usageByAgent.GetValueOrDefault(agent) + usage;
            _usageByWorkflow[workflow] = _usageByWorkflow.GetValueOrDefault(workflow) + usage;
            _usageByModel[model] = _usageByModel.GetValueOrDefault(model) + usage;
        }
    }

    public void RecordCacheHit(string agent, string model)
    {
        CacheHits.Add(1, new("operatoros.agent", agent), new("gen_ai.request.model", model));
        lock (_gate)
        {
            _cacheHits++;
        }
    }

    public void RecordReservationOverrun(string agent, string workflow)
    {
        ReservationOverruns.Add(1, new("operatoros.agent", agent), new("operatoros.workflow", workflow));
        lock (_gate)
        {
            _reservationOverruns++;
        }
    }

    public void RecordRoute(RouteDecision route)
    {
        Routes.Add(1, new("outcome", route.IsRouted ? "routed" : "unrouted"), new("rule", route.Rule));
        lock (_gate)
        {
            if (route.IsRouted)
            {
                _routed++;
            }
            else
            {
                _unrouted++;
            }
        }
    }

    public void RecordDecision(PolicyDecision decision)
    {
        Decisions.Add(1, new("verdict", decision.Verdict.ToString()), new("rule", decision.RuleId));
        lock (_gate)
        {
            _decisions[decision.Verdict] = _decisions.GetValueOrDefault(decision.Verdict) + 1;
            if (decision.Verdict == PolicyVerdict.Deny)
            {
                _denials[decision.RuleId] = _denials.GetValueOrDefault(decision.RuleId) + 1;
            }
        }
    }

    public void RecordAction(string capability, bool completed, double seconds)
    {
        Actions.Add(1, new("capability", capability), new("outcome", completed ? "completed" : "failed"));
        if (completed)
        {
            ActionDuration.Record(seconds, new KeyValuePair<string, object?>("capability", capability));
        }

        lock (_gate)
        {
            (long done, long failed, LatencyReservoir latency) = _capabilities.TryGetValue(capability, out var entry) ? entry : (0, 0, new LatencyReservoir());
            if (completed)
            {
                _completed++;
                done++;
                latency.Add(seconds);
                _actionLatency.Add(seconds);
            }
            else
            {
                _failed++;
                failed++;
            }

            _capabilities[capability] = (done, failed, latency);
        }
    }

    public void RecordApprovalDecided(ApprovalRequest request)
    {
        if (request.Status == ApprovalStatus.Pending || request.DecidedAt is not { } decidedAt)
        {
            return;
        }

        double seconds = Math.Max(0, (decidedAt - request.CreatedAt).TotalSeconds);
        ApprovalDuration.Record(seconds, new KeyValuePair<string, object?>("status", request.Status.ToString()));
        lock (_gate)
        {
            _approvalsDecided++;
            _approvalLatency.Add(seconds);
        }
    }

    public OperatorMetricsSnapshot GetSnapshot()
    {
        lock (_gate)
        {
            (TimeSpan? actionP50, TimeSpan? actionP95) = _actionLatency.Percentiles();
            (TimeSpan? approvalP50, TimeSpan? approvalP95) = _approvalLatency.Percentiles();
            var capabilities = _capabilities.ToDictionary(
                pair => pair.Key,
                pair =>
                {
                    (TimeSpan? p50, TimeSpan? p95) = pair.Value.Latency.Percentiles();
                    return new CapabilityMetrics(pair.Value.Completed, pair.Value.Failed, p50, p95);
                },
                StringComparer.Ordinal);
            return new OperatorMetricsSnapshot(
                _timeProvider.GetUtcNow(),
                _routed,
                _unrouted,
                new Dictionary<PolicyVerdict, long>(_decisions),
                new Dictionary<string, long>(_denials, StringComparer.Ordinal),
                _completed,
                _failed,
                actionP50,
                actionP95,
                _approvalsDecided,
                approvalP50,
                approvalP95,
                capabilities)
            {
                ModelUsage = _usage,
                ModelUsageByAgent = new Dictionary<string, ModelUsage>(_usageByAgent, StringComparer.Ordinal),
                ModelUsageByWorkflow = new Dictionary<string, ModelUsage>(_usageByWorkflow, StringComparer.Ordinal),
                ModelUsageByModel = new Dictionary<string, ModelUsage>(_usageByModel, StringComparer.Ordinal),
                ModelReservationOverruns = _reservationOverruns,
                ModelCacheHits = _cacheHits,
            };
        }
    }

    public void Dispose()
    {
        ActivitySource.Dispose();
        Meter.Dispose();
    }
}
