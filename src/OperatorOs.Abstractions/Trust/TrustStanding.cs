namespace OperatorOs;

/// <summary>Represents where an agent stands on the trust ladder for one capability.</summary>
/// <param name="Agent">The agent role's name.</param>
/// <param name="Capability">The capability name.</param>
/// <param name="Level">The current trust level.</param>
public sealed record TrustStanding(string Agent, string Capability, AgentTrustLevel Level)
{
    /// <summary>Gets how many of the agent's proposals for the capability the operator approved in a row without editing them.</summary>
    public int ConsecutiveCleanApprovals { get; init; }

    /// <summary>Gets a value indicating whether the ladder suggests promoting the agent one level; the operator confirms with <see cref="ITrustLadder.PromoteAsync"/>.</summary>
    public bool PromotionSuggested { get; init; }

    /// <summary>Gets the version of the memory record that holds the standing, or 0 when nothing is recorded yet and the configured level applies.</summary>
    public int Version { get; init; }

    /// <summary>Gets when the standing was last recorded, or <see langword="null"/> when nothing is recorded yet.</summary>
    public DateTimeOffset? RecordedAt { get; init; }
}
