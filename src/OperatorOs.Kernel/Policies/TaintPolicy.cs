namespace OperatorOs;

/// <summary>Holds for approval any external, financial or commitment action whose arguments came from untrusted content.</summary>
/// <remarks>This is what keeps a prompt-injected inbound email from raising its own privileges.</remarks>
internal sealed class TaintPolicy : ICompiledPolicy
{
    public const string RuleId = "taint.untrusted";

    private readonly IEffectivePolicySource _policy;

    public TaintPolicy(IEffectivePolicySource policy)
    {
        _policy = policy;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Decide(_policy.Current, DecisionKey.Of(context)));

    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key) => PolicyStep.Fixed(Decide(policy, key));

    private static PolicyDecision? Decide(EffectivePolicy policy, in DecisionKey key)
    {
        if (key.Taint != TrustLevel.Untrusted || key.Capability is null)
        {
            return null;
        }

        RiskTier tier = policy.TierOf(key.Capability);
        if (tier < RiskTier.External)
        {
            return null;
        }

        return PolicyDecision.NeedsApproval(RuleId, $"The arguments derive from untrusted input and '{key.Capability.Name}' is {tier}.");
    }
}
