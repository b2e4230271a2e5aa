namespace OperatorOs;

/// <summary>Represents what the kernel did with a proposal.</summary>
/// <param name="Proposal">The proposal.</param>
/// <param name="Status">What became of it.</param>
/// <param name="Evaluation">Every policy's verdict and the final decision, or <see langword="null"/> when the proposal was invalid.</param>
public sealed record ProposalResult(ActionProposal Proposal, ProposalStatus Status, PolicyEvaluation? Evaluation)
{
    /// <summary>Gets the approval id when the proposal waits for the operator.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>Gets the operation's result when the proposal was executed.</summary>
    public OperationResult? Outcome { get; init; }

    /// <summary>Gets the error message when the proposal was invalid or its operation failed.</summary>
    public string? Error { get; init; }
}
