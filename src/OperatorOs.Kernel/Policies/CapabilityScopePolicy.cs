namespace OperatorOs;

/// <summary>Denies what no connector offers, proposals from unknown agents, and capabilities an agent was not granted (in code or in the policy file).</summary>
internal sealed class CapabilityScopePolicy : IPolicy
{
    public const string UnknownCapabilityRule = "capability.unknown";
    public const string UnknownAgentRule = "scope.unknown-agent";
    public const string NotGrantedRule = "scope.not-granted";
    public const string GrantedRule = "scope.granted";

    private readonly IEffectivePolicySource _policy;

    public CapabilityScopePolicy(IEffectivePolicySource policy)
    {
        _policy = policy;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        ActionProposal proposal = context.Proposal;
        if (context.Capability is null)
        {
            return Decide(PolicyDecision.Deny(UnknownCapabilityRule, $"No connector offers '{proposal.Capability}'."));
        }

        if (proposal.ProposerKind != ActorKind.Agent)
        {
            return Decide(null);
        }

        if (context.Agent is not { } agent)
        {
            return Decide(PolicyDecision.Deny(UnknownAgentRule, $"'{proposal.Proposer}' is not a registered agent role."));
        }

        return Decide(_policy.Current.IsGranted(agent, proposal.Capability)
            ? PolicyDecision.Execute(GrantedRule, $"Agent '{agent.Name}' is granted '{proposal.Capability}'.")
            : PolicyDecision.Deny(NotGrantedRule, $"Agent '{agent.Name}' is not granted '{proposal.Capability}'."));
    }

    private static ValueTask<PolicyDecision?> Decide(PolicyDecision? decision) => ValueTask.FromResult(decision);
}
