namespace OperatorOs;

/// <summary>What an agent did with an intent: the proposals it made and its final reply.</summary>
internal sealed record AgentRun(IReadOnlyList<ProposalResult> Proposals, string? Response, string? ModelId);
