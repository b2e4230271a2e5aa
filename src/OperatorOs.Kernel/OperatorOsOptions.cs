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

    /// <summary>Gets or sets how many times the executor tries an operation that fails transiently.</summary>
    /// <value>The default value is 3.</value>
    public int MaxExecutionAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay between execution attempts; it grows exponentially with jitter.</summary>
    /// <value>The default value is 200 milliseconds.</value>
    public TimeSpan ExecutionRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the time limit of one execution attempt.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the trust ladder's settings: starting levels per agent and capability, the promotion threshold and auto-promotion.</summary>
    public TrustLadderOptions TrustLadder { get; } = new();

    /// <summary>Gets the model tiers, prices, budgets and resilience settings agents run with.</summary>
    public ModelOptions Models { get; } = new();

    /// <summary>Gets how shadow-mode proposals are scored against the operator's own actions.</summary>
    public ShadowAgreementOptions ShadowAgreement { get; } = new();

    /// <summary>Gets the approval dispatcher's settings: whether it runs and how often it looks for approved actions nobody executed yet.</summary>
    public ApprovalDispatchOptions ApprovalDispatch { get; } = new();
}
