using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Testing;

/// <summary>A record of the vector-store conformance suite with two vectors (cosine and Euclidean) and a full-text-indexed body.</summary>
public sealed class ArticleVectorRecord
{
    /// <summary>Gets or sets the key.</summary>
    [VectorStoreKey]
    public Guid Id { get; set; }

    /// <summary>Gets or sets the full-text-indexed body.</summary>
    [VectorStoreData(IsFullTextIndexed = true)]
    public string Body { get; set; } = string.Empty;

    /// <summary>Gets or sets the category.</summary>
    [VectorStoreData]
    public string? Category { get; set; }

    /// <summary>Gets or sets the dense vector, compared by cosine similarity.</summary>
    [VectorStoreVector(4, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public Embedding<float>? Dense { get; set; }

    /// <summary>Gets or sets the other vector, compared by Euclidean distance.</summary>
    [VectorStoreVector(4, DistanceFunction = DistanceFunction.EuclideanDistance)]
    public float[]? Other { get; set; }
}
