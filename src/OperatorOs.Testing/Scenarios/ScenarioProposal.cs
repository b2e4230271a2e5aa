namespace OperatorOs.Testing;

/// <summary>One proposal made during a scenario and what became of it, as the test can see it now.</summary>
/// <param name="Result">What the kernel answered when the proposal was made.</param>
/// <param name="Approval">The approval request as it stands now, or <see langword="null"/> when none was needed.</param>
public sealed record ScenarioProposal(ProposalResult Result, ApprovalRequest? Approval)
{
    /// <summary>Gets the capability proposed.</summary>
    public string Capability => Result.Proposal.Capability;

    /// <summary>Gets the policy decision, or <see langword="null"/> when the proposal was invalid.</summary>
    public PolicyDecision? Decision => Result.Evaluation?.Decision;
}
