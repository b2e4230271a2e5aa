namespace OperatorOs;

/// <summary>Applies the operator's default decision for the capability's risk tier (the code's defaults merged with the policy file's).</summary>
/// <remarks>
/// When the kernel registers it, it defers on agents' proposals to <see cref="TrustLadderPolicy"/>, which applies the same
/// tier default combined with the agent's trust level: the tier default alone decides only where no trust level applies
/// (proposals from flows and the operator). Built on its own (<c>deferToTrustLadder: false</c>) it rules on every proposal.
/// </remarks>
internal sealed class RiskTierPolicy : ICompiledPolicy
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

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Decide(_policy.Current, DecisionKey.Of(context)));

    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key) => PolicyStep.Fixed(Decide(policy, key));

    private PolicyDecision? Decide(EffectivePolicy policy, in DecisionKey key)
    {
        if (key.Capability is null || (_deferToTrustLadder && TrustLadderPolicy.Applies(key)))
        {
            return null;
        }

        return policy.TierDecision(policy.TierOf(key.Capability));
    }
}
