namespace OperatorOs;

/// <summary>What the stateless built-in policies read of a proposal: the capability, who proposes it and the taint of its arguments.</summary>
/// <remarks>
/// The decision table precomputes each stateless policy's verdict per key; the same policies build a key from the context when they
/// run uncompiled, so both paths decide with one piece of code. For a proposal that is not an agent's, <see cref="Proposer"/> is
/// <see langword="null"/>: no built-in policy looks at who else proposed.
/// </remarks>
/// <param name="CapabilityName">The capability the proposal names.</param>
/// <param name="Capability">The capability a connector offers under that name, or <see langword="null"/>.</param>
/// <param name="ByAgent">Whether an agent proposes.</param>
/// <param name="Proposer">The proposing agent's name, or <see langword="null"/> when no agent proposes.</param>
/// <param name="Agent">The proposing agent's registered role, or <see langword="null"/>.</param>
/// <param name="Taint">The least trusted source of the arguments.</param>
internal readonly record struct DecisionKey(string CapabilityName, CapabilityDescriptor? Capability, bool ByAgent, string? Proposer, AgentRole? Agent, TrustLevel Taint)
{
    public static DecisionKey Of(PolicyContext context)
    {
        ActionProposal proposal = context.Proposal;
        bool byAgent = proposal.ProposerKind == ActorKind.Agent;
        return new DecisionKey(proposal.Capability, context.Capability, byAgent, byAgent ? proposal.Proposer : null, context.Agent, proposal.Taint);
    }
}
