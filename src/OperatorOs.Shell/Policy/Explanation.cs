namespace OperatorOs.Shell;

/// <summary>What <c>opos policy explain</c> found: the kernel's evaluation, and what it was given to judge.</summary>
/// <param name="Proposal">The proposal judged.</param>
/// <param name="Tier">The capability's risk tier, or <see langword="null"/> when none was given (the kernel then treats the capability as unknown).</param>
/// <param name="TrustFromDatabase">Whether agents' trust standings were read from a host's database.</param>
/// <param name="Evaluation">Every rule's verdict and the final decision.</param>
internal sealed record Explanation(ActionProposal Proposal, RiskTier? Tier, bool TrustFromDatabase, PolicyEvaluation Evaluation);
