using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>A record whose vector is generated from its text at upsert.</summary>
public sealed class TextRecord
{
    [VectorStoreKey]
    public string Id { get; set; } = string.Empty;

    [VectorStoreData(IsFullTextIndexed = true)]
    public string Text { get; set; } = string.Empty;

    [VectorStoreVector(FakeEmbeddingGenerator.Dimensions)]
    public string? Embedding { get; set; }
}
