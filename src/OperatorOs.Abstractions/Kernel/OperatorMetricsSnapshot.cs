namespace OperatorOs;

/// <summary>Represents the kernel's figures since the host started, for shells to show: routing, decisions, action success and latency, approval latency.</summary>
/// <param name="TakenAt">When the snapshot was taken.</param>
/// <param name="IntentsRouted">Intents a route took.</param>
/// <param name="IntentsUnrouted">Intents no route took (they wait for the operator).</param>
/// <param name="Decisions">Policy decisions by verdict.</param>
/// <param name="DenialsByRule">Denials by the rule that denied.</param>
/// <param name="ActionsCompleted">Actions that completed.</param>
/// <param name="ActionsFailed">Actions that failed.</param>
/// <param name="ActionLatencyP50">The median time the executor spent on an action, or <see langword="null"/>.</param>
/// <param name="ActionLatencyP95">The 95th percentile of that time, or <see langword="null"/>.</param>
/// <param name="ApprovalsDecided">Approval requests approved, rejected or expired.</param>
/// <param name="ApprovalLatencyP50">The median time from request to decision, or <see langword="null"/>.</param>
/// <param name="ApprovalLatencyP95">The 95th percentile of that time, or <see langword="null"/>.</param>
/// <param name="Capabilities">The figures per capability.</param>
public sealed record OperatorMetricsSnapshot(
    DateTimeOffset TakenAt,
    long IntentsRouted,
    long IntentsUnrouted,
    IReadOnlyDictionary<PolicyVerdict, long> Decisions,
    IReadOnlyDictionary<string, long> DenialsByRule,
    long ActionsCompleted,
    long ActionsFailed,
    TimeSpan? ActionLatencyP50,
    TimeSpan? ActionLatencyP95,
    long ApprovalsDecided,
    TimeSpan? ApprovalLatencyP50,
    TimeSpan? ApprovalLatencyP95,
    IReadOnlyDictionary<string, CapabilityMetrics> Capabilities)
{
    /// <summary>Gets the share of actions that completed, or <see langword="null"/> before the first action.</summary>
    public double? SuccessRate => ActionsCompleted + ActionsFailed == 0 ? null : (double)ActionsCompleted / (ActionsCompleted + ActionsFailed);

    /// <summary>Gets the model usage of all agents together.</summary>
    public ModelUsage ModelUsage { get; init; }

    /// <summary>Gets the model usage per agent.</summary>
    public IReadOnlyDictionary<string, ModelUsage> ModelUsageByAgent { get; init; } = new Dictionary<string, ModelUsage>();

    /// <summary>Gets the model usage per workflow (the intent name an agent worked on, or a flow's name).</summary>
    public IReadOnlyDictionary<string, ModelUsage> ModelUsageByWorkflow { get; init; } = new Dictionary<string, ModelUsage>();

    /// <summary>Gets the model usage per model id.</summary>
    public IReadOnlyDictionary<string, ModelUsage> ModelUsageByModel { get; init; } = new Dictionary<string, ModelUsage>();

    /// <summary>Gets the model requests answered from a tier's response cache: they cost nothing and are not in <see cref="ModelUsage"/>.</summary>
    public long ModelCacheHits { get; init; }

    /// <summary>Gets the model calls whose reported usage exceeded what they reserved against the budgets (each is journaled as <c>model.reservation-overrun</c>).</summary>
    public long ModelReservationOverruns { get; init; }
}
