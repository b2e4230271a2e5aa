namespace OperatorOs;

/// <summary>Holds for approval any external, financial or commitment action whose arguments came from untrusted content.</summary>
/// <remarks>This is what keeps a prompt-injected inbound email from raising its own privileges.</remarks>
internal sealed class TaintPolicy : IPolicy
{
    public const string RuleId = "taint.untrusted";

    private readonly IEffectivePolicySource _policy;

    public TaintPolicy(IEffectivePolicySource policy)
    {
        _policy = policy;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        if (context.Proposal.Taint != TrustLevel.Untrusted || context.Capability is null)
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        RiskTier tier = _policy.Current.TierOf(context.Capability);
        if (tier < RiskTier.External)
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        return ValueTask.FromResult<PolicyDecision?>(PolicyDecision.NeedsApproval(
            RuleId,
            $"The arguments derive from untrusted input and '{context.Capability.Name}' is {tier}."));
    }
}
