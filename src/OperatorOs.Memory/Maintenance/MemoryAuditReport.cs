namespace OperatorOs;

/// <summary>Represents a memory audit: what memory holds, how old it is, and what looks wrong.</summary>
/// <param name="GeneratedAt">When the audit ran.</param>
/// <param name="Kinds">The figures per kind.</param>
/// <param name="ContradictedFacts">Fact keys whose value a later version by another actor changed (an operator correcting an agent, say), most recently changed first.</param>
/// <param name="VersionsWithoutInputs">Versions written by an agent, flow, connector or the system that name no inputs they were derived from.</param>
/// <param name="IndexEntriesWithoutRecord">Index entries whose record is gone or was superseded, or <see langword="null"/> when no index was audited.</param>
public sealed record MemoryAuditReport(
    DateTimeOffset GeneratedAt,
    IReadOnlyDictionary<MemoryKind, MemoryKindAudit> Kinds,
    IReadOnlyList<string> ContradictedFacts,
    int VersionsWithoutInputs,
    int? IndexEntriesWithoutRecord)
{
    /// <summary>Gets the number of fact keys whose value changed only in versions by the actor who wrote the version before (counters, standings, tallies kept up to date).</summary>
    public int FactsRevisedByTheirAuthor { get; init; }
}
