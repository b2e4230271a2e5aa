namespace OperatorOs;

/// <summary>What memory held for one (agent, capability) standing when it was last read or written, stamped with the cache epoch it was read in.</summary>
/// <remarks>
/// Only the recorded facts are kept, not the level they resolve to: with nothing recorded the starting level applies, and an unreadable
/// value falls back to a level derived from it, and both come from the policy in force, which a reload may change.
/// </remarks>
/// <param name="Recorded">Whether memory holds a standing for the pair.</param>
/// <param name="ReadLevel">The recorded level, or <see langword="null"/> when nothing is recorded or the value could not be read.</param>
/// <param name="Version">The record's version, 0 when nothing is recorded.</param>
/// <param name="Epoch">The cache epoch in which the read began (or the write completed); the snapshot is used only while that epoch lasts.</param>
internal sealed record TrustSnapshot(bool Recorded, AgentTrustLevel? ReadLevel, int Version, long Epoch)
{
    /// <summary>Resolves the level a decision uses.</summary>
    /// <param name="initial">The starting level for the pair under the policy in force.</param>
    /// <param name="fallback">The level an unreadable value counts as under the policy in force.</param>
    public AgentTrustLevel Level(AgentTrustLevel initial, AgentTrustLevel fallback) =>
        !Recorded ? initial : ReadLevel ?? fallback;

    public static TrustSnapshot Of(MemoryRecord? record, long epoch) =>
        record is null
            ? new TrustSnapshot(false, null, 0, epoch)
            : new TrustSnapshot(true, TrustFact.TryReadLevel(record.Value, out AgentTrustLevel level) ? level : null, record.Version, epoch);
}
