namespace OperatorOs;

/// <summary>Applies the operator's default decision for the capability's risk tier (the code's defaults merged with the policy file's).</summary>
internal sealed class RiskTierPolicy : IPolicy
{
    private readonly IEffectivePolicySource _policy;

    public RiskTierPolicy(IEffectivePolicySource policy)
    {
        _policy = policy;
    }

    public static string RuleId(RiskTier tier) => $"risk-tier.{tier.ToString().ToLowerInvariant()}";

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        if (context.Capability is null)
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        EffectivePolicy policy = _policy.Current;
        return ValueTask.FromResult<PolicyDecision?>(policy.TierDecision(policy.TierOf(context.Capability)));
    }
}
