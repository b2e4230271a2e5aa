namespace OperatorOs;

/// <summary>Applies the operator's default decision for the capability's risk tier (the code's defaults merged with the policy file's).</summary>
/// <remarks>
/// When the kernel registers it, it defers on agents' proposals to <see cref="TrustLadderPolicy"/>, which applies the same
/// tier default combined with the agent's trust level: the tier default alone decides only where no trust level applies
/// (proposals from flows and the operator). Built on its own (<c>deferToTrustLadder: false</c>) it rules on every proposal.
/// </remarks>
internal sealed class RiskTierPolicy : IPolicy
{
    private readonly IEffectivePolicySource _policy;
    private readonly bool _deferToTrustLadder;

    public RiskTierPolicy(IEffectivePolicySource policy)
        : this(policy, deferToTrustLadder: false)
    {
    }

    public RiskTierPolicy(IEffectivePolicySource policy, bool deferToTrustLadder)
    {
        _policy = policy;
        _deferToTrustLadder = deferToTrustLadder;
    }

    public static string RuleId(RiskTier tier) => $"risk-tier.{tier.ToString().ToLowerInvariant()}";

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        if (context.Capability is null || (_deferToTrustLadder && TrustLadderPolicy.Applies(context)))
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        EffectivePolicy policy = _policy.Current;
        return ValueTask.FromResult<PolicyDecision?>(policy.TierDecision(policy.TierOf(context.Capability)));
    }
}
