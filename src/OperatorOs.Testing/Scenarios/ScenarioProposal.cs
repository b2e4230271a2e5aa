namespace OperatorOs.Testing;

/// <summary>One proposal made during a scenario (by an agent, a resumed agent run, a flow step or the operator) and what became of it, as the test can see it now.</summary>
/// <param name="Record">The kernel's decision record of the proposal, read back from the journal.</param>
/// <param name="Approval">The approval request as it stands now, or <see langword="null"/> when none was needed.</param>
public sealed record ScenarioProposal(DecisionRecord Record, ApprovalRequest? Approval)
{
    /// <summary>Gets the proposal id.</summary>
    public string ProposalId => Record.ProposalId;

    /// <summary>Gets the capability proposed.</summary>
    public string Capability => Record.Capability;

    /// <summary>Gets who proposed it: the agent, flow or operator.</summary>
    public string Proposer => Record.Proposer;

    /// <summary>Gets the policy decision.</summary>
    public PolicyDecision Decision => Record.Decision;

    /// <summary>Gets the summary of what the action did, or <see langword="null"/> when it has not happened.</summary>
    public string? Outcome => Approval?.Outcome?.Summary ?? Record.Outcome;
}
