namespace OperatorOs;

/// <summary>Judges action proposals. Policies are deterministic code; the kernel runs all of them and the strictest verdict wins.</summary>
/// <remarks>Implementations must be thread-safe: the kernel calls them concurrently.</remarks>
public interface IPolicy
{
    /// <summary>Judges a proposal.</summary>
    /// <param name="context">The proposal and what is known about it.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The policy's decision, or <see langword="null"/> when the policy has no opinion on this proposal.</returns>
    ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default);
}
