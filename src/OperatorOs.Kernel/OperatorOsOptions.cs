namespace OperatorOs;

/// <summary>Configures the kernel: the default decision per risk tier, capability tier overrides, shadow mode, approvals and execution.</summary>
public class OperatorOsOptions
{
    /// <summary>Gets the decision each risk tier gets when no stricter rule applies.</summary>
    /// <value>The default is Execute for <see cref="RiskTier.Read"/> and NeedsApproval for every other tier: the operator approves by default and loosens deliberately.</value>
    public IDictionary<RiskTier, PolicyVerdict> TierDefaults { get; } = new Dictionary<RiskTier, PolicyVerdict>
    {
        [RiskTier.Read] = PolicyVerdict.Execute,
        [RiskTier.Internal] = PolicyVerdict.NeedsApproval,
        [RiskTier.External] = PolicyVerdict.NeedsApproval,
        [RiskTier.Financial] = PolicyVerdict.NeedsApproval,
        [RiskTier.Commitment] = PolicyVerdict.NeedsApproval,
    };

    /// <summary>Gets risk tiers that replace the tier a connector declares for a capability, keyed by capability name.</summary>
    public IDictionary<string, RiskTier> CapabilityTiers { get; } = new Dictionary<string, RiskTier>(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether every action is recorded but not executed.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ShadowMode { get; set; }

    /// <summary>Gets or sets the path of the operator's JSON policy file, or <see langword="null"/> for code-only policy.</summary>
    /// <remarks>
    /// A relative path is resolved against the current directory. The file is validated when the options are first built
    /// (at host start with validate-on-start) and reloaded when it changes: a valid edit applies to the next proposal, an invalid
    /// one keeps the last good policy in force and is reported through <see cref="IPolicyFileStatus"/>. See the package README
    /// and <c>policy.schema.json</c> for the format.
    /// </remarks>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? PolicyFile { get; set; }

    /// <summary>Gets or sets the policy file in force, set by the kernel when it builds the options; never set by users.</summary>
    internal PolicyDocument? LoadedPolicyFile { get; set; }

    /// <summary>Gets or sets how long an approval request waits before it expires, or <see langword="null"/> for never.</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan? ApprovalExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how long a running agent run's lease lasts beyond its longest possible model call (with retries): the
    /// time a round's tool calls may take. Once a lease runs out, another host (or this one after a restart) continues the run.</summary>
    /// <value>The default value is 5 minutes. Must be positive.</value>
    public TimeSpan AgentRunLeaseMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many times the executor tries an operation that fails transiently (a transient <see cref="ConnectorException"/> or a timeout).</summary>
    /// <value>The default value is 3. Must be between 1 and 100.</value>
    public int MaxExecutionAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay between execution attempts; it grows exponentially with jitter, unless the failure carries a
    /// <see cref="ConnectorException.RetryAfter"/>, which is waited instead.</summary>
    /// <value>The default value is 200 milliseconds. Must not be negative.</value>
    public TimeSpan ExecutionRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the longest <see cref="ConnectorException.RetryAfter"/> the executor waits for before its next attempt; a failure
    /// asking for longer is not retried now but fails as transient at once (a flow's step then waits at least that long on its retry timer).</summary>
    /// <remarks>Waiting inside an execution holds its caller (and a flow instance), so long waits are better left to a flow's retry timer.</remarks>
    /// <value>The default value is 10 seconds. Must not be negative.</value>
    public TimeSpan MaxExecutionRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the time limit of one execution attempt.</summary>
    /// <value>The default value is 30 seconds. Must be between 10 milliseconds and 1 day.</value>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the share of a connector's attempts within <see cref="ExecutionBreakerSamplingDuration"/> that must fail
    /// transiently (a transient <see cref="ConnectorException"/> or a timeout) to open its circuit.</summary>
    /// <remarks>
    /// Each connector has its own circuit, shared by all its capabilities; every attempt, first or retry, counts. While a circuit is
    /// open no call reaches the connector: executions fail at once with a transient <see cref="ConnectorException"/> saying so (a flow's
    /// step waits for its retry). After <see cref="ExecutionBreakDuration"/> one trial attempt is let through: its success closes the
    /// circuit, its failure opens it again. Non-transient failures (invalid arguments, refusals) never count.
    /// </remarks>
    /// <value>The default value is 0.5. Must be greater than 0 and at most 1.</value>
    public double ExecutionBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many attempts a connector must see within <see cref="ExecutionBreakerSamplingDuration"/> before its circuit may open.</summary>
    /// <value>The default value is 5. Must be at least 2.</value>
    public int ExecutionBreakerMinimumThroughput { get; set; } = 5;

    /// <summary>Gets or sets the window over which a connector's failed attempts are counted for its circuit.</summary>
    /// <value>The default value is 30 seconds. Must be between 500 milliseconds and 1 day.</value>
    public TimeSpan ExecutionBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a connector's open circuit stays open before a trial attempt is let through.</summary>
    /// <value>The default value is 30 seconds. Must be between 500 milliseconds and 1 day.</value>
    public TimeSpan ExecutionBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the trust ladder's settings: starting levels per agent and capability, the promotion threshold and auto-promotion.</summary>
    public TrustLadderOptions TrustLadder { get; } = new();

    /// <summary>Gets the model tiers, prices, budgets and resilience settings agents run with.</summary>
    public ModelOptions Models { get; } = new();

    /// <summary>Gets how shadow-mode proposals are scored against the operator's own actions.</summary>
    public ShadowAgreementOptions ShadowAgreement { get; } = new();

    /// <summary>Gets the approval dispatcher's settings: whether it runs and how often it looks for approved actions nobody executed yet.</summary>
    public ApprovalDispatchOptions ApprovalDispatch { get; } = new();
}
