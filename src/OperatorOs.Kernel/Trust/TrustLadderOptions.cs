namespace OperatorOs;

/// <summary>Configures the trust ladder: where agents start, when promotion is suggested, and whether it applies itself.</summary>
public sealed class TrustLadderOptions
{
    /// <summary>The default number of consecutive clean approvals after which promotion is suggested.</summary>
    public const int DefaultPromotionThreshold = 10;

    /// <summary>The default of <see cref="StandingRefreshInterval"/>: 1 second.</summary>
    public static readonly TimeSpan DefaultStandingRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the level an agent starts at for a capability when <see cref="InitialLevels"/> names neither.</summary>
    /// <value>The default value is <see cref="AgentTrustLevel.Propose"/>.</value>
    public AgentTrustLevel DefaultLevel { get; set; } = AgentTrustLevel.Propose;

    /// <summary>Gets starting levels keyed by agent name (<c>triage</c>) or by agent and capability (<c>triage/mail.send</c>); the more specific key wins.</summary>
    /// <remarks>A starting level applies until the ladder records a standing (the first approval, rejection, promotion or demotion); after that the recorded level holds.</remarks>
    public IDictionary<string, AgentTrustLevel> InitialLevels { get; } = new Dictionary<string, AgentTrustLevel>(StringComparer.Ordinal);

    /// <summary>Gets or sets how many approvals in a row without edits make the ladder suggest a promotion.</summary>
    /// <value>The default value is <see cref="DefaultPromotionThreshold"/>.</value>
    public int PromotionThreshold { get; set; } = DefaultPromotionThreshold;

    /// <summary>Gets or sets a value indicating whether a suggested promotion is applied at once instead of waiting for the operator.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AutoPromote { get; set; }

    /// <summary>Gets or sets how long the decision path may use a standing it read from memory before reading it again.</summary>
    /// <remarks>
    /// The ladder's own changes (approvals, promotions and demotions through this process) apply to the next decision whatever the
    /// interval. It bounds how late a change made by another process on the same store applies here: the operator CLI deciding an
    /// approval, or promoting and demoting, is seen by a host's decisions within one interval. <see cref="TimeSpan.Zero"/> reads
    /// memory on every decision of an agent's proposal. The value is read when the ladder first caches a standing.
    /// </remarks>
    /// <value>The default value is 1 second.</value>
    public TimeSpan StandingRefreshInterval { get; set; } = DefaultStandingRefreshInterval;

    /// <summary>Returns the level an agent starts at for a capability.</summary>
    /// <param name="agent">The agent role's name.</param>
    /// <param name="capability">The capability name.</param>
    /// <returns>The configured level for the pair, else for the agent, else <see cref="DefaultLevel"/>.</returns>
    public AgentTrustLevel InitialLevel(string agent, string capability) =>
        InitialLevels.TryGetValue($"{agent}/{capability}", out AgentTrustLevel pair) ? pair
        : InitialLevels.TryGetValue(agent, out AgentTrustLevel level) ? level
        : DefaultLevel;
}
