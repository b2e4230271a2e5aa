namespace OperatorOs;

/// <summary>Represents one memory record a search found, with its relevance.</summary>
/// <param name="Record">The canonical, current record.</param>
/// <param name="Score">The cosine similarity between the query and the record's text, from -1 to 1 (0 to 1 with the hashing embeddings).</param>
public sealed record MemorySearchResult(MemoryRecord Record, double Score);
