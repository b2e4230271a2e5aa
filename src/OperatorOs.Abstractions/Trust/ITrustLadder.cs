namespace OperatorOs;

/// <summary>The operator's view of the trust ladder: each agent's level per capability, pending promotion suggestions, and manual promotion and demotion.</summary>
/// <remarks>
/// Levels move on their own only through approvals: clean approvals count towards a promotion suggestion, a rejection or a
/// correction demotes one level. Every change is journaled in the stream <c>agent/&lt;name&gt;</c>. Implementations are thread-safe.
/// </remarks>
public interface ITrustLadder
{
    /// <summary>Gets an agent's standing for a capability; with nothing recorded, the configured starting level.</summary>
    /// <param name="agent">The agent role's name.</param>
    /// <param name="capability">The capability name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The standing.</returns>
    /// <exception cref="ArgumentException">A name is null or empty.</exception>
    Task<TrustStanding> GetAsync(string agent, string capability, CancellationToken cancellationToken = default);

    /// <summary>Lists every recorded standing, ordered by agent then capability; <see cref="TrustStanding.PromotionSuggested"/> marks the suggestions.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The recorded standings.</returns>
    Task<IReadOnlyList<TrustStanding>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Promotes an agent one level for a capability and resets its counter; at <see cref="AgentTrustLevel.Trusted"/> nothing changes.</summary>
    /// <param name="agent">The agent role's name.</param>
    /// <param name="capability">The capability name.</param>
    /// <param name="decidedBy">Who promotes.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The new standing.</returns>
    /// <exception cref="ArgumentException">A name is null or empty.</exception>
    Task<TrustStanding> PromoteAsync(string agent, string capability, string decidedBy, CancellationToken cancellationToken = default);

    /// <summary>Demotes an agent one level for a capability (down to <see cref="AgentTrustLevel.Observe"/>) and resets its counter; at Observe nothing changes.</summary>
    /// <param name="agent">The agent role's name.</param>
    /// <param name="capability">The capability name.</param>
    /// <param name="decidedBy">Who demotes.</param>
    /// <param name="reason">Why, kept in the journal.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The new standing.</returns>
    /// <exception cref="ArgumentException">A name is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is <see langword="null"/>.</exception>
    Task<TrustStanding> DemoteAsync(string agent, string capability, string decidedBy, string reason, CancellationToken cancellationToken = default);
}
