namespace OperatorOs;

/// <summary>Collects what one call did: the proposal results of the steps it ran, for an intent's result.</summary>
internal sealed class FlowTurn
{
    public List<ProposalResult> Proposals { get; } = [];
}
