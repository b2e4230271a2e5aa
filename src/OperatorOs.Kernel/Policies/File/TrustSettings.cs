namespace OperatorOs;

/// <summary>Represents the policy file's <c>trust</c> section: starting levels on the trust ladder, the promotion threshold and auto-promotion.</summary>
/// <remarks>Each entry replaces the code's value in <see cref="OperatorOsOptions.TrustLadder"/>; what the file leaves out keeps the code's value.</remarks>
public sealed record TrustSettings
{
    /// <summary>Gets starting levels keyed by agent name (<c>scribe</c>) or agent and capability (<c>scribe/mail.send</c>).</summary>
    public IReadOnlyDictionary<string, AgentTrustLevel> Levels { get; init; } = new Dictionary<string, AgentTrustLevel>(StringComparer.Ordinal);

    /// <summary>Gets how many clean approvals in a row suggest a promotion, or <see langword="null"/> for the code's value.</summary>
    public int? PromotionThreshold { get; init; }

    /// <summary>Gets whether suggested promotions apply at once, or <see langword="null"/> for the code's value.</summary>
    public bool? AutoPromote { get; init; }

    /// <inheritdoc/>
    public bool Equals(TrustSettings? other) =>
        other is not null
        && PromotionThreshold == other.PromotionThreshold
        && AutoPromote == other.AutoPromote
        && Levels.Count == other.Levels.Count
        && Levels.All(pair => other.Levels.TryGetValue(pair.Key, out AgentTrustLevel level) && level == pair.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Levels.Count, PromotionThreshold, AutoPromote);
}
