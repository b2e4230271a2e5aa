using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>Two vectors (one generated from text), a full-text-indexed body.</summary>
public sealed class ArticleRecord
{
    [VectorStoreKey]
    public Guid Id { get; set; }

    [VectorStoreData(IsFullTextIndexed = true)]
    public string Body { get; set; } = string.Empty;

    [VectorStoreData]
    public string? Category { get; set; }

    [VectorStoreVector(4, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public Embedding<float>? Dense { get; set; }

    [VectorStoreVector(4, DistanceFunction = DistanceFunction.EuclideanDistance)]
    public float[]? Other { get; set; }
}
