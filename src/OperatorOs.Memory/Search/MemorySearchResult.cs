namespace OperatorOs;

/// <summary>Represents one memory record a search found, with its relevance.</summary>
/// <param name="Record">The canonical, current record.</param>
/// <param name="Score">The relevance: higher is more relevant.</param>
public sealed record MemorySearchResult(MemoryRecord Record, double Score);
