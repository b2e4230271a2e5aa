using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Carries what a policy may look at when it judges a proposal.</summary>
public sealed class PolicyContext
{
    /// <summary>Initializes a new instance of the <see cref="PolicyContext"/> class.</summary>
    /// <param name="proposal">The proposal to judge.</param>
    /// <param name="capability">The capability the proposal targets, or <see langword="null"/> when no connector offers it.</param>
    /// <param name="agent">The agent role that proposed it, or <see langword="null"/> when a flow or the operator did.</param>
    /// <exception cref="ArgumentNullException"><paramref name="proposal"/> is <see langword="null"/>.</exception>
    public PolicyContext(ActionProposal proposal, CapabilityDescriptor? capability, AgentRole? agent)
    {
        Proposal = Throw.IfNull(proposal);
        Capability = capability;
        Agent = agent;
    }

    /// <summary>Gets the proposal to judge.</summary>
    public ActionProposal Proposal { get; }

    /// <summary>Gets the capability the proposal targets, or <see langword="null"/> when no connector offers it.</summary>
    public CapabilityDescriptor? Capability { get; }

    /// <summary>Gets the agent role that proposed the action, or <see langword="null"/> when a flow or the operator did.</summary>
    public AgentRole? Agent { get; }

    /// <summary>Gets a value indicating whether the evaluation only explains what would be decided; stateful policies (rate limits, budgets) must not consume anything.</summary>
    public bool IsExplanation { get; init; }
}
