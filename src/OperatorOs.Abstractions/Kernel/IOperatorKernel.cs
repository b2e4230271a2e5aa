namespace OperatorOs;

/// <summary>The one path to a side effect: intents come in, proposals are judged by policy, and only approved actions reach a connector.</summary>
/// <remarks>Implementations are thread-safe. Every step is appended to the <see cref="Journal"/>.</remarks>
public interface IOperatorKernel
{
    /// <summary>Routes an intent to its agent or flow and governs every action it proposes.</summary>
    /// <param name="intent">The intent.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Where the intent went and what came of its proposals.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="intent"/> is <see langword="null"/>.</exception>
    Task<IntentResult> SubmitAsync(Intent intent, CancellationToken cancellationToken = default);

    /// <summary>Governs one proposal: validate, judge, then execute, queue for approval, shadow or deny.</summary>
    /// <param name="proposal">The proposal.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>What became of the proposal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="proposal"/> is <see langword="null"/>.</exception>
    Task<ProposalResult> ProposeAsync(ActionProposal proposal, CancellationToken cancellationToken = default);

    /// <summary>Shows what policy would decide on a proposal, rule by rule, without doing or recording anything.</summary>
    /// <param name="proposal">The proposal.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Every policy's verdict and the final decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="proposal"/> is <see langword="null"/>.</exception>
    Task<PolicyEvaluation> ExplainAsync(ActionProposal proposal, CancellationToken cancellationToken = default);
}
