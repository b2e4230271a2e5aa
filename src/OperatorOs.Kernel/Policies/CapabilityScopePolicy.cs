namespace OperatorOs;

/// <summary>Denies what no connector offers, proposals from unknown agents, and capabilities an agent was not granted (in code or in the policy file).</summary>
internal sealed class CapabilityScopePolicy : ICompiledPolicy
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

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Decide(_policy.Current, DecisionKey.Of(context)));

    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key) => PolicyStep.Fixed(Decide(policy, key));

    private static PolicyDecision? Decide(EffectivePolicy policy, in DecisionKey key)
    {
        if (key.Capability is null)
        {
            return PolicyDecision.Deny(UnknownCapabilityRule, $"No connector offers '{key.CapabilityName}'.");
        }

        if (!key.ByAgent)
        {
            return null;
        }

        if (key.Agent is not { } agent)
        {
            return PolicyDecision.Deny(UnknownAgentRule, $"'{key.Proposer}' is not a registered agent role.");
        }

        return policy.IsGranted(agent, key.CapabilityName)
            ? PolicyDecision.Execute(GrantedRule, $"Agent '{agent.Name}' is granted '{key.CapabilityName}'.")
            : PolicyDecision.Deny(NotGrantedRule, $"Agent '{agent.Name}' is not granted '{key.CapabilityName}'.");
    }
}
