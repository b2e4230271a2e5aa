using System.Globalization;

namespace OperatorOs;

/// <summary>Sends an agent's proposal to the operator when the agent was less confident than its role's escalation threshold and had no larger tier left to ask.</summary>
internal sealed class AgentEscalationPolicy : ICompiledPolicy
{
    public const string RuleId = "agent-escalation";

    private readonly AgentRegistry _agents;

    public AgentEscalationPolicy(AgentRegistry agents)
    {
        _agents = agents;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        ActionProposal proposal = context.Proposal;
        if (proposal.ProposerKind != ActorKind.Agent || _agents.Find(proposal.Proposer)?.Escalation is not { } escalation ||
            proposal.Confidence >= escalation.ConfidenceThreshold)
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        string confidence = proposal.Confidence.ToString("0.###", CultureInfo.InvariantCulture);
        string threshold = escalation.ConfidenceThreshold.ToString("0.###", CultureInfo.InvariantCulture);
        return ValueTask.FromResult<PolicyDecision?>(PolicyDecision.NeedsApproval(
            RuleId, $"Agent '{proposal.Proposer}' was {confidence} confident, below its escalation threshold of {threshold}; the operator decides."));
    }

    // The verdict depends on the proposal's confidence: the policy runs for agents whose role escalates. The registry's roles
    // follow the policy in force, which the table is built for.
    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key) =>
        key.ByAgent && _agents.Find(key.Proposer!)?.Escalation is not null ? PolicyStep.Run : PolicyStep.Fixed(null);
}
