namespace OperatorOs;

/// <summary>What the kernel decided about a proposal before journaling anything: its policy evaluation, or why its arguments are invalid.</summary>
/// <param name="Evaluation">The policy evaluation, or <see langword="null"/> when the arguments were refused before policy.</param>
/// <param name="Invalid">Why the connector refused the arguments, or <see langword="null"/>.</param>
internal readonly record struct ProposalDecision(PolicyEvaluation? Evaluation, string? Invalid);
