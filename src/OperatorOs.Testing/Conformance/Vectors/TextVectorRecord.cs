using Microsoft.Extensions.VectorData;

namespace OperatorOs.Testing;

/// <summary>A record of the vector-store conformance suite whose vector is generated from its text at upsert (by <see cref="LetterCountEmbeddingGenerator"/>).</summary>
public sealed class TextVectorRecord
{
    /// <summary>Gets or sets the key.</summary>
    [VectorStoreKey]
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets the full-text-indexed text.</summary>
    [VectorStoreData(IsFullTextIndexed = true)]
    public string Text { get; set; } = string.Empty;

    /// <summary>Gets or sets the text the embedding is generated from.</summary>
    [VectorStoreVector(LetterCountEmbeddingGenerator.Dimensions)]
    public string? Embedding { get; set; }
}
